"""Two installations on one Redis, told apart by REDIS_PREFIX (issue 24): arq keeps its own keys
under a fixed `arq:` prefix, so each installation's unique cron jobs must be named apart, or one
installation's purge firing is taken for the other's and never queued."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import create_worker

from tests.conftest import Server
from workers.settings import worker_settings

pytestmark = pytest.mark.asyncio


async def test_each_installation_queues_its_own_purge_in_the_same_instant(clean: Server) -> None:
    assert clean.settings.redis_url is not None
    pool = await create_pool(RedisSettings.from_dsn(clean.settings.redis_url))
    installations = [
        clean.settings.with_changes(redis_prefix=f"{clean.settings.redis_prefix}:{name}")
        for name in ("first", "second")
    ]
    instant = datetime.now(UTC)  # both workers' schedules fire at once, as two hosts' would
    queued: dict[str, list[str]] = {}
    try:
        for settings in installations:
            worker = create_worker(worker_settings(settings), handle_signals=False, redis_pool=pool)
            await worker.run_cron(instant, delay=0.5)
            jobs = await pool.zrange(f"{settings.redis_prefix}:queue", 0, -1)
            queued[settings.redis_prefix] = [job.decode() for job in jobs]
    finally:
        for jobs in queued.values():
            for job in jobs:
                await pool.delete(f"arq:job:{job}")
        for settings in installations:
            await pool.delete(f"{settings.redis_prefix}:queue")
        await pool.aclose()
    for prefix, jobs in queued.items():
        # One purge each, named by its installation (arq appends the instant in ms, rounded its way).
        purges = [job for job in jobs if "purge_expired_events" in job]
        assert len(purges) == 1, jobs
        assert purges[0].startswith(f"cron:{prefix}:purge_expired_events:"), jobs
