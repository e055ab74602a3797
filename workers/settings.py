"""arq worker settings. User schedules live in the database, not here: arq only carries work."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.typing import WorkerSettingsBase

from core.db import is_postgres
from core.runtime import Platform, close_platform, open_platform
from core.scheduler import Scheduler
from core.settings import Settings
from workers.jobs import heartbeat, purge_expired_events

log = logging.getLogger("etp.worker")


def worker_settings(
    settings: Settings, *, shared: Platform | None = None
) -> type[WorkerSettingsBase]:
    """Built from the settings object so that `etp worker` and `etp dev` share one definition.

    With `shared`, the worker uses resources its caller opened and closes (etp dev).
    """
    assert settings.redis_url is not None, "start the embedded Redis before the worker"

    async def on_startup(ctx: dict[str, Any]) -> None:
        platform = shared or await open_platform(settings)
        ctx["platform"] = platform
        scheduler = Scheduler(event_log=platform.event_log, postgres=is_postgres(settings))
        ctx["scheduler_stop"] = stop = asyncio.Event()
        ctx["scheduler"] = asyncio.create_task(scheduler.run(stop), name="scheduler")
        log.info("worker started")

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        if "scheduler" in ctx:
            ctx["scheduler_stop"].set()
            await ctx["scheduler"]
        platform = ctx.get("platform")
        if platform is not None and shared is None:
            await close_platform(platform)
        log.info("worker stopped")

    class WorkerSettings:
        redis_settings = RedisSettings.from_dsn(settings.redis_url)
        queue_name = f"{settings.redis_prefix}:queue"
        functions: list[Any] = [heartbeat, purge_expired_events]
        cron_jobs = [
            cron(heartbeat, second={0, 15, 30, 45}, unique=False, run_at_startup=True),
            # Every minute; safe on several workers at once and if killed (core/purge.py).
            cron(purge_expired_events, second=0, run_at_startup=True),
        ]
        # Lost Redis connections are retried instead of stopping the worker (arq #435/#498).
        retry_jobs = True
        max_jobs = 100

    WorkerSettings.on_startup = staticmethod(on_startup)  # type: ignore[attr-defined]
    WorkerSettings.on_shutdown = staticmethod(on_shutdown)  # type: ignore[attr-defined]
    return WorkerSettings  # type: ignore[return-value]
