"""arq jobs. The heartbeat lets operators (and readiness checks) see that workers are alive."""

from __future__ import annotations

import logging
import os
from typing import Any

from core.events.purge import purge_expired
from core.platform.health import LoopMonitor
from core.runtime import ProcessServices

log = logging.getLogger("etp.worker")

HEARTBEAT_TTL_SECONDS = 60


def heartbeat_key(prefix: str) -> str:
    return f"{prefix}:workers"


async def heartbeat(ctx: dict[str, Any]) -> float:
    services: ProcessServices = ctx["services"]
    now = services.clock.now().timestamp()
    key = heartbeat_key(services.settings.redis_prefix)
    member = f"{os.uname().nodename}:{os.getpid()}"
    # A sorted set of worker -> last beat; members older than the TTL are dead workers.
    async with services.redis.pipeline(transaction=True) as pipe:
        pipe.zadd(key, {member: now})
        pipe.zremrangebyscore(key, 0, now - HEARTBEAT_TTL_SECONDS)
        await pipe.execute()
    return now


async def purge_expired_events(ctx: dict[str, Any]) -> int:
    services: ProcessServices = ctx["services"]
    monitor: LoopMonitor = ctx["purge_monitor"]
    try:
        report = await purge_expired(now=services.now(), windows=services.windows)
    except Exception as error:
        # The next minute's run retries; one log line when it breaks and one when it recovers,
        # not arq's traceback every minute of a database outage.
        monitor.failed(error)
        return 0
    monitor.succeeded()
    return report.deleted
