"""Event list results cached in Redis, never stale.

Peers cache "recent events" for a fixed minute and show stale lists. Here an entry is served only
while two things still hold, both checked on every read:

- the event log has not changed: the entry carries the log's version (its newest id and fired_at,
  see core/events/queries.py log_version), read from the database before the result was computed, and the
  reader compares it with the version it reads now. A commit is visible the instant it happens,
  from any process, with no invalidation message to lose: Redis losing a write or restarting can
  make the cache miss, never lie.
- time has not changed the result: the entry carries the instant it would, time alone passing
  (retention.page_valid_until: a status boundary crossed, an event gone or archived into a list).

What is cached is opaque text, the rendered result (result_cache.py), so a hit skips the query,
building the page and encoding it. The version check is still one round trip to the database:
that is what makes it never stale across processes.

Redis trouble makes reads uncached for a few seconds, never failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.events import queries as event_queries
from core.events.retention import RetentionWindows
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.metrics import metrics

log = logging.getLogger("etp.event_cache")

T = TypeVar("T")

metrics.describe(
    "etp_event_list_cache_total",
    "Event list reads by cache outcome",
    labels=("result",),
    known=[{"result": result} for result in ("hit", "miss", "bypass")],
)

# Redis is a shortcut here: a slow answer is worse than none.
REDIS_TIMEOUT_SECONDS = 0.25
# Entries being written in the background at once (EventListCache.store_soon).
MAX_STORING = 4


@dataclass(slots=True)
class PayingGate:
    """Reads uncached for a while when the cache has not been paying.

    While the log changes faster than a list is read, nearly every lookup misses, and a miss
    costs a version probe, a GET and a SET on top of the uncached read (docs/performance.md,
    Figures from code comments). So when fewer than
    min_hit_ratio of the last `window` lookups hit, the next `skip` reads bypass the cache, and
    then it is tried again. Bypassing only ever means reading uncached: never a stale result.
    """

    window: int = 20
    min_hit_ratio: float = 0.25
    skip: int = 500
    _hits: int = 0
    _lookups: int = 0
    _skipping: int = 0

    def should_try(self) -> bool:
        if self._skipping:
            self._skipping -= 1
            return False
        return True

    def record(self, *, hit: bool) -> None:
        self._lookups += 1
        self._hits += hit
        if self._lookups < self.window:
            return
        if self._hits < self.min_hit_ratio * self._lookups:
            self._skipping = self.skip
        self._hits = self._lookups = 0


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
        longest_seconds: int = 60,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        # Statuses depend on the windows: processes configured differently never share entries.
        self._windows_tag = f"{windows.active_seconds}/{windows.retention_seconds}"
        self.longest = timedelta(seconds=longest_seconds)
        self._clock = clock
        # Monotonic: skip the cache until then after a Redis failure.
        self._skip_until = -1.0
        self._gate = PayingGate()
        self._storing: set[asyncio.Task[None]] = set()

    def reset(self) -> None:
        """Forget how well the cache has been paying, as a restarted process would."""
        self._gate = PayingGate()

    async def lookup(self, identity: str, *, now: datetime) -> Lookup | None:
        """None when Redis is failing or the cache is not paying: compute the result uncached."""
        if self._clock.monotonic() < self._skip_until or not self._gate.should_try():
            metrics.inc("etp_event_list_cache_total", result="bypass")
            return None
        version, (answered, cached) = await asyncio.gather(
            event_queries.log_version(), self._ask(self._redis.get(self._key(identity)))
        )
        if not answered:
            metrics.inc("etp_event_list_cache_total", result="miss")
            return None
        if cached is not None:
            text = valid_text(cached, version=version, now=now)
            if text is not None:
                metrics.inc("etp_event_list_cache_total", result="hit")
                self._gate.record(hit=True)
                return Lookup(version=version, hit=text)
        metrics.inc("etp_event_list_cache_total", result="miss")
        self._gate.record(hit=False)
        return Lookup(version=version, hit=None)

    async def store(
        self, identity: str, text: str, *, version: str, computed_at: datetime, until: datetime
    ) -> None:
        """text, computed at computed_at from the log at version, holds until `until`."""
        ttl_ms = int((until - computed_at).total_seconds() * 1000)
        if ttl_ms <= 0 or self._clock.monotonic() < self._skip_until:
            return
        # The header first, one line each (none holds a newline): a hit splits it off without
        # decoding the text.
        entry = f"{version}\n{computed_at.isoformat()}\n{until.isoformat()}\n{text}"
        await self._ask(self._redis.set(self._key(identity), entry, px=ttl_ms))

    def store_soon(
        self, identity: str, text: str, *, version: str, computed_at: datetime, until: datetime
    ) -> None:
        """store() without holding the response for it. On a busy server every await is a turn
        of the event loop; a miss that also waited for its SET was among the slowest responses.
        The SET is sent on the next turn, long before a client can ask again. At most
        MAX_STORING at once, the rest skipped (an entry is only a shortcut): a burst of misses
        opening dozens of Redis connections at once made reads time out and the cache back off
        (both in docs/performance.md, Figures from code comments)."""
        if len(self._storing) >= MAX_STORING:
            return
        task = asyncio.create_task(
            self.store(identity, text, version=version, computed_at=computed_at, until=until)
        )
        self._storing.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._storing.discard)

    def _key(self, identity: str) -> str:
        digest = hashlib.blake2b(
            f"{self._windows_tag}|{identity}".encode(), digest_size=16
        ).hexdigest()
        return f"{self._prefix}:events:result:{digest}"

    async def _ask(self, command: Awaitable[T]) -> tuple[bool, T | None]:
        """(True, the reply), or (False, None) when Redis failed or was slow: then the cache is
        skipped for a while (retry_policies.EVENT_CACHE_REDIS) instead of paying a timeout on every read."""
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                return True, await command
        except (RedisError, OSError, TimeoutError):
            if self._clock.monotonic() >= self._skip_until:
                log.warning("event list cache unavailable; reading uncached", exc_info=True)
            self._skip_until = (
                self._clock.monotonic() + retry_policies.EVENT_CACHE_REDIS.delay_seconds(1)
            )
            return False, None


def valid_text(entry: bytes, *, version: str, now: datetime) -> str | None:
    """The entry's text if it was computed from this version of the log for a moment whose
    result still holds at `now`: not before it was computed (a reader whose request started
    earlier, or whose clock is behind, could be across a status boundary), not from `until` on.
    An entry this code cannot read is a miss."""
    try:
        entry_version, computed_at, until, text = entry.decode().split("\n", 3)
        if entry_version != version:
            return None
        if not datetime.fromisoformat(computed_at) <= now < datetime.fromisoformat(until):
            return None
    except ValueError:  # also UnicodeDecodeError
        return None
    return text
