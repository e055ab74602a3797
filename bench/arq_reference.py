"""The reference for schedule lateness: arq's own cron() on this machine.

A job scheduled every second records how late it started, measured from the run time arq put
in the job id (name:unix_ms), into a Redis list the schedule scenario reads.
"""

from __future__ import annotations

import os
import time
from typing import Any

from arq import cron
from arq.connections import RedisSettings

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
LATENESS_KEY = "etpbench:arq-lateness-ms"
QUEUE_NAME = "etpbench:arq"


async def tick(ctx: dict[str, Any]) -> None:
    scheduled_ms = int(str(ctx["job_id"]).rsplit(":", 1)[1])
    await ctx["redis"].rpush(LATENESS_KEY, time.time() * 1000 - scheduled_ms)


class WorkerSettings:
    redis_settings = RedisSettings.from_dsn(REDIS_URL)
    queue_name = QUEUE_NAME
    cron_jobs = [cron(tick, second=set(range(60)))]
