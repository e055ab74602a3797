"""Request rate limits (per hook token, per API key), counted in Redis by the `limits` library.

Redis holds the counters so that every API process shares one budget per caller. Each process
takes that budget in slices and spends them in memory (api/budget_leases.py), so a request
rarely waits for Redis. When Redis fails, slices come from this process's memory for a short
while instead of failing the request: a Redis outage may loosen a limit (each process then
counts on its own), never stop hooks that need only Postgres.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from api.budget_leases import Grant, Identity, LeaseBook
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger("etp.rate_limits")

# Taking a slice may be what a request waits for: it must not wait on a stalled Redis.
REDIS_TIMEOUT_SECONDS = 0.25


@functools.lru_cache(maxsize=32)
def parse_limit(text: str | None) -> RateLimitItem | None:
    """`limits` notation ("1000/second", "100/minute"); "0" or nothing turns the limit off."""
    if text is None or text.strip() in {"", "0"}:
        return None
    return parse(text)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one request: refused ones carry when to retry."""

    allowed: bool
    limit: int
    window_seconds: int
    # Known only for refusals: an allowed request is counted against this process's slice, and
    # what other processes hold of the budget is not known here.
    remaining: int | None
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        # IETF draft-ietf-httpapi-ratelimit-headers, plus Retry-After (RFC 9110) on refusals.
        headers = {"RateLimit-Policy": f"{self.limit};w={self.window_seconds}"}
        if not self.allowed:
            headers["RateLimit"] = (
                f"limit={self.limit}, remaining={self.remaining}, reset={self.reset_seconds}"
            )
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


class SharedCount:
    """Where slices come from: Redis (shared by every process), or memory while Redis fails."""

    def __init__(self, redis_url: str | None, *, prefix: str, clock: Clock) -> None:
        self._clock = clock
        self._memory = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._redis: SlidingWindowCounterRateLimiter | None = None
        if redis_url is not None:
            uri = "async+" + redis_url.replace("unix://", "redis+unix://", 1)
            self._redis = SlidingWindowCounterRateLimiter(
                RedisStorage(
                    uri,
                    implementation="redispy",
                    key_prefix=f"{prefix}:ratelimit",
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                )
            )
        # While set, Redis failed lately: count in memory until then.
        self._retry_redis_at: float | None = None

    async def take(self, item: RateLimitItem, identity: Identity, wanted: int) -> Grant:
        limiter = self._choose()
        try:
            grant = await _take(limiter, item, identity, wanted)
        except Exception as error:
            if limiter is self._memory:
                raise
            self._redis_failed(error)
            grant = await _take(self._memory, item, identity, wanted)
        else:
            if limiter is self._redis and self._retry_redis_at is not None:
                self._retry_redis_at = None
                log.info("rate limits: counting in Redis again")
        if limiter is self._redis or self._retry_redis_at is None:
            return grant
        # Spent from this process's own count: good only until Redis is tried again.
        return Grant(
            grant.units, grant.exhausted, grant.reset_at, grant.remaining, self._retry_redis_at
        )

    def _choose(self) -> SlidingWindowCounterRateLimiter:
        if self._redis is None:
            return self._memory
        if self._retry_redis_at is not None and self._clock.monotonic() < self._retry_redis_at:
            return self._memory
        return self._redis

    def _redis_failed(self, error: Exception) -> None:
        if self._retry_redis_at is None:  # once per outage, not once per request
            log.warning(
                "rate limits: Redis unavailable, counting in this process for now",
                extra={"error": repr(error)},
            )
        self._retry_redis_at = (
            self._clock.monotonic() + retry_policies.RATE_LIMITS_REDIS.delay_seconds(1)
        )


async def _take(
    limiter: SlidingWindowCounterRateLimiter, item: RateLimitItem, identity: Identity, wanted: int
) -> Grant:
    """Up to `wanted` units: all of them in one call while the budget lasts, else what is left."""
    if await limiter.hit(item, *identity, cost=wanted):
        return Grant(wanted)
    for _ in range(2):  # another process may take what was left between the two calls
        stats = await limiter.get_window_stats(item, *identity)
        units = min(stats.remaining, wanted)
        if units <= 0:
            return Grant(0, True, stats.reset_time, 0)
        if await limiter.hit(item, *identity, cost=units):
            return Grant(units, True, stats.reset_time, stats.remaining - units)
    return Grant(0, True, stats.reset_time, 0)


class RateLimits:
    """One per process. `hit` counts a request against a limit and says whether it may run."""

    def __init__(
        self,
        redis_url: str | None,
        *,
        prefix: str,
        slices: int,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._leases = LeaseBook(
            SharedCount(redis_url, prefix=prefix, clock=clock), slices=slices, clock=clock
        )

    async def hit(
        self, item: RateLimitItem | None, *identity: str, cost: int = 1
    ) -> Verdict | None:
        """None when the limit is off; otherwise the verdict (the hit is counted if allowed)."""
        if item is None:
            return None
        refusal = await self._leases.spend(item, identity, cost)
        window = item.get_expiry()
        if refusal is None:
            return Verdict(True, item.amount, window, None, window)
        return Verdict(False, item.amount, window, refusal.remaining, refusal.retry_after())

    def prepare(self, item: RateLimitItem | None, *identity: str) -> None:
        """A hit on this limit is about to come: have its slice taken meanwhile."""
        if item is not None:
            self._leases.prepare(item, identity)

    async def close(self) -> None:
        await self._leases.close()
