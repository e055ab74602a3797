"""How long a failing loop waits before its next attempt. Pure: the random draw is a parameter."""

from __future__ import annotations

import random
from collections.abc import Callable


def backoff_seconds(
    failures: int, *, base: float, cap: float, draw: Callable[[], float] = random.random
) -> float:
    """Delay after the n-th consecutive failure (n >= 1): uniform in [0, min(cap, base*2^(n-1))].
    Full jitter spreads reconnecting processes best (AWS architecture blog, "Exponential
    Backoff And Jitter")."""
    if failures < 1:
        return 0.0
    ceiling: float = min(cap, base * 2.0 ** min(failures - 1, 32))
    return ceiling * draw()
