"""When a failed delivery is tried again. Pure: the random draw is a parameter.

The default is Svix's published schedule: the first attempt at once, then 5 s, 5 min, 30 min,
2 h, 5 h, 10 h and 10 h after each failure (eight attempts over about 28 hours). A destination
may give its own list of waits instead (`retrySchedule`, seconds between attempts).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

# Seconds to wait after the n-th failed attempt; one more attempt than waits (the first is at once).
SVIX_SCHEDULE: tuple[int, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)

# A destination's own schedule: at most this many retries, each at most a week apart.
MAX_RETRIES = 30
MAX_WAIT_SECONDS = 7 * 24 * 3600

# Each wait is drawn within +-JITTER of its nominal value, so that the deliveries of a burst that
# failed together (a receiver's outage) do not all come back in the same second.
JITTER = 0.2

# A Retry-After asks for no more than this is honoured as given; beyond it, this long.
MAX_RETRY_AFTER_SECONDS = 24 * 3600


def schedule_problem(schedule: Sequence[int]) -> str | None:
    """Why a destination's own schedule is refused, or None when it is fine."""
    if len(schedule) > MAX_RETRIES:
        return f"at most {MAX_RETRIES} retries"
    if any(wait < 0 or wait > MAX_WAIT_SECONDS for wait in schedule):
        return f"each wait must be between 0 and {MAX_WAIT_SECONDS} seconds"
    return None


def total_attempts(schedule: Sequence[int]) -> int:
    return len(schedule) + 1


def next_wait(
    failed_attempts: int,
    schedule: Sequence[int],
    *,
    retry_after: float | None = None,
    draw: Callable[[], float] = random.random,
) -> float | None:
    """Seconds until the next attempt after `failed_attempts` failures (>= 1), or None when the
    schedule is used up and the delivery is FAILED.

    A receiver's Retry-After (429, 503) replaces the scheduled wait, without jitter: it said when.
    """
    if failed_attempts < 1:
        return 0.0
    if failed_attempts > len(schedule):
        return None
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_RETRY_AFTER_SECONDS)
    nominal = schedule[failed_attempts - 1]
    return nominal * (1.0 - JITTER + 2.0 * JITTER * draw())
