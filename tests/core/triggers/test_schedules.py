"""Schedule rules as tables: validation, next firing times, and DST in both directions."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from core.errors import ErrorCode, UserErrors
from core.triggers.schedules import (
    CATCH_UP_LIMIT,
    COUNT_MAX,
    EVERY_SECONDS_MAX,
    HORIZON_YEARS,
    Schedule,
    ScheduleInput,
    next_fire_time,
    next_fire_times,
    plan_due_firings,
    preview_schedule,
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
        (ScheduleInput(cron="R * * * *"), ("schedule", "cron"), "not supported"),
        (ScheduleInput(cron="0 R(0-5) * * *"), ("schedule", "cron"), "not supported"),
        (ScheduleInput(cron="H/5 * * * *"), ("schedule", "cron"), "not supported"),
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
        (ScheduleInput(every_seconds=0), ("schedule", "every_seconds"), "between 1"),
        (ScheduleInput(in_seconds=0), ("schedule", "in_seconds"), "between 1"),
        (
            ScheduleInput(every_seconds=5, start_at=utc(2030, 1, 2), end_at=utc(2030, 1, 1)),
            ("schedule", "end_at"),
            "after startAt",
        ),
        (
            ScheduleInput(every_seconds=5, end_at=NOW - timedelta(hours=1)),
            ("schedule", "end_at"),
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


# --- hostile input (issue 11) ----------------------------------------------------------------------

EAST = timezone(timedelta(hours=14))
WEST = timezone(timedelta(hours=-12))


@pytest.mark.parametrize(
    "zone",
    [
        pytest.param("America", id="a-directory"),
        pytest.param("Etc", id="another-directory"),
        pytest.param("", id="empty"),
        pytest.param("Europe/Paris\x00", id="nul"),
        pytest.param("../../etc/passwd", id="path-traversal"),
        pytest.param("/etc/localtime", id="absolute-path"),
        pytest.param("America//New_York", id="empty-component"),
        pytest.param("x" * 256, id="over-255-bytes"),
        pytest.param("é" * 128, id="over-255-bytes-in-utf8"),
        pytest.param("zone.tab", id="a-data-file-of-the-database"),
        pytest.param("\udc80", id="lone-surrogate"),
    ],
)
def test_hostile_time_zones_are_invalid_on_the_timezone_field(zone: str) -> None:
    errors = validate_schedule(ScheduleInput(cron="* * * * *", timezone=zone), now=NOW)
    assert isinstance(errors, list)
    assert [(e.code, e.field) for e in errors] == [(ErrorCode.INVALID, ("schedule", "timezone"))]
    assert "unknown time zone" in errors[0].message
    assert len(errors[0].message) < 200


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "Europe/Paris", "America/Argentina/Salta"])
def test_iana_zones_are_accepted(zone: str) -> None:
    assert isinstance(
        validate_schedule(ScheduleInput(cron="0 0 * * *", timezone=zone), now=NOW), Schedule
    )


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        pytest.param(ScheduleInput(at=datetime(9999, 12, 31, 23, tzinfo=WEST)), "at", id="at-9999"),
        pytest.param(ScheduleInput(at=datetime(9000, 1, 1, tzinfo=UTC)), "at", id="at-9000"),
        pytest.param(ScheduleInput(at=datetime(1, 1, 1, tzinfo=EAST)), "at", id="at-year-1"),
        pytest.param(
            ScheduleInput(every_seconds=5, start_at=datetime(1, 1, 1, tzinfo=EAST)),
            "start_at",
            id="start-year-1",
        ),
        pytest.param(
            ScheduleInput(cron="* * * * *", start_at=datetime(9999, 12, 31, tzinfo=UTC)),
            "start_at",
            id="start-9999",
        ),
        pytest.param(
            ScheduleInput(every_seconds=5, end_at=datetime(9999, 12, 31, 23, tzinfo=WEST)),
            "end_at",
            id="end-9999",
        ),
        pytest.param(
            ScheduleInput(every_seconds=5, end_at=datetime(1, 1, 1, tzinfo=EAST)),
            "end_at",
            id="end-year-1",
        ),
    ],
)
def test_times_near_the_ends_of_the_calendar_are_invalid(raw: ScheduleInput, field: str) -> None:
    errors = validate_schedule(raw, now=NOW)
    assert isinstance(errors, list)
    assert [e.field for e in errors] == [("schedule", field)]
    assert "between 1900-01-01 and 9000-01-01" in errors[0].message


def test_a_bad_time_does_not_hide_other_errors() -> None:
    raw = ScheduleInput(cron="x", timezone="America", start_at=datetime(1, 1, 1, tzinfo=EAST))
    errors = validate_schedule(raw, now=NOW)
    assert isinstance(errors, list)
    assert {e.field for e in errors} == {
        ("schedule", "timezone"),
        ("schedule", "start_at"),
        ("schedule", "cron"),
    }


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (ScheduleInput(in_seconds=10**18), "in_seconds"),
        (ScheduleInput(in_seconds=-(10**18)), "in_seconds"),
        (ScheduleInput(in_seconds=-1), "in_seconds"),
        (ScheduleInput(every_seconds=10**18), "every_seconds"),
        (ScheduleInput(every_seconds=-5), "every_seconds"),
        (ScheduleInput(cron="0 " * 150), "cron"),
    ],
)
def test_huge_or_negative_numbers_are_invalid(raw: ScheduleInput, field: str) -> None:
    errors = validate_schedule(raw, now=NOW)
    assert isinstance(errors, list)
    assert [e.field for e in errors] == [("schedule", field)]


@pytest.mark.parametrize(
    "schedule",
    [
        Schedule(every_seconds=EVERY_SECONDS_MAX, start_at=utc(8999, 12, 31)),
        Schedule(cron="0 0 1 1 *", start_at=utc(8999, 12, 31)),
        Schedule(
            cron="59 59 23 31 12 *", timezone="Pacific/Kiritimati", start_at=utc(8999, 12, 31)
        ),
    ],
)
def test_the_latest_schedules_list_times_without_overflow(schedule: Schedule) -> None:
    times = next_fire_times(schedule, after=NOW, count=COUNT_MAX)
    assert times and all(t.year < 9999 for t in times)


@pytest.mark.parametrize("after", [utc(9999, 12, 31, 23), utc(9500, 1, 1)])
def test_searching_from_the_end_of_the_calendar_finds_nothing(after: datetime) -> None:
    assert next_fire_times(Schedule(cron="* * * * *"), after=after, count=5) == []
    assert next_fire_times(Schedule(every_seconds=60), after=after, count=5) == []


@pytest.mark.parametrize(
    "cron", ["0 0 29 2 1#5", "59 59 23 29 2 1#5", "0 0 31 1-12/11 1#5", "0 0 29 2 mon#5"]
)
def test_rare_crons_are_listed_no_further_than_the_horizon(cron: str) -> None:
    times = next_fire_times(Schedule(cron=cron), after=NOW, count=COUNT_MAX)
    assert times and times[-1] < NOW + timedelta(days=366 * HORIZON_YEARS)


def test_a_day_of_month_that_never_comes_leaves_the_day_of_week() -> None:
    # 31 February never happens, so "31 February or a Monday of February" is every Monday of it.
    either = next_fire_times(Schedule(cron="0 0 31 2 1"), after=NOW, count=10)
    assert either == next_fire_times(Schedule(cron="0 0 * 2 1"), after=NOW, count=10)


@pytest.mark.parametrize(
    "cron", ["0 0 31 2 1", "0 0 29 2 1#5", "0 0 31 1-12/11 1#5", "59 59 23 31 12 *"]
)
def test_listing_a_hundred_times_of_a_rare_cron_is_quick(cron: str) -> None:
    started = time.perf_counter()
    next_fire_times(Schedule(cron=cron, timezone="Europe/Paris"), after=NOW, count=COUNT_MAX)
    assert time.perf_counter() - started < 0.5


def test_a_skipped_day_is_stepped_over_at_once() -> None:
    # Samoa skipped 30 December 2011: 86,400 wall-clock seconds that do not exist.
    times = next_fire_times(
        Schedule(cron="* * * 30 12 *", timezone="Pacific/Apia"), after=utc(2011, 12, 29), count=2
    )
    assert times == [utc(2012, 12, 29, 10), utc(2012, 12, 29, 10, 0, 1)]


def test_a_per_second_cron_resumes_after_the_spring_gap() -> None:
    times = next_fire_times(
        Schedule(cron="* * 2,3 * * *", timezone="America/New_York"),
        after=utc(2027, 3, 14, 6, 59, 59),  # 01:59:59 EST; 02:00-02:59 do not exist
        count=2,
    )
    assert times == [utc(2027, 3, 14, 7), utc(2027, 3, 14, 7, 0, 1)]  # 03:00:00 EDT on


def test_a_per_second_cron_inside_the_repeated_hour_does_not_refire() -> None:
    times = next_fire_times(
        Schedule(cron="* * * * * *", timezone="Europe/Berlin"),
        after=utc(2026, 10, 25, 1, 0, 5),  # 02:00:05 CET, the second pass
        count=2,
    )
    # Every 02:xx second fired on the first pass: the next is 03:00:00 CET.
    assert times == [utc(2026, 10, 25, 2), utc(2026, 10, 25, 2, 0, 1)]


@pytest.mark.parametrize("count", [0, -1, COUNT_MAX + 1, 10**9])
def test_preview_count_out_of_range_is_invalid(count: int) -> None:
    with pytest.raises(UserErrors) as raised:
        preview_schedule(ScheduleInput(cron="* * * * *"), now=NOW, count=count)
    assert [(e.code, e.field) for e in raised.value.errors] == [(ErrorCode.INVALID, ("count",))]


def test_preview_reports_the_count_and_the_schedule_together() -> None:
    with pytest.raises(UserErrors) as raised:
        preview_schedule(ScheduleInput(cron="* * * * *", timezone="Etc"), now=NOW, count=0)
    assert [e.field for e in raised.value.errors] == [("count",), ("schedule", "timezone")]


def test_preview_lists_the_next_times() -> None:
    assert preview_schedule(ScheduleInput(cron="0 3 * * *"), now=NOW, count=2) == [
        utc(2026, 11, 24, 3),
        utc(2026, 11, 25, 3),
    ]


def test_catching_up_a_day_of_a_per_second_cron_stays_bounded() -> None:
    plan = plan_due_firings(
        Schedule(cron="* * * * * *"), due=utc(2026, 1, 1), now=utc(2026, 1, 2), grace_seconds=60
    )
    assert plan.missed == CATCH_UP_LIMIT
    assert plan.fire == [utc(2026, 1, 1, 23, 59) + timedelta(seconds=s) for s in range(61)]
    assert plan.next_fire_at == utc(2026, 1, 2, 0, 0, 1)


def test_a_listing_with_no_time_left_still_gives_the_next_time() -> None:
    schedule = Schedule(cron="0 0 31 1-12/11 1#5")
    listed = next_fire_times(schedule, after=NOW, count=COUNT_MAX, search_seconds=0.0)
    assert listed == next_fire_times(schedule, after=NOW, count=1)


def test_a_listing_with_time_left_is_complete() -> None:
    schedule = Schedule(cron="0 3 * * *")
    assert len(next_fire_times(schedule, after=NOW, count=COUNT_MAX, search_seconds=60)) == 100
