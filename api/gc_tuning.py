"""Garbage collector settings for a long-running API process.

With a thousand live subscribers a full collection walked every object of the process and
paused it, several times a minute: that, not the sends, was the tail latency of live event
delivery (docs/performance.md, "Live fan-out"). Objects made before serving (modules, the schema, caches) live as
long as the process, so they are frozen out of every collection; and young collections run on
fewer, larger batches of allocations, which makes full collections rarer. Cyclic garbage is still
collected, a little later.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000


def tune_for_serving() -> None:
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
