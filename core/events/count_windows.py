"""How a status window's count splits into whole minutes (from the rollup) and two edges
(from the events table), and which buckets an eventRate answer has. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.errors import UserError, UserErrors, invalid
from core.events.retention import FiredAtRange, RetentionWindows

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


# Trigger.eventCount: how far back a count may reach, and where it starts without `since`.
EVENT_COUNT_REACH = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class CountStart:
    """A count from `since` on: whole minutes from first_whole_minute, the rest of the minute
    `since` falls in from the events."""

    since: datetime
    first_whole_minute: datetime


def event_count_start(requested: datetime | None, *, now: datetime) -> CountStart:
    """Trigger.eventCount(since): the requested time, or EVENT_COUNT_REACH ago when none is
    given or it lies further back (the rollup and the events' index answer for that much)."""
    floor = now - EVENT_COUNT_REACH
    since = floor if requested is None or requested < floor else requested
    minute = minute_of(since)
    return CountStart(since, minute if minute == since else minute + MINUTE)
