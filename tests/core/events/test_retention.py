"""Event status is a function of age alone, exact to the second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.events.retention import (
    EventStatus,
    RetentionWindows,
    event_status,
    expired_before,
    fired_at_range,
    page_valid_until,
)

WINDOWS = RetentionWindows(active_seconds=7200, retention_seconds=172800)
NOW = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), EventStatus.ACTIVE),
        (timedelta(seconds=-5), EventStatus.ACTIVE),  # clock skew between processes
        (timedelta(hours=2) - timedelta(microseconds=1), EventStatus.ACTIVE),
        (timedelta(hours=2), EventStatus.ARCHIVED),
        (timedelta(hours=2, seconds=1), EventStatus.ARCHIVED),
        (timedelta(hours=48) - timedelta(microseconds=1), EventStatus.ARCHIVED),
        (timedelta(hours=48), None),
        (timedelta(hours=48, seconds=1), None),
        (timedelta(days=365), None),
    ],
)
def test_status_follows_age(age: timedelta, expected: EventStatus | None) -> None:
    assert event_status(NOW - age, now=NOW, windows=WINDOWS) is expected


@pytest.mark.parametrize("status", [EventStatus.ACTIVE, EventStatus.ARCHIVED, None])
@pytest.mark.parametrize("age_seconds", [0, 1, 7199, 7200, 7201, 172799, 172800, 172801])
def test_query_range_agrees_with_status(status: EventStatus | None, age_seconds: int) -> None:
    fired_at = NOW - timedelta(seconds=age_seconds)
    bounds = fired_at_range(status, now=NOW, windows=WINDOWS)
    in_range = fired_at > bounds.newer_than and (
        bounds.not_after is None or fired_at <= bounds.not_after
    )
    actual = event_status(fired_at, now=NOW, windows=WINDOWS)
    expected = actual is not None if status is None else actual is status
    assert in_range is expected


def test_expired_before_is_the_retention_edge() -> None:
    edge = expired_before(now=NOW, windows=WINDOWS)
    assert event_status(edge, now=NOW, windows=WINDOWS) is None
    assert (
        event_status(edge + timedelta(microseconds=1), now=NOW, windows=WINDOWS)
        is EventStatus.ARCHIVED
    )


H = timedelta(hours=1)
LONGEST = timedelta(seconds=60)


@pytest.mark.parametrize(
    ("status", "ages", "read_ahead_age", "next_to_archive_age", "expected_in"),
    [
        # An ACTIVE page changes when its oldest member (or the read-ahead row) turns 2 h old.
        (
            EventStatus.ACTIVE,
            [timedelta(0), timedelta(minutes=119)],
            None,
            None,
            timedelta(minutes=1),
        ),
        (EventStatus.ACTIVE, [timedelta(0)], timedelta(minutes=119), None, timedelta(minutes=1)),
        (EventStatus.ACTIVE, [timedelta(0)], None, None, LONGEST),  # capped
        (EventStatus.ACTIVE, [], None, None, LONGEST),  # empty: only new events change it
        # An ARCHIVED page loses members at 48 h and gains, at its head, the next event to archive.
        (
            EventStatus.ARCHIVED,
            [timedelta(hours=47, minutes=59, seconds=30)],
            None,
            None,
            timedelta(seconds=30),
        ),
        (
            EventStatus.ARCHIVED,
            [3 * H],
            None,
            timedelta(minutes=119, seconds=50),
            timedelta(seconds=10),
        ),
        (EventStatus.ARCHIVED, [3 * H], None, None, LONGEST),
        # Every retained event: a member's status turns ARCHIVED at 2 h, and it is gone at 48 h.
        (None, [timedelta(minutes=119, seconds=59)], None, None, timedelta(seconds=1)),
        (
            None,
            [3 * H, timedelta(hours=48) - timedelta(seconds=1)],
            None,
            None,
            timedelta(seconds=1),
        ),
        # ...but the read-ahead row's status is not shown: only its leaving counts.
        (None, [3 * H], timedelta(minutes=119, seconds=59), None, LONGEST),
        (None, [3 * H], timedelta(hours=48) - timedelta(seconds=2), None, timedelta(seconds=2)),
    ],
)
def test_page_valid_until(
    status: EventStatus | None,
    ages: list[timedelta],
    read_ahead_age: timedelta | None,
    next_to_archive_age: timedelta | None,
    expected_in: timedelta,
) -> None:
    until = page_valid_until(
        status,
        fired_at=[NOW - age for age in ages],
        read_ahead=NOW - read_ahead_age if read_ahead_age is not None else None,
        next_to_archive=NOW - next_to_archive_age if next_to_archive_age is not None else None,
        now=NOW,
        windows=WINDOWS,
        longest=LONGEST,
    )
    assert until == NOW + expected_in


@pytest.mark.parametrize("status", [EventStatus.ACTIVE, EventStatus.ARCHIVED, None])
def test_a_page_reads_the_same_until_valid_until(status: EventStatus | None) -> None:
    """Brute force over a log of events: the first page, statuses included, reads the same at
    every second before valid_until, and differently at valid_until (when the bound is not just
    the cap)."""
    log = [NOW - timedelta(seconds=s) for s in range(0, 50 * 3600, 1237)]  # newest first
    first = 5

    def members(at: datetime) -> list[datetime]:
        bounds = fired_at_range(status, now=at, windows=WINDOWS)
        return [
            f
            for f in log
            if f > bounds.newer_than and (bounds.not_after is None or f <= bounds.not_after)
        ]

    def page(at: datetime) -> tuple[list[tuple[datetime, EventStatus | None]], bool]:
        listed = members(at)
        rendered = [(f, event_status(f, now=at, windows=WINDOWS)) for f in listed[:first]]
        return rendered, len(listed) > first

    in_range = members(NOW)
    bounds = fired_at_range(status, now=NOW, windows=WINDOWS)
    still_active = [f for f in log if bounds.not_after is not None and f > bounds.not_after]
    until = page_valid_until(
        status,
        fired_at=in_range[:first],
        read_ahead=in_range[first] if len(in_range) > first else None,
        next_to_archive=min(still_active)
        if status is EventStatus.ARCHIVED and still_active
        else None,
        now=NOW,
        windows=WINDOWS,
        longest=timedelta(hours=100),
    )
    expected = page(NOW)
    at = NOW
    while at < until:
        assert page(at) == expected, at
        at += timedelta(seconds=1)
    assert page(until) != expected
