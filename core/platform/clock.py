"""The one clock of the platform, injected into every service that reads the time.

Wall time (`now`, always UTC) decides schedules, event status and retention; elapsed time
(`monotonic`) measures pauses and cache lifetimes, which a wall clock stepped by NTP must not
stretch or cut short. Tests hand services a `ManualClock` and move it instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The system's clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


SYSTEM_CLOCK = Clock()


class ManualClock(Clock):
    """A clock that moves only when told to (tests)."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("a clock's time carries its UTC offset")
        self._now = now
        self._monotonic = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds

    def set(self, now: datetime) -> None:
        """Jump to `now` (wall time only: elapsed time never goes back)."""
        self._monotonic += max(0.0, (now - self._now).total_seconds())
        self._now = now
