"""Schedule rules of scheduled triggers: validation and next firing times. Pure: `now` is given.

Cron is evaluated on local wall-clock time in the schedule's time zone and mapped to UTC the way
EventBridge does: a local time that does not exist (spring forward) is skipped, and one that
occurs twice (autumn) fires once, at its first occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from time import perf_counter
from zoneinfo import ZoneInfo, available_timezones

from croniter import CroniterBadDateError, croniter

from core.errors import UserError, UserErrors, invalid

EVERY_SECONDS_MAX = 366 * 24 * 3600
IN_SECONDS_MAX = 10 * 366 * 24 * 3600
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# A cron that matches nothing (e.g. 30 February) must not loop forever; with gaps skipped in
# one step (below), 10,000 wall times are never needed to find 100 firing times.
CRON_SEARCH_LIMIT = 10_000
# Firing times are looked for this far ahead at most: 5th-Monday-of-February crons match every
# 28-40 years, and a list of 100 of them would otherwise search 2,800 years.
HORIZON_YEARS = 100
# Times a schedule may name. Far from datetime's year 1 and 9999, so that offsets, intervals
# (everySeconds up to a year, 100 at a time) and the horizon above never leave its range.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# The end of every search: later times are never computed.
SEARCH_END = LATEST + timedelta(days=366 * (HORIZON_YEARS + 1))
# Firing times listed per call (previewSchedule, upcoming), and the time spent finding them: a
# hundred times of a sparse cron ("0 0 31 1-12/11 1#5") take long to find, and one GraphQL request
# can ask for 30 lists.
COUNT_MAX = 100
LIST_SECONDS = 0.02
ZONE_NAME_MAX_BYTES = 255
CRON_MAX_CHARS = 200
KINDS = ("at", "inSeconds", "cron", "everySeconds")


@dataclass(frozen=True, slots=True)
class ScheduleInput:
    at: datetime | None = None
    in_seconds: int | None = None
    cron: str | None = None
    every_seconds: int | None = None
    timezone: str = "UTC"
    start_at: datetime | None = None
    end_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Schedule:
    at: datetime | None = None
    cron: str | None = None
    every_seconds: int | None = None
    timezone: str = "UTC"
    start_at: datetime | None = None
    end_at: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "at": _iso(self.at),
            "cron": self.cron,
            "every_seconds": self.every_seconds,
            "timezone": self.timezone,
            "start_at": _iso(self.start_at),
            "end_at": _iso(self.end_at),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Schedule:
        every = data.get("every_seconds")
        cron = data.get("cron")
        return cls(
            at=_parse(data.get("at")),
            cron=cron if isinstance(cron, str) else None,
            every_seconds=every if isinstance(every, int) else None,
            timezone=str(data.get("timezone") or "UTC"),
            start_at=_parse(data.get("start_at")),
            end_at=_parse(data.get("end_at")),
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def cron_fields(expression: str) -> int:
    return len(expression.split())


def _is_random_or_hashed(part: str) -> bool:
    head = part.upper().split("/", 1)[0]
    return head in {"R", "H"} or head.startswith(("R(", "H("))


def validate_cron(expression: str) -> str | None:
    """The problem with a cron expression, or None when it is valid."""
    if len(expression) > CRON_MAX_CHARS:
        return f"cron must be at most {CRON_MAX_CHARS} characters"
    fields = cron_fields(expression)
    if fields not in (5, 6):
        return f"cron must have 5 fields (or 6 with leading seconds), got {fields}"
    if any(_is_random_or_hashed(part) for part in re.split(r"[\s,]+", expression.strip())):
        # croniter's R (random) and H (hashed) fields would give a schedule whose times change
        # every time they are computed: previews, the scheduler and each worker would disagree.
        return "cron fields R (random) and H (hashed) are not supported: name the times"
    try:
        iterator = croniter(expression, datetime(2000, 1, 1), second_at_beginning=fields == 6)
        iterator.get_next(datetime)
    except CroniterBadDateError:
        return "cron expression never matches a date (e.g. 30 February)"
    except (ValueError, KeyError, TypeError) as error:
        return f"invalid cron expression: {error}"
    return None


def validate_schedule(
    raw: ScheduleInput, *, now: datetime, field: tuple[str, ...] = ("schedule",)
) -> Schedule | list[UserError]:
    errors: list[UserError] = []
    given = [
        name
        for name, value in zip(
            KINDS, (raw.at, raw.in_seconds, raw.cron, raw.every_seconds), strict=True
        )
        if value is not None
    ]
    if len(given) != 1:
        which = f" (got {', '.join(given)})" if given else ""
        errors.append(
            invalid(f"give exactly one of at, inSeconds, cron, everySeconds{which}", *field)
        )
    zone_name = raw.timezone
    if not is_known_zone(zone_name):
        shown = str(zone_name)
        shown = shown if len(shown) <= 64 else shown[:64] + "..."
        errors.append(
            invalid(
                f"unknown time zone {shown!r}; use an IANA name such as Europe/Paris",
                *field,
                "timezone",
            )
        )
    # Each time is used below only once known to be aware and in range: comparing or converting
    # year 1 or 9999 with an offset overflows.
    at = _usable_time("at", "at", raw.at, field, errors)
    start = _usable_time("start_at", "startAt", raw.start_at, field, errors)
    end = _usable_time("end_at", "endAt", raw.end_at, field, errors)
    if raw.in_seconds is not None:
        if not 1 <= raw.in_seconds <= IN_SECONDS_MAX:
            errors.append(
                invalid(f"inSeconds must be between 1 and {IN_SECONDS_MAX}", *field, "in_seconds")
            )
        else:
            at = now + timedelta(seconds=raw.in_seconds)
    elif at is not None and at < now:
        errors.append(invalid("at is in the past", *field, "at"))
    if raw.cron is not None:
        problem = validate_cron(raw.cron)
        if problem:
            errors.append(invalid(problem, *field, "cron"))
    if raw.every_seconds is not None and not 1 <= raw.every_seconds <= EVERY_SECONDS_MAX:
        errors.append(
            invalid(
                f"everySeconds must be between 1 and {EVERY_SECONDS_MAX}", *field, "every_seconds"
            )
        )
    if start is not None and end is not None and end <= start:
        errors.append(invalid("endAt must be after startAt", *field, "end_at"))
    elif end is not None and end < now:
        errors.append(invalid("endAt is in the past", *field, "end_at"))
    if errors:
        return errors
    return Schedule(
        at=at.astimezone(UTC) if at else None,
        cron=" ".join(raw.cron.split()) if raw.cron else None,
        every_seconds=raw.every_seconds,
        timezone=zone_name,
        start_at=start.astimezone(UTC) if start else None,
        end_at=end.astimezone(UTC) if end else None,
    )


def _usable_time(
    name: str, label: str, value: datetime | None, field: tuple[str, ...], errors: list[UserError]
) -> datetime | None:
    """`name` is the field's, `label` how messages call it (the API's spelling)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        errors.append(invalid(f"{label} must include a UTC offset", *field, name))
        return None
    if not EARLIEST <= value < LATEST:
        errors.append(
            invalid(
                f"{label} must be between {EARLIEST.date()} and {LATEST.date()} (UTC)",
                *field,
                name,
            )
        )
        return None
    return value


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_zone(name: object) -> bool:
    """An IANA zone name this system has data for. A lookup by name alone is not enough:
    ZoneInfo("America") raises IsADirectoryError, and a 300-byte name an OSError."""
    return (
        isinstance(name, str)
        and bool(name)
        and len(name.encode(errors="replace")) <= ZONE_NAME_MAX_BYTES
        and name in _known_zones()
    )


def validate_count(count: int, *field: str, least: int = 1) -> list[UserError]:
    if not least <= count <= COUNT_MAX:
        return [invalid(f"count must be between {least} and {COUNT_MAX}", *field)]
    return []


def preview_schedule(raw: ScheduleInput, *, now: datetime, count: int) -> list[datetime]:
    """The next `count` firing times of an unsaved schedule (previewSchedule); UserErrors
    when the schedule or the count is invalid."""
    errors = validate_count(count, "count")
    checked = validate_schedule(raw, now=now, field=("schedule",))
    if isinstance(checked, list):
        errors += checked
    if errors or isinstance(checked, list):
        raise UserErrors(errors)
    return next_fire_times(checked, after=now, count=count, search_seconds=LIST_SECONDS)


def next_fire_times(
    schedule: Schedule,
    *,
    after: datetime,
    count: int,
    anchor: datetime | None = None,
    search_seconds: float | None = None,
) -> list[datetime]:
    """The next `count` firing times strictly after `after`, ascending, in UTC.

    With `search_seconds`, a cron search stops after that long once it has found a time: for
    lists shown to people (LIST_SECONDS), never for the scheduler's own next time."""
    if count <= 0:
        return []
    # No firing before start_at: search from just before it.
    if schedule.start_at is not None and after < schedule.start_at:
        after = schedule.start_at - timedelta(microseconds=1)
    if schedule.at is not None:
        times = [schedule.at] if schedule.at > after else []
    elif schedule.every_seconds is not None:
        times = _interval_times(
            schedule.every_seconds, anchor or schedule.start_at or EPOCH, after, count
        )
    elif schedule.cron is not None:
        # Long lists (catch-up batches) are not worth keeping: the cache holds short answers.
        search = _cron_times if count <= COUNT_MAX else _cron_search
        times = list(search(schedule.cron, schedule.timezone, after, count, search_seconds))
    else:
        times = []
    if schedule.end_at is not None:
        times = [t for t in times if t <= schedule.end_at]
    return times[:count]


def next_fire_time(
    schedule: Schedule, *, after: datetime, anchor: datetime | None = None
) -> datetime | None:
    times = next_fire_times(schedule, after=after, count=1, anchor=anchor)
    return times[0] if times else None


def _interval_times(every: int, anchor: datetime, after: datetime, count: int) -> list[datetime]:
    step = every * 1_000_000
    elapsed = (after - anchor) // MICROSECOND
    k = 0 if elapsed < 0 else elapsed // step + 1
    # Integer arithmetic first: a datetime past SEARCH_END is never built (it may not exist).
    room = (SEARCH_END - anchor) // MICROSECOND
    return [
        anchor + timedelta(microseconds=(k + i) * step)
        for i in range(count)
        if (k + i) * step <= room
    ]


def _cron_search(
    expression: str,
    zone_name: str,
    after: datetime,
    count: int,
    search_seconds: float | None = None,
) -> tuple[datetime, ...]:
    zone = ZoneInfo(zone_name)
    if after >= SEARCH_END:
        return ()
    deadline = None if search_seconds is None else perf_counter() + search_seconds
    horizon = min(after + timedelta(days=365 * HORIZON_YEARS + HORIZON_YEARS // 4), SEARCH_END)
    expression = _without_impossible_day_side(expression)
    six_fields = cron_fields(expression) == 6

    def from_wall(wall: datetime) -> croniter:
        return croniter(expression, wall, second_at_beginning=six_fields)

    # Iterate naive local wall time; croniter's own time zone handling is not DST-safe.
    # Inside a repeated (autumn) hour, wall times already passed at fold=0 must not fire again:
    # start the wall-clock search from the later of the two readings.
    iterator = from_wall(after.astimezone(zone).replace(tzinfo=None))
    times: list[datetime] = []
    for _ in range(CRON_SEARCH_LIMIT):
        if len(times) >= count or (times and deadline and perf_counter() > deadline):
            break
        try:
            wall: datetime = iterator.get_next(datetime)
        except CroniterBadDateError:
            break
        instant = _first_instant(wall, zone)
        if instant is None:
            # A spring-forward gap: resume after it in one step. Stepping through it one match
            # at a time is 3,600 steps an hour for a per-second cron, and Samoa skipped a day.
            iterator = from_wall(_wall_after_gap(wall, zone) - timedelta(seconds=1))
            continue
        if instant > horizon:
            break
        if instant <= after:
            # Wall times of a repeated hour already passed: resume where the repetition ends.
            resume = _wall_after_repeat(wall, zone)
            if resume is not None and resume > wall:
                iterator = from_wall(resume - timedelta(seconds=1))
            continue
        if times and instant <= times[-1]:
            continue
        times.append(instant)
    return tuple(times)


# Pure and hot: thousands of triggers often share one cron expression and due time, and
# building a croniter costs far more than the lookup.
_cron_times = lru_cache(maxsize=4096)(_cron_search)


@lru_cache(maxsize=1024)
def _without_impossible_day_side(expression: str) -> str:
    """The same schedule, without a day-of-month that never happens alongside a day of week.

    With both fields set, cron fires when either matches (croniter's default), and croniter
    searches 50 years for the impossible side on every step of 0 0 31 2 1 (Mondays in February,
    or 31 February), for every firing time. Without that side it is the same schedule.
    """
    fields = expression.split()
    dom = len(fields) - 3  # minute hour dom month dow, or with leading seconds
    if len(fields) not in (5, 6) or "*" in (fields[dom], fields[-1]):
        return expression
    if "#" in fields[-1] or "L" in fields[-1].upper() or "W" in fields[dom].upper():
        return expression  # croniter intersects these instead: no split to simplify
    day_only = " ".join([*fields[:-1], "*"])
    try:
        croniter(day_only, datetime(2000, 1, 1), second_at_beginning=len(fields) == 6).get_next(
            datetime
        )
    except CroniterBadDateError:
        return " ".join([*fields[:dom], "*", *fields[dom + 1 :]])
    except (ValueError, KeyError, TypeError):
        return expression
    return expression


def _first_instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The first UTC instant a local wall time reads; None if it does not exist (spring gap)."""
    aware = wall.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


def _offset_change(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first UTC second in (low, high] whose offset in `zone` differs from low's."""
    before = low.astimezone(zone).utcoffset()
    lo, hi = 0, int((high - low).total_seconds())
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if (low + timedelta(seconds=mid)).astimezone(zone).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return low + timedelta(seconds=hi)


def _wall_after_gap(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first local wall time after the spring-forward gap `wall` lies in."""
    # In a gap, fold=1 reads the wall time with the offset after the change and fold=0 with
    # the one before: the change happened between those two UTC instants.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    change = _offset_change(zone, low, high)
    return change.astimezone(zone).replace(tzinfo=None)


def _wall_after_repeat(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The first local wall time after the repeated (autumn) hour `wall` lies in, if any."""
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if second <= first:
        return None
    change = _offset_change(zone, first, second)
    # Read with the offset before the change: the wall clock's highest reading of the repeat.
    offset = first.astimezone(zone).utcoffset()
    assert offset is not None
    return (change + offset).replace(tzinfo=None)


# Work per trigger and tick is capped: missed firings beyond it are counted arithmetically where
# the schedule allows (fixed intervals), and due firings beyond it wait for the next tick.
CATCH_UP_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class FiringPlan:
    fire: list[datetime]  # due times to fire now, late or not, oldest first
    missed: int  # due times older than the grace window: counted, never fired
    # The first time not yet handled: after now, or still due when the cap was reached; None
    # when the schedule is done.
    next_fire_at: datetime | None


def plan_due_firings(
    schedule: Schedule,
    *,
    due: datetime,
    now: datetime,
    grace_seconds: int,
    anchor: datetime | None = None,
) -> FiringPlan:
    """What a scheduler does with a trigger whose next firing, `due`, is not in the future.

    Every due time up to now fires once with its own scheduled time if it is at most
    grace_seconds late; older ones are counted as missed (as after an outage) and skipped.
    """
    oldest_allowed = now - timedelta(seconds=grace_seconds)
    missed = 0
    times = _times_from(schedule, due, anchor)
    current = next(times, None)
    while current is not None and current < oldest_allowed and missed < CATCH_UP_LIMIT:
        missed += 1
        current = next(times, None)
    if current is not None and current < oldest_allowed:
        resume = next_fire_time(schedule, after=oldest_allowed - MICROSECOND, anchor=anchor)
        if schedule.every_seconds and resume is not None:
            missed += (resume - current) // timedelta(seconds=schedule.every_seconds)
        current = resume
        if resume is not None:
            times = _times_from(schedule, resume, anchor)
            next(times)
    fire: list[datetime] = []
    while current is not None and current <= now and len(fire) < CATCH_UP_LIMIT:
        fire.append(current)
        current = next(times, None)
    return FiringPlan(fire=fire, missed=missed, next_fire_at=current)


def _times_from(schedule: Schedule, first: datetime, anchor: datetime | None) -> Iterator[datetime]:
    """`first`, then the schedule's times after it, computed in growing batches: one cron
    search per 10,000 times after an outage (not 10,000 searches, for a per-second cron),
    and no more than one time when only one is due."""
    yield first
    after, batch = first, 1
    while True:
        times = next_fire_times(schedule, after=after, count=batch, anchor=anchor)
        yield from times
        if len(times) < batch:
            return
        after, batch = times[-1], min(batch * 4, CATCH_UP_LIMIT)
