"""How a status window's count splits into whole minutes (from the rollup) and two edges
(from the events table). Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.events.retention import FiredAtRange

MINUTE = timedelta(minutes=1)


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
