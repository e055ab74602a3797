"""The shared resources of one process (API or worker), opened at start and closed at stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from core.access.api_keys import KeyVerifier
from core.events.retention import RetentionWindows
from core.live.hub import RedisPublisher
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.health import LoopMonitor
from core.platform.redis_client import open_redis
from core.platform.settings import Settings
from core.storage import database as db
from core.storage.event_log import EventLog
from core.triggers.firing import Firing

log = logging.getLogger("etp.runtime")


@dataclass(slots=True)
class ProcessServices:
    """What one API or worker process assembles at start and shares among its requests and
    loops: database pool, Redis, the event log's writer, firing, key verification, retention
    windows, the event-list cache and the clock."""

    settings: Settings
    redis: Redis
    event_log: EventLog
    firing: Firing
    keys: KeyVerifier
    windows: RetentionWindows
    clock: Clock = SYSTEM_CLOCK

    def now(self) -> datetime:
        return self.clock.now()


async def open_services(settings: Settings, *, clock: Clock = SYSTEM_CLOCK) -> ProcessServices:
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
    return ProcessServices(
        settings=settings,
        redis=redis,
        event_log=event_log,
        firing=Firing(event_log, windows=windows, clock=clock),
        keys=KeyVerifier(cache_seconds=settings.api_key_cache_seconds, clock=clock),
        windows=windows,
        clock=clock,
    )


async def start_once_the_database_answers(
    start: Callable[[], Awaitable[None]],
) -> asyncio.Task[None] | None:
    """Runs `start` (a step that reads the database), at once when Postgres answers (None),
    else in the task returned. A process started while Postgres is down (a node restart, a
    rollout racing the database) then serves and waits, backing off and logging once, instead
    of exiting into a restart loop; its readiness is 503 (the "start" loop) until `start` ran."""
    try:
        await start()
    except Exception as error:  # refused, reset, DNS, auth: all wait the same way
        monitor = LoopMonitor("start", log, policy=retry_policies.PROCESS_START, started=False)
        delay = monitor.failed(error)
        return asyncio.create_task(_start(start, monitor, delay), name="start")
    return None


async def _start(start: Callable[[], Awaitable[None]], monitor: LoopMonitor, delay: float) -> None:
    try:
        while True:
            await asyncio.sleep(delay)
            try:
                await db.ping()
                await start()
            except Exception as error:
                delay = monitor.failed(error)
            else:
                monitor.succeeded()
                return
    finally:
        monitor.close()


async def close_services(services: ProcessServices) -> None:
    await services.event_log.close()
    await services.redis.aclose()
    await db.close_database()
