"""The shared resources of one process (API or worker), opened at start and closed at stop."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from core.access.api_keys import KeyVerifier
from core.events.retention import RetentionWindows
from core.live.hub import RedisPublisher
from core.platform.clock import SYSTEM_CLOCK, Clock
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
        clock=clock,
    )


async def close_platform(platform: Platform) -> None:
    await platform.event_log.close()
    await platform.redis.aclose()
    await db.close_database()
