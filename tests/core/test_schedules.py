"""Schedule rules as tables: validation, next firing times, and DST in both directions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from core.schedules import (
    Schedule,
    ScheduleInput,
    next_fire_time,
    next_fire_times,
    plan_due_firings,
    validate_schedule,
)

NOW = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "field", "mentions"),
    [
        (ScheduleInput(), ("schedule",), "exactly one"),
        (ScheduleInput(cron="* * * * *", every_seconds=5), ("schedule",), "got cron, everySeconds"),
        (ScheduleInput(cron="not a cron"), ("schedule", "cron"), "5 fields"),
        (ScheduleInput(cron="61 * * * *"), ("schedule", "cron"), "invalid cron"),
        (ScheduleInput(cron="* * * * * * *"), ("schedule", "cron"), "got 7"),
        (ScheduleInput(cron="0 0 30 2 *"), ("schedule", "cron"), "never matches"),
        (
            ScheduleInput(cron="* * * * *", timezone="Mars/Olympus"),
            ("schedule", "timezone"),
            "unknown time zone",
        ),
        (
            ScheduleInput(cron="* * * * *", timezone=""),
            ("schedule", "timezone"),
            "unknown time zone",
        ),
        (ScheduleInput(at=NOW - timedelta(seconds=1)), ("schedule", "at"), "in the past"),
        (ScheduleInput(at=datetime(2030, 1, 1)), ("schedule", "at"), "UTC offset"),
        (ScheduleInput(every_seconds=0), ("schedule", "everySeconds"), "between 1"),
        (ScheduleInput(in_seconds=0), ("schedule", "inSeconds"), "between 1"),
        (
            ScheduleInput(every_seconds=5, start_at=utc(2030, 1, 2), end_at=utc(2030, 1, 1)),
            ("schedule", "endAt"),
            "after startAt",
        ),
        (
            ScheduleInput(every_seconds=5, end_at=NOW - timedelta(hours=1)),
            ("schedule", "endAt"),
            "in the past",
        ),
    ],
)
def test_invalid_schedules_name_the_field(
    raw: ScheduleInput, field: tuple[str, ...], mentions: str
) -> None:
    errors = validate_schedule(raw, now=NOW)
    assert isinstance(errors, list)
    assert errors[0].field == field
    assert mentions in errors[0].message


def test_field_paths_start_with_the_callers_prefix() -> None:
    errors = validate_schedule(ScheduleInput(cron="x"), now=NOW, field=("input", "schedule"))
    assert isinstance(errors, list)
    assert errors[0].field == ("input", "schedule", "cron")


def test_in_seconds_becomes_an_absolute_time() -> None:
    schedule = validate_schedule(ScheduleInput(in_seconds=90), now=NOW)
    assert schedule == Schedule(at=NOW + timedelta(seconds=90))


def test_times_are_stored_in_utc_and_round_trip_through_json() -> None:
    berlin = datetime.fromisoformat("2030-06-01T10:00:00+02:00")
    schedule = validate_schedule(ScheduleInput(at=berlin), now=NOW)
    assert isinstance(schedule, Schedule)
    assert schedule.at == utc(2030, 6, 1, 8) and schedule.at.tzinfo is UTC
    assert Schedule.from_json(schedule.to_json()) == schedule


@pytest.mark.parametrize(
    ("schedule", "after", "expected"),
    [
        # one-off
        (Schedule(at=utc(2030, 1, 1)), NOW, [utc(2030, 1, 1)]),
        (Schedule(at=utc(2020, 1, 1)), NOW, []),
        # fixed interval, anchored at the epoch by default (whole minutes for 60 s)
        (
            Schedule(every_seconds=60),
            utc(2026, 1, 1, 0, 0, 30),
            [utc(2026, 1, 1, 0, 1), utc(2026, 1, 1, 0, 2), utc(2026, 1, 1, 0, 3)],
        ),
        (
            Schedule(every_seconds=60),
            utc(2026, 1, 1, 0, 1),
            [utc(2026, 1, 1, 0, 2), utc(2026, 1, 1, 0, 3), utc(2026, 1, 1, 0, 4)],
        ),
        (
            Schedule(every_seconds=7, start_at=utc(2026, 1, 1, 0, 0, 3)),
            utc(2026, 1, 1),
            [utc(2026, 1, 1, 0, 0, 3), utc(2026, 1, 1, 0, 0, 10), utc(2026, 1, 1, 0, 0, 17)],
        ),
        (
            Schedule(every_seconds=60, end_at=utc(2026, 1, 1, 0, 2)),
            utc(2026, 1, 1),
            [utc(2026, 1, 1, 0, 1), utc(2026, 1, 1, 0, 2)],
        ),
        # cron in UTC, 5 and 6 fields
        (
            Schedule(cron="0 3 * * *"),
            utc(2026, 1, 1, 3),
            [utc(2026, 1, 2, 3), utc(2026, 1, 3, 3), utc(2026, 1, 4, 3)],
        ),
        (
            Schedule(cron="*/10 * * * * *"),
            utc(2026, 1, 1),
            [utc(2026, 1, 1, 0, 0, 10), utc(2026, 1, 1, 0, 0, 20), utc(2026, 1, 1, 0, 0, 30)],
        ),
        (Schedule(cron="0 0 30 2 *"), utc(2026, 1, 1), []),  # never matches: no endless search
        # cron in a zone: 09:00 Paris is 08:00 UTC in winter, 07:00 UTC in summer
        (
            Schedule(cron="0 9 * * *", timezone="Europe/Paris"),
            utc(2026, 1, 1),
            [utc(2026, 1, 1, 8), utc(2026, 1, 2, 8), utc(2026, 1, 3, 8)],
        ),
        (
            Schedule(cron="0 9 * * *", timezone="Europe/Paris"),
            utc(2026, 7, 1),
            [utc(2026, 7, 1, 7), utc(2026, 7, 2, 7), utc(2026, 7, 3, 7)],
        ),
    ],
)
def test_next_fire_times(schedule: Schedule, after: datetime, expected: list[datetime]) -> None:
    assert next_fire_times(schedule, after=after, count=3) == expected


DST = [
    # New York springs forward 2026-03-08 02:00 -> 03:00: 02:30 does not exist that day.
    pytest.param(
        Schedule(cron="30 2 * * *", timezone="America/New_York"),
        utc(2026, 3, 7, 12),
        [utc(2026, 3, 9, 6, 30), utc(2026, 3, 10, 6, 30)],
        id="new-york-spring-gap-skipped",
    ),
    # Berlin falls back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice, fires once.
    pytest.param(
        Schedule(cron="30 2 * * *", timezone="Europe/Berlin"),
        utc(2026, 10, 24, 12),
        [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        id="berlin-autumn-repeat-once",
    ),
    pytest.param(
        Schedule(cron="0 * * * *", timezone="Europe/Berlin"),
        utc(2026, 10, 24, 22, 30),
        [utc(2026, 10, 24, 23), utc(2026, 10, 25, 0), utc(2026, 10, 25, 2)],
        id="berlin-hourly-autumn-skips-the-repeated-hour",
    ),
    pytest.param(
        Schedule(cron="0 * * * *", timezone="Europe/Berlin"),
        utc(2026, 3, 29, 0, 30),
        [utc(2026, 3, 29, 1), utc(2026, 3, 29, 2)],
        id="berlin-hourly-spring-has-no-02-00",
    ),
    pytest.param(
        Schedule(cron="*/15 * * * *", timezone="Europe/Berlin"),
        utc(2026, 10, 25, 1, 20),  # inside the second pass of 02:xx
        [utc(2026, 10, 25, 2), utc(2026, 10, 25, 2, 15)],
        id="berlin-after-inside-the-repeat-does-not-refire",
    ),
]


@pytest.mark.parametrize(("schedule", "after", "expected"), DST)
def test_dst_transitions(schedule: Schedule, after: datetime, expected: list[datetime]) -> None:
    assert next_fire_times(schedule, after=after, count=len(expected)) == expected


def test_times_strictly_increase_across_a_year_of_transitions() -> None:
    schedule = Schedule(cron="*/30 * * * *", timezone="America/Santiago")
    times = next_fire_times(schedule, after=utc(2026, 1, 1), count=20_000)
    assert all(a < b for a, b in pairwise(times))


def test_next_fire_time_of_a_finished_schedule_is_none() -> None:
    assert next_fire_time(Schedule(at=utc(2020, 1, 1)), after=NOW) is None
    assert next_fire_time(Schedule(every_seconds=5, end_at=utc(2026, 1, 1)), after=NOW) is None


def test_start_at_itself_may_fire() -> None:
    start = utc(2027, 1, 1)
    assert next_fire_time(Schedule(cron="0 0 * * *", start_at=start), after=NOW) == start


@pytest.mark.parametrize(
    ("schedule", "due", "now", "grace", "fire", "missed", "next_at"),
    [
        pytest.param(
            Schedule(every_seconds=1),
            utc(2026, 1, 1, 0, 0, 10),
            utc(2026, 1, 1, 0, 0, 10, 300_000),
            60,
            [utc(2026, 1, 1, 0, 0, 10)],
            0,
            utc(2026, 1, 1, 0, 0, 11),
            id="on-time",
        ),
        pytest.param(
            Schedule(every_seconds=1),
            utc(2026, 1, 1, 0, 0, 10),
            utc(2026, 1, 1, 0, 0, 13),
            60,
            [utc(2026, 1, 1, 0, 0, s) for s in (10, 11, 12, 13)],
            0,
            utc(2026, 1, 1, 0, 0, 14),
            id="short-outage-fires-each-late-once",
        ),
        pytest.param(
            Schedule(every_seconds=10),
            utc(2026, 1, 1, 0, 0),
            utc(2026, 1, 1, 0, 1, 5),
            30,
            [utc(2026, 1, 1, 0, 0, 40), utc(2026, 1, 1, 0, 0, 50), utc(2026, 1, 1, 0, 1)],
            4,
            utc(2026, 1, 1, 0, 1, 10),
            id="older-than-grace-counted-not-fired",
        ),
        pytest.param(
            Schedule(at=utc(2026, 1, 1)),
            utc(2026, 1, 1),
            utc(2026, 1, 1, 0, 0, 1),
            60,
            [utc(2026, 1, 1)],
            0,
            None,
            id="one-off-finishes",
        ),
        pytest.param(
            Schedule(at=utc(2026, 1, 1)),
            utc(2026, 1, 1),
            utc(2026, 1, 1, 1),
            60,
            [],
            1,
            None,
            id="one-off-missed-beyond-grace",
        ),
        pytest.param(
            Schedule(every_seconds=1),
            utc(2026, 1, 1),
            utc(2026, 1, 2),
            0,
            [utc(2026, 1, 2)],
            86_400,
            utc(2026, 1, 2, 0, 0, 1),
            id="day-long-outage-counted-cheaply",
        ),
        pytest.param(
            Schedule(cron="30 2 * * *", timezone="Europe/Berlin"),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 31),
            7200,
            [utc(2026, 10, 25, 0, 30)],
            0,
            utc(2026, 10, 26, 1, 30),
            id="autumn-repeat-not-replayed",
        ),
    ],
)
def test_plan_due_firings(
    schedule: Schedule,
    due: datetime,
    now: datetime,
    grace: int,
    fire: list[datetime],
    missed: int,
    next_at: datetime | None,
) -> None:
    plan = plan_due_firings(schedule, due=due, now=now, grace_seconds=grace)
    assert (plan.fire, plan.missed, plan.next_fire_at) == (fire, missed, next_at)
