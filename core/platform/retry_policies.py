"""How every loop and client of the platform retries: one named policy each, all in this module.

A policy says how long to wait after the n-th consecutive failure (base, cap, jitter) and when to
stop trying (give-up). Changing how one loop backs off is a one-line change here; the loops and
clients take their policy by name and hold no numbers of their own (tests/test_retry_policies.py
fails on a retry or back-off number written anywhere else). Pure: no I/O, the random draw is a
parameter. The dashboard's live client has its own, in dashboard/src/lib/retry.ts.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from core.platform.backoff import backoff_seconds


class Jitter(enum.Enum):
    # Uniform in [0, delay]: reconnecting processes spread out best (backoff.py says why).
    FULL = "full"
    # The same delay every time: a pause, where a herd cannot form (one process, one client).
    NONE = "none"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Waits min(cap, base * 2^(n-1)) after the n-th consecutive failure, jittered; equal base
    and cap make a fixed pause. `max_attempts` None retries for as long as the failure lasts."""

    base_seconds: float
    cap_seconds: float
    jitter: Jitter = Jitter.FULL
    max_attempts: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.base_seconds <= self.cap_seconds:
            raise ValueError("a retry policy needs 0 <= base <= cap")
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("a retry policy that gives up needs at least one attempt")

    @classmethod
    def pause(cls, seconds: float) -> RetryPolicy:
        """The same wait after every failure, for as long as it lasts."""
        return cls(seconds, seconds, Jitter.NONE)

    def delay_seconds(self, failures: int, draw: Callable[[], float] = random.random) -> float:
        """Seconds to wait after the n-th consecutive failure (0 before any)."""
        if self.jitter is Jitter.FULL:
            return backoff_seconds(
                failures, base=self.base_seconds, cap=self.cap_seconds, draw=draw
            )
        return backoff_seconds(failures, base=self.base_seconds, cap=self.cap_seconds, draw=_whole)

    @property
    def attempts(self) -> int:
        """How many attempts a policy that gives up makes, the first included."""
        if self.max_attempts is None:
            raise ValueError("this policy retries for as long as the failure lasts")
        return self.max_attempts


def _whole() -> float:
    return 1.0


# --- Loops that retry while their dependency is away (core.platform.health.LoopMonitor) ---
# Each cap bounds how long a loop takes to notice its dependency is back (issue 12 asks 5 s).

# The event log's writer: short at first (a blip costs the queued requests little), then at most
# 2 s, so that requests queue up instead of hammering a database that is restarting.
EVENT_LOG_WRITER = RetryPolicy(base_seconds=0.05, cap_seconds=2.0)
# The scheduler's ticks: firings resume within about a second of the database coming back.
SCHEDULER = RetryPolicy(base_seconds=0.1, cap_seconds=1.0)
# The live hub's Redis subscription (it follows the log by polling meanwhile).
LIVE_REDIS = RetryPolicy(base_seconds=0.2, cap_seconds=2.0)
# The deliveryUpdated hub's Redis subscription, like the live hub's.
DELIVERY_UPDATES_REDIS = RetryPolicy(base_seconds=0.2, cap_seconds=2.0)
# The key-revocation listener's Redis subscription (revocations still apply within the key
# cache's time while it is away).
KEY_REVOCATIONS_REDIS = RetryPolicy(base_seconds=0.2, cap_seconds=2.0)
# The live hub's reads of the event log; subscribers wait, nothing is skipped.
LIVE_LOG_READER = RetryPolicy(base_seconds=0.1, cap_seconds=2.0)
# The worker's queue polling (the arq Worker's life): an attempt against a Redis that is away
# costs one refused connection, and polling resumes within about 2 s of Redis coming back.
WORKER_QUEUE = RetryPolicy(base_seconds=0.2, cap_seconds=2.0)
# A process started while Postgres is down waits for it (not ready, serving its probes) instead of
# exiting into a restart loop; it starts within about 2 s of the database answering.
PROCESS_START = RetryPolicy(base_seconds=0.2, cap_seconds=2.0)
# The delivery dispatcher's claims: Postgres only, like the scheduler.
DELIVERY_DISPATCHER = RetryPolicy(base_seconds=0.1, cap_seconds=5.0)
# The purge: the worker's cron runs it at second 0 of every minute (workers/settings.py), so the
# next minute's run is its retry; its monitor only logs the outage once.
PURGE = RetryPolicy.pause(60.0)

# --- Shortcuts through Redis that fall back while it is away ---

# After a publish to the live channel times out (Redis blackholed), the event log stops
# publishing this long; listeners meanwhile follow the log by polling.
EVENT_LOG_PUBLISH = RetryPolicy.pause(2.0)
# After a Redis error the event-list cache is skipped this long instead of paying a timeout on
# every read.
EVENT_CACHE_REDIS = RetryPolicy.pause(5.0)
# After a Redis error rate limits count in this process this long before Redis is tried again.
RATE_LIMITS_REDIS = RetryPolicy.pause(5.0)

# --- One-off retries ---

# A hook fires from a cached trigger; when the database refuses it (the cache was stale) it is
# tried once more from a fresh read, at once, and then refused as "changed while firing".
HOOK_FIRING = RetryPolicy(base_seconds=0.0, cap_seconds=0.0, jitter=Jitter.NONE, max_attempts=2)
# arq's own connection retries: none, the worker supervisor retries (WORKER_QUEUE) for as long as
# Redis is away instead of giving up after a few attempts.
ARQ_CONNECTION_RETRIES = 0
# The worker's cron jobs (heartbeat, purge) are tried once: their next run is the retry.
CRON_JOBS = RetryPolicy(base_seconds=0.0, cap_seconds=0.0, jitter=Jitter.NONE, max_attempts=1)
# `etp dev` waits for the embedded Postgres and Redis it starts (and stops): polled this often.
EMBEDDED_SERVER_POLL = RetryPolicy.pause(0.02)

# --- What the API tells its callers (Retry-After, RFC 9110) ---

# The database is away: the event log's writer tries again within its cap, so a caller who waits
# this long lands after the process has recovered from a short failover.
RETRY_AFTER_DATABASE_DOWN_SECONDS = math.ceil(EVENT_LOG_WRITER.cap_seconds)
# Every export slot of this server is taken; exports are short-lived.
RETRY_AFTER_EXPORTS_BUSY_SECONDS = 5
# The GraphQL API's `retryAfter` extension on an outage error (api/graphql/outages.py).
RETRY_AFTER_GRAPHQL_OUTAGE_SECONDS = 1
