"""The per-minute rollup of events (event_counts), read for eventCounts and trimmed by the
sweep; the append adds to it in the events' own transaction (core/storage/event_log.py).
Why it exists: core/events/counts.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.functions import Count, Sum

from core.events.count_windows import CountPlan, EdgeRange, minute_of
from core.storage.models import Event, EventCount, Trigger
from core.storage.read_bounds import bounded


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
    async with bounded():
        return await _counts_in_window(plan)


async def _counts_in_window(plan: CountPlan) -> Counter[UUID]:
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
    async with bounded():
        names = {t.id: t.name for t in await Trigger.filter(id__in=wanted)}
        for trigger_id in wanted:
            if trigger_id not in names:
                newest = await Event.filter(trigger_id=trigger_id).order_by("-fired_at").first()
                names[trigger_id] = newest.trigger_name if newest else ""
    return names


async def per_minute(*, since: datetime, trigger_id: UUID | None) -> list[tuple[datetime, int]]:
    """Non-test events per minute from `since` (one trigger's, or all triggers' summed)."""
    query = EventCount.filter(minute__gte=since)
    if trigger_id is not None:
        query = query.filter(trigger_id=trigger_id)
    async with bounded() as connection:
        rows = (
            await query.using_db(connection)
            .group_by("minute")
            .annotate(total=Sum("n"))
            .values("minute", "total")
        )
    return [(row["minute"], int(row["total"] or 0)) for row in rows]


async def forget_minutes_before(cutoff: datetime) -> int:
    """Rollup rows wholly past retention (called by the sweep)."""
    return await EventCount.filter(minute__lt=minute_of(cutoff)).delete()
