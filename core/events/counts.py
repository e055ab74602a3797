"""eventCounts from a per-minute rollup, exact to the microsecond.

Counting a status window straight from the events table reads every event in it, far too slow
at 10 million events (docs/performance.md, "Retention at 10 million events"). Each transaction that writes events also adds them to `event_counts` (trigger,
minute of fired_at), so the counts commit or roll back with the events. A window is then the sum
of its whole minutes from the rollup plus, from the events table through its (fired_at, id)
index, the events of the partial minutes at its two edges: never more than two minutes of
events, whatever the table's size. Rows for minutes past retention are removed by the sweep.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core.errors import UserErrors
from core.events.count_windows import RateBucket, count_plan, rate_buckets, rate_errors
from core.events.retention import EventStatus, RetentionWindows, fired_at_range
from core.storage import event_counts


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
    active = await event_counts.counts_in_window(
        count_plan(fired_at_range(EventStatus.ACTIVE, now=now, windows=windows))
    )
    archived = await event_counts.counts_in_window(
        count_plan(fired_at_range(EventStatus.ARCHIVED, now=now, windows=windows))
    )
    seen = [t for t in {*active, *archived} if active[t] or archived[t]]
    names = await event_counts.trigger_names(seen)
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
    size = timedelta(seconds=bucket_seconds)
    counts: Counter[int] = Counter()
    for minute, total in await event_counts.per_minute(since=starts[0], trigger_id=trigger_id):
        counts[(minute - starts[0]) // size] += total
    return [RateBucket(start, counts[i]) for i, start in enumerate(starts)]
