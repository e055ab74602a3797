"""Event status is a function of age alone, exact to the second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.retention import (
    EventStatus,
    RetentionWindows,
    event_status,
    expired_before,
    fired_at_range,
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
