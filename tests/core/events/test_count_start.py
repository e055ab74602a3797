"""Trigger.eventCount's start: the requested time, floored at 48 h ago; whole minutes after."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.events.count_windows import CountStart, event_count_start

NOW = datetime(2026, 12, 8, 12, 30, 15, tzinfo=UTC)


def at(day: int, hour: int, minute: int, second: int = 0, micro: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("requested", "start"),
    [
        (None, CountStart(at(6, 12, 30, 15), at(6, 12, 31))),
        (at(1, 0, 0), CountStart(at(6, 12, 30, 15), at(6, 12, 31))),
        (at(8, 9, 0), CountStart(at(8, 9, 0), at(8, 9, 0))),
        (at(8, 9, 0, 0, 1), CountStart(at(8, 9, 0, 0, 1), at(8, 9, 1))),
        (at(8, 13, 0), CountStart(at(8, 13, 0), at(8, 13, 0))),
    ],
    ids=["default", "floored", "on-a-minute", "just-after-a-minute", "in-the-future"],
)
def test_event_count_start(requested: datetime | None, start: CountStart) -> None:
    assert event_count_start(requested, now=NOW) == start
