from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.platform.clock import SYSTEM_CLOCK, ManualClock

START = datetime(2030, 1, 1, tzinfo=UTC)


def test_the_system_clock_tells_utc() -> None:
    assert SYSTEM_CLOCK.now().utcoffset() == timedelta(0)


def test_a_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(START)
    assert (clock.now(), clock.monotonic()) == (START, 0.0)
    clock.advance(2.5)
    assert (clock.now(), clock.monotonic()) == (START + timedelta(seconds=2.5), 2.5)


def test_setting_a_manual_clock_back_never_turns_elapsed_time_back() -> None:
    clock = ManualClock(START)
    clock.set(START - timedelta(hours=1))
    assert (clock.now(), clock.monotonic()) == (START - timedelta(hours=1), 0.0)


def test_a_manual_clock_refuses_a_time_without_offset() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        ManualClock(datetime(2030, 1, 1))
