"""The per-minute rollup of events (event_counts): kept in the events' own transaction, read
for eventCounts, trimmed by the sweep. Why it exists: core/events/counts.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.functions import Count, Sum

from core.events.count_windows import CountPlan, EdgeRange, minute_of
from core.events.records import StoredEvent
from core.storage.models import Event, EventCount, Trigger

_ADD = (
    "INSERT INTO event_counts (trigger_id, minute, n)"
    " SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[])"
    " ON CONFLICT (trigger_id, minute) DO UPDATE SET n = event_counts.n + EXCLUDED.n"
)


async def add_to_counts(conn: Any, stored: Sequence[StoredEvent]) -> None:
    """Inside the transaction that wrote these events (only those actually inserted)."""
    per_minute: Counter[tuple[UUID, datetime]] = Counter(
        (event.trigger_id, minute_of(event.fired_at))
        for event in stored
        if event.trigger_id is not None and not event.is_test
    )
    if not per_minute:
        return
    keys = list(per_minute)
    await conn.execute_query(
        _ADD,
        [[k[0] for k in keys], [k[1] for k in keys], [per_minute[k] for k in keys]],
    )


def _edge_filter(edge: EdgeRange) -> dict[str, Any]:
    criteria: dict[str, Any] = {}
    if edge.after is not None:
        criteria["fired_at__gt"] = edge.after
    if edge.since is not None:
        criteria["fired_at__gte"] = edge.since
    if edge.before is not None:
        criteria["fired_at__lt"] = edge.before
    if edge.until is not None:
        criteria["fired_at__lte"] = edge.until
    return criteria


async def counts_in_window(plan: CountPlan) -> Counter[UUID]:
    """Non-test events per trigger: whole minutes from the rollup, edges from the events."""
    counts: Counter[UUID] = Counter()
    if plan.first_minute is not None:
        whole = EventCount.filter(minute__gte=plan.first_minute)
        if plan.end_minute is not None:
            whole = whole.filter(minute__lt=plan.end_minute)
        for row in (
            await whole.group_by("trigger_id")
            .annotate(total=Sum("n"))
            .values("trigger_id", "total")
        ):
            counts[UUID(str(row["trigger_id"]))] += int(row["total"] or 0)
    for edge in plan.edges:
        rows = (
            await Event.filter(
                is_test=False,
                trigger_id__isnull=False,
                **_edge_filter(edge),
            )
            .group_by("trigger_id")
            .annotate(total=Count("id"))
            .values("trigger_id", "total")
        )
        for row in rows:
            counts[UUID(str(row["trigger_id"]))] += int(row["total"])
    return counts


async def trigger_names(trigger_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Each trigger's name; a deleted trigger's is the one its newest event carries."""
    wanted = list(trigger_ids)
    names = {t.id: t.name for t in await Trigger.filter(id__in=wanted)}
    for trigger_id in wanted:
        if trigger_id not in names:
            newest = await Event.filter(trigger_id=trigger_id).order_by("-fired_at").first()
            names[trigger_id] = newest.trigger_name if newest else ""
    return names


async def forget_minutes_before(cutoff: datetime) -> int:
    """Rollup rows wholly past retention (called by the sweep)."""
    return await EventCount.filter(minute__lt=minute_of(cutoff)).delete()
