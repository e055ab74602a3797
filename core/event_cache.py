"""Event list results cached in Redis, never stale.

Peers cache "recent events" for a fixed minute and show stale lists. Here an entry is served only
while two things still hold, both checked on every read:

- the event log has not changed: the entry carries the log's version (its newest id and fired_at,
  see event_queries.log_version), read from the database before the result was computed, and the
  reader compares it with the version it reads now. A commit is visible the instant it happens,
  from any process, with no invalidation message to lose: Redis losing a write or restarting can
  make the cache miss, never lie.
- time has not changed the result: the entry carries the instant it would, time alone passing
  (retention.page_valid_until: a status boundary crossed, an event gone or archived into a list).

What is cached is opaque text, the rendered result (api/graphql/result_cache.py), so a hit skips
the query, building the page and encoding it. The version check is still one round trip to the
database: that is what makes it never stale across processes.

Redis trouble makes reads uncached for a few seconds, never failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core import event_queries
from core.metrics import metrics
from core.retention import RetentionWindows

log = logging.getLogger("etp.event_cache")

metrics.describe("etp_event_list_cache_total", "Event list reads by cache outcome")

# Redis is a shortcut here: a slow answer is worse than none.
REDIS_TIMEOUT_SECONDS = 0.25
# After a Redis error, skip the cache this long instead of paying a timeout on every read.
BACK_OFF_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Lookup:
    # The log's version, read before the caller computes anything on a miss: what it stores is
    # then at least as new as the version it is filed under.
    version: str
    hit: str | None


class EventListCache:
    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        windows: RetentionWindows,
        enabled: bool = True,
        longest_seconds: int = 60,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        # Statuses depend on the windows: processes configured differently never share entries.
        self._windows_tag = f"{windows.active_seconds}/{windows.retention_seconds}"
        self._enabled = enabled
        self.longest = timedelta(seconds=longest_seconds)
        self._skip_until = 0.0

    async def lookup(self, identity: str, *, now: datetime) -> Lookup | None:
        """None when the cache is off or Redis is failing: compute the result uncached."""
        if not self._enabled or time.monotonic() < self._skip_until:
            metrics.inc("etp_event_list_cache_total", result="bypass")
            return None
        version, cached = await asyncio.gather(
            event_queries.log_version(), self._get(self._key(identity))
        )
        if time.monotonic() < self._skip_until:  # the GET just failed
            metrics.inc("etp_event_list_cache_total", result="miss")
            return None
        if cached is not None:
            entry_version, until, text = cached.decode().split("\n", 2)
            if entry_version == version and now < datetime.fromisoformat(until):
                metrics.inc("etp_event_list_cache_total", result="hit")
                return Lookup(version=version, hit=text)
        metrics.inc("etp_event_list_cache_total", result="miss")
        return Lookup(version=version, hit=None)

    async def store(
        self, identity: str, text: str, *, version: str, until: datetime, now: datetime
    ) -> None:
        ttl_ms = int((until - now).total_seconds() * 1000)
        if ttl_ms <= 0 or time.monotonic() < self._skip_until:
            return
        # Version and instant first, one line each (neither holds a newline): a hit splits them
        # off without decoding the text.
        entry = f"{version}\n{until.isoformat()}\n{text}"
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                await self._redis.set(self._key(identity), entry, px=ttl_ms)
        except (RedisError, OSError, TimeoutError):
            self._back_off()

    def _key(self, identity: str) -> str:
        digest = hashlib.blake2b(
            f"{self._windows_tag}|{identity}".encode(), digest_size=16
        ).hexdigest()
        return f"{self._prefix}:events:result:{digest}"

    async def _get(self, key: str) -> bytes | None:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                value: bytes | None = await self._redis.get(key)
                return value
        except (RedisError, OSError, TimeoutError):
            self._back_off()
            return None

    def _back_off(self) -> None:
        if time.monotonic() >= self._skip_until:
            log.warning("event list cache unavailable; reading uncached", exc_info=True)
        self._skip_until = time.monotonic() + BACK_OFF_SECONDS
