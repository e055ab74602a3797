"""eventCounts from a per-minute rollup, exact to the microsecond.

Counting a status window straight from the events table reads every event in it: 2.8 s at 10
million events. Each transaction that writes events also adds them to `event_counts` (trigger,
minute of fired_at), so the counts commit or roll back with the events. A window is then the sum
of its whole minutes from the rollup plus, from the events table through its (fired_at, id)
index, the events of the partial minutes at its two edges: never more than two minutes of
events, whatever the table's size. Rows for minutes past retention are removed by the sweep.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.functions import Count, Sum

from core.errors import UserError, UserErrors, invalid
from core.events import StoredEvent
from core.models import Event, EventCount, Trigger
from core.retention import EventStatus, FiredAtRange, RetentionWindows, fired_at_range

MINUTE = timedelta(minutes=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def minute_of(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class EdgeRange:
    """fired_at > after / >= since, and fired_at < before / <= until (each bound if set)."""

    after: datetime | None
    before: datetime | None = None
    until: datetime | None = None
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class CountPlan:
    """Whole minutes [first_minute, end_minute) from the rollup (end None: no end), plus edges."""

    first_minute: datetime | None
    end_minute: datetime | None
    edges: tuple[EdgeRange, ...]


def count_plan(window: FiredAtRange) -> CountPlan:
    """How to count events with window.newer_than < fired_at <= window.not_after."""
    low, high = window.newer_than, window.not_after
    # The first minute lying wholly above `low` (a minute starting exactly at `low` does not:
    # an event fired at `low` itself is outside).
    first = minute_of(low) + MINUTE
    if high is None:
        return CountPlan(first, None, (EdgeRange(after=low, before=first),))
    end = minute_of(high)  # minutes before this one end at or before `high`
    if end <= first:
        return CountPlan(None, None, (EdgeRange(after=low, until=high),))
    # The upper edge starts where the whole minutes end.
    return CountPlan(
        first,
        end,
        (EdgeRange(after=low, before=first), EdgeRange(after=None, since=end, until=high)),
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


async def _count_window(window: FiredAtRange) -> Counter[UUID]:
    plan = count_plan(window)
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


@dataclass(frozen=True, slots=True)
class TriggerEventCount:
    trigger_id: UUID
    trigger_name: str
    active: int
    archived: int


async def count_events_by_trigger(
    *, now: datetime, windows: RetentionWindows
) -> list[TriggerEventCount]:
    """Active and archived (non-test) events per trigger, over the retention window.

    A deleted trigger still counts, under the name its newest event carries.
    """
    active = await _count_window(fired_at_range(EventStatus.ACTIVE, now=now, windows=windows))
    archived = await _count_window(fired_at_range(EventStatus.ARCHIVED, now=now, windows=windows))
    seen = [t for t in {*active, *archived} if active[t] or archived[t]]
    names = {t.id: t.name for t in await Trigger.filter(id__in=seen)}
    for trigger_id in seen:
        if trigger_id not in names:
            newest = await Event.filter(trigger_id=trigger_id).order_by("-fired_at").first()
            names[trigger_id] = newest.trigger_name if newest else ""
    return sorted(
        (
            TriggerEventCount(
                trigger_id=t,
                trigger_name=names[t],
                active=active[t],
                archived=archived[t],
            )
            for t in seen
        ),
        key=lambda c: c.trigger_name,
    )


_PG_ADD = (
    "INSERT INTO event_counts (trigger_id, minute, n)"
    " SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[])"
    " ON CONFLICT (trigger_id, minute) DO UPDATE SET n = event_counts.n + EXCLUDED.n"
)
_SQLITE_ADD = (
    "INSERT INTO event_counts (trigger_id, minute, n) VALUES (?, ?, ?)"
    " ON CONFLICT (trigger_id, minute) DO UPDATE SET n = n + excluded.n"
)


async def add_to_counts(conn: Any, stored: Sequence[StoredEvent], *, postgres: bool) -> None:
    """Inside the transaction that wrote these events (only those actually inserted)."""
    per_minute: Counter[tuple[UUID, datetime]] = Counter(
        (event.trigger_id, minute_of(event.fired_at))
        for event in stored
        if event.trigger_id is not None and not event.is_test
    )
    if not per_minute:
        return
    if postgres:
        keys = list(per_minute)
        await conn.execute_query(
            _PG_ADD,
            [[k[0] for k in keys], [k[1] for k in keys], [per_minute[k] for k in keys]],
        )
        return
    fields = EventCount._meta.fields_map
    for (trigger_id, minute), n in per_minute.items():
        await conn.execute_query(
            _SQLITE_ADD,
            [
                fields["trigger_id"].to_db_value(trigger_id, EventCount),
                fields["minute"].to_db_value(minute, EventCount),
                n,
            ],
        )


async def forget_minutes_before(cutoff: datetime) -> int:
    """Rollup rows wholly past retention (called by the sweep)."""
    return await EventCount.filter(minute__lt=minute_of(cutoff)).delete()


# eventRate: buckets are whole minutes of the rollup, so a bucket is a whole number of minutes,
# up to a day; one answer holds at most this many buckets (two days of minutes by default).
BUCKET_SECONDS_MAX = 86_400
BUCKETS_MAX = 10_000


@dataclass(frozen=True, slots=True)
class RateBucket:
    start: datetime
    count: int


def rate_errors(bucket_seconds: int) -> list[UserError]:
    if bucket_seconds < 60 or bucket_seconds > BUCKET_SECONDS_MAX or bucket_seconds % 60:
        return [
            invalid(
                f"bucketSeconds must be a multiple of 60 between 60 and {BUCKET_SECONDS_MAX}",
                "bucketSeconds",
            )
        ]
    return []


def rate_buckets(
    *, since: datetime, now: datetime, bucket_seconds: int, windows: RetentionWindows
) -> list[datetime]:
    """The buckets' starts, oldest first: aligned to multiples of bucket_seconds since the
    epoch (a chart redrawn a minute later shows the same buckets), from the one holding `since`
    (no earlier than retention: older minutes are gone) to the one holding `now`."""
    earliest = minute_of(now - windows.retention) + MINUTE
    since = max(since, earliest)
    if since > now:
        return []
    size = timedelta(seconds=bucket_seconds)
    first = EPOCH + ((since - EPOCH) // size) * size
    count = (now - first) // size + 1
    if count > BUCKETS_MAX:
        raise UserErrors(
            [
                invalid(
                    f"at most {BUCKETS_MAX} buckets: choose a larger bucketSeconds", "bucketSeconds"
                )
            ]
        )
    return [first + i * size for i in range(count)]


async def event_rate(
    *,
    trigger_id: UUID | None,
    since: datetime,
    now: datetime,
    bucket_seconds: int,
    windows: RetentionWindows,
) -> list[RateBucket]:
    """Non-test events per bucket from the per-minute rollup, every bucket present (zero when
    none fired), oldest first. Whole minutes: a bucket counts every event of its minutes, so the
    first one may hold events fired in its minutes before `since`."""
    errors = rate_errors(bucket_seconds)
    if errors:
        raise UserErrors(errors)
    starts = rate_buckets(since=since, now=now, bucket_seconds=bucket_seconds, windows=windows)
    if not starts:
        return []
    query = EventCount.filter(minute__gte=starts[0])
    if trigger_id is not None:
        query = query.filter(trigger_id=trigger_id)
    rows = await query.group_by("minute").annotate(total=Sum("n")).values("minute", "total")
    size = timedelta(seconds=bucket_seconds)
    counts: Counter[int] = Counter()
    for row in rows:
        minute = row["minute"]
        if isinstance(minute, str):  # SQLite hands grouped datetimes back as text
            minute = datetime.fromisoformat(minute)
        counts[(minute - starts[0]) // size] += int(row["total"] or 0)
    return [RateBucket(start, counts[i]) for i, start in enumerate(starts)]
