"""Schedule rules of scheduled triggers: validation and next firing times. Pure: `now` is given.

Cron is evaluated on local wall-clock time in the schedule's time zone and mapped to UTC the way
EventBridge does: a local time that does not exist (spring forward) is skipped, and one that
occurs twice (autumn) fires once, at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadDateError, croniter

from core.errors import UserError, invalid

EVERY_SECONDS_MAX = 366 * 24 * 3600
IN_SECONDS_MAX = 10 * 366 * 24 * 3600
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# A cron that matches nothing (e.g. 30 February) must not loop forever.
CRON_SEARCH_LIMIT = 10_000
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


def validate_cron(expression: str) -> str | None:
    """The problem with a cron expression, or None when it is valid."""
    fields = cron_fields(expression)
    if fields not in (5, 6):
        return f"cron must have 5 fields (or 6 with leading seconds), got {fields}"
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
    try:
        if not zone_name:
            raise ValueError
        ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(
            invalid(
                f"unknown time zone {zone_name!r}; use an IANA name such as Europe/Paris",
                *field,
                "timezone",
            )
        )
    at = raw.at
    for name, value in (("at", raw.at), ("startAt", raw.start_at), ("endAt", raw.end_at)):
        if value is not None and value.tzinfo is None:
            errors.append(invalid(f"{name} must include a UTC offset", *field, name))
    if raw.in_seconds is not None:
        if not 1 <= raw.in_seconds <= IN_SECONDS_MAX:
            errors.append(
                invalid(f"inSeconds must be between 1 and {IN_SECONDS_MAX}", *field, "inSeconds")
            )
        else:
            at = now + timedelta(seconds=raw.in_seconds)
    if raw.at is not None and raw.at.tzinfo is not None and raw.at < now:
        errors.append(invalid("at is in the past", *field, "at"))
    if raw.cron is not None:
        problem = validate_cron(raw.cron)
        if problem:
            errors.append(invalid(problem, *field, "cron"))
    if raw.every_seconds is not None and not 1 <= raw.every_seconds <= EVERY_SECONDS_MAX:
        errors.append(
            invalid(
                f"everySeconds must be between 1 and {EVERY_SECONDS_MAX}", *field, "everySeconds"
            )
        )
    start, end = raw.start_at, raw.end_at
    if start is not None and end is not None and start.tzinfo and end.tzinfo and end <= start:
        errors.append(invalid("endAt must be after startAt", *field, "endAt"))
    elif end is not None and end.tzinfo is not None and end < now:
        errors.append(invalid("endAt is in the past", *field, "endAt"))
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


def next_fire_times(
    schedule: Schedule, *, after: datetime, count: int, anchor: datetime | None = None
) -> list[datetime]:
    """The next `count` firing times strictly after `after`, ascending, in UTC."""
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
        times = list(_cron_times(schedule.cron, schedule.timezone, after, count))
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
    elapsed = (after - anchor) // timedelta(microseconds=1)
    k = 0 if elapsed < 0 else elapsed // step + 1
    return [anchor + timedelta(microseconds=(k + i) * step) for i in range(count)]


# Pure and hot: thousands of triggers often share one cron expression and due time, and
# building a croniter costs far more than the lookup.
@lru_cache(maxsize=4096)
def _cron_times(
    expression: str, zone_name: str, after: datetime, count: int
) -> tuple[datetime, ...]:
    zone = ZoneInfo(zone_name)
    # Iterate naive local wall time; croniter's own time zone handling is not DST-safe.
    local_after = after.astimezone(zone)
    # Inside a repeated (autumn) hour, wall times already passed at fold=0 must not fire again:
    # start the wall-clock search from the later of the two readings.
    start = local_after.replace(tzinfo=None)
    iterator = croniter(expression, start, second_at_beginning=cron_fields(expression) == 6)
    times: list[datetime] = []
    for _ in range(CRON_SEARCH_LIMIT):
        if len(times) >= count:
            break
        try:
            wall: datetime = iterator.get_next(datetime)
        except CroniterBadDateError:
            break
        instant = _first_instant(wall, zone)
        if instant is None or instant <= after:
            continue
        if times and instant <= times[-1]:
            continue
        times.append(instant)
    return tuple(times)


def _first_instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The first UTC instant a local wall time reads; None if it does not exist (spring gap)."""
    aware = wall.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


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
    current: datetime | None = due
    while current is not None and current < oldest_allowed and missed < CATCH_UP_LIMIT:
        missed += 1
        current = next_fire_time(schedule, after=current, anchor=anchor)
    if current is not None and current < oldest_allowed:
        resume = next_fire_time(schedule, after=oldest_allowed - MICROSECOND, anchor=anchor)
        if schedule.every_seconds and resume is not None:
            missed += (resume - current) // timedelta(seconds=schedule.every_seconds)
        current = resume
    fire: list[datetime] = []
    while current is not None and current <= now and len(fire) < CATCH_UP_LIMIT:
        fire.append(current)
        current = next_fire_time(schedule, after=current, anchor=anchor)
    return FiringPlan(fire=fire, missed=missed, next_fire_at=current)
