"""Event list pages cached in Redis, never stale.

Peers cache "recent events" for a fixed minute and show stale lists. Here an entry is served only
while two things still hold, both checked on every read:

- the event log has not changed: the entry carries the log's version (its newest id and fired_at,
  see event_queries.log_version), read from the database before the page was, and the reader
  compares it with the version it reads now. A commit is visible the instant it happens, from
  any process, with no invalidation message to lose: Redis losing a write or restarting can make
  the cache miss, never lie.
- time has not moved a member across a status boundary: the entry carries the instant its page
  would change (retention.page_valid_until), and statuses are computed at read time as always.

Redis trouble makes reads uncached for a few seconds, never failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core import event_queries, json_text
from core.event_queries import EventCursor, EventFilter, EventPage
from core.events import StoredEvent
from core.metrics import metrics
from core.models import EventSource, TriggerKind
from core.retention import EventStatus, RetentionWindows, page_valid_until

log = logging.getLogger("etp.event_cache")

metrics.describe("etp_event_list_cache_total", "Event list reads by cache outcome")

# Redis is a shortcut here: a slow answer is worse than none.
REDIS_TIMEOUT_SECONDS = 0.25
# After a Redis error, skip the cache this long instead of paying a timeout on every read.
BACK_OFF_SECONDS = 5.0


class EventListCache:
    def __init__(
        self, redis: Redis, *, prefix: str, enabled: bool = True, longest_seconds: int = 60
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._enabled = enabled
        self._longest = timedelta(seconds=longest_seconds)
        self._skip_until = 0.0

    async def page(
        self,
        filters: EventFilter,
        *,
        first: int,
        after: EventCursor | None,
        now: datetime,
        windows: RetentionWindows,
    ) -> EventPage:
        if not self._enabled or time.monotonic() < self._skip_until:
            metrics.inc("etp_event_list_cache_total", result="bypass")
            return await event_queries.list_events(
                filters, first=first, after=after, now=now, windows=windows
            )
        key = self._key(filters, first, after, windows)
        # Version first, then the page: a page read after the version can only be newer than
        # the version it is filed under, so it is never served for a later state of the log.
        version, cached = await asyncio.gather(event_queries.log_version(), self._get(key))
        if cached is not None:
            entry = json.loads(cached)
            if entry["version"] == version and now < datetime.fromisoformat(entry["until"]):
                metrics.inc("etp_event_list_cache_total", result="hit")
                return _page_from_entry(entry)
        metrics.inc("etp_event_list_cache_total", result="miss")
        page = await event_queries.list_events(
            filters, first=first, after=after, now=now, windows=windows
        )
        upcoming = None
        if filters.status is EventStatus.ARCHIVED and after is None:
            upcoming = await event_queries.next_to_archive(filters, now=now, windows=windows)
        fired_at = [event.fired_at for event in page.events]
        if page.read_ahead_fired_at is not None:
            fired_at.append(page.read_ahead_fired_at)
        until = page_valid_until(
            filters.status,
            fired_at=fired_at,
            next_to_archive=upcoming,
            now=now,
            windows=windows,
            longest=self._longest,
        )
        ttl_ms = int((until - now).total_seconds() * 1000)
        if ttl_ms > 0:
            await self._set(key, _entry(page, version=version, until=until), ttl_ms)
        return page

    def _key(
        self,
        filters: EventFilter,
        first: int,
        after: EventCursor | None,
        windows: RetentionWindows,
    ) -> str:
        parts = (
            filters.status.value if filters.status else "ALL",
            str(filters.trigger_id),
            str(filters.include_test),
            str(first),
            after.encode() if after else "",
            f"{windows.active_seconds}/{windows.retention_seconds}",
        )
        digest = hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
        return f"{self._prefix}:events:page:{digest}"

    async def _get(self, key: str) -> bytes | None:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                value: bytes | None = await self._redis.get(key)
                return value
        except (RedisError, OSError, TimeoutError):
            self._back_off()
            return None

    async def _set(self, key: str, value: str, ttl_ms: int) -> None:
        if time.monotonic() < self._skip_until:
            return
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                await self._redis.set(key, value, px=ttl_ms)
        except (RedisError, OSError, TimeoutError):
            self._back_off()

    def _back_off(self) -> None:
        if time.monotonic() >= self._skip_until:
            log.warning("event list cache unavailable; reading uncached", exc_info=True)
        self._skip_until = time.monotonic() + BACK_OFF_SECONDS


def _entry(page: EventPage, *, version: str, until: datetime) -> str:
    return json_text.dumps(
        {
            "version": version,
            "until": until.isoformat(),
            "has_next_page": page.has_next_page,
            "events": [_event_row(event) for event in page.events],
        },
    )


def _event_row(event: StoredEvent) -> list[Any]:
    return [
        event.id,
        str(event.trigger_id) if event.trigger_id else None,
        event.trigger_name,
        event.kind.value,
        event.source.value,
        event.payload,
        event.is_test,
        event.scheduled_for.isoformat() if event.scheduled_for else None,
        event.fired_at.isoformat(),
    ]


def _page_from_entry(entry: dict[str, Any]) -> EventPage:
    events = [
        StoredEvent(
            id=row[0],
            trigger_id=UUID(row[1]) if row[1] else None,
            trigger_name=row[2],
            kind=TriggerKind(row[3]),
            source=EventSource(row[4]),
            payload=row[5],
            is_test=row[6],
            scheduled_for=datetime.fromisoformat(row[7]) if row[7] else None,
            fired_at=datetime.fromisoformat(row[8]),
        )
        for row in entry["events"]
    ]
    return EventPage(events=events, has_next_page=entry["has_next_page"])
