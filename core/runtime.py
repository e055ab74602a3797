"""The shared resources of one process (API or worker), opened at start and closed at stop."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from core.access.api_keys import KeyVerifier
from core.event_cache import EventListCache
from core.events.retention import RetentionWindows
from core.live.hub import RedisPublisher
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.health import LoopMonitor
from core.platform.redis_client import open_redis
from core.platform.settings import Settings
from core.storage import database as db
from core.storage.event_log import EventLog
from core.triggers.firing import Firing

log = logging.getLogger("etp.runtime")


@dataclass(slots=True)
class Platform:
    settings: Settings
    redis: Redis
    event_log: EventLog
    firing: Firing
    keys: KeyVerifier
    windows: RetentionWindows
    event_lists: EventListCache
    clock: Clock = SYSTEM_CLOCK

    def now(self) -> datetime:
        return self.clock.now()


async def open_platform(settings: Settings, *, clock: Clock = SYSTEM_CLOCK) -> Platform:
    await db.open_database(settings)
    redis = open_redis(settings)
    event_log = EventLog(
        publish=RedisPublisher(redis, prefix=settings.redis_prefix),
        max_batch=settings.ingest_max_batch,
        clock=clock,
    )
    await event_log.start()
    windows = RetentionWindows(
        active_seconds=settings.event_active_seconds,
        retention_seconds=settings.event_retention_seconds,
    )
    return Platform(
        settings=settings,
        redis=redis,
        event_log=event_log,
        firing=Firing(event_log, windows=windows, clock=clock),
        keys=KeyVerifier(cache_seconds=settings.api_key_cache_seconds, clock=clock),
        windows=windows,
        event_lists=EventListCache(
            redis,
            prefix=settings.redis_prefix,
            windows=windows,
            enabled=settings.event_list_cache,
            longest_seconds=settings.event_list_cache_seconds,
            clock=clock,
        ),
        clock=clock,
    )


async def until_database_answers() -> None:
    """Returns once Postgres answers. An API process started while Postgres is down (a node
    restart, a compose or Kubernetes rollout racing the database) waits here, backing off and
    logging once, instead of exiting into a restart loop; it is not ready meanwhile (it serves
    nothing until its start completes), and ready once the database is."""
    monitor = LoopMonitor("database-at-start", log)
    try:
        while True:
            try:
                await db.ping()
            except Exception as error:  # refused, reset, DNS, auth: all wait the same way
                await asyncio.sleep(monitor.failed(error))
            else:
                monitor.succeeded()
                return
    finally:
        monitor.close()


async def close_platform(platform: Platform) -> None:
    await platform.event_log.close()
    await platform.redis.aclose()
    await db.close_database()
