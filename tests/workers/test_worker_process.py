"""`etp worker` as a real process: it connects, runs its cron jobs and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from tests.conftest import Server
from workers.jobs import heartbeat_key

pytestmark = pytest.mark.asyncio


async def test_worker_process_beats_and_stops_cleanly(clean: Server) -> None:
    settings = clean.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        "worker",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        key = heartbeat_key(settings.redis_prefix)
        for _ in range(100):
            if await clean.services.redis.zcard(key):
                break
            await asyncio.sleep(0.1)
        members = await clean.services.redis.zrange(key, 0, -1)
        assert any(m.decode().endswith(f":{process.pid}") for m in members), members
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()[-2000:]
