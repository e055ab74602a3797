"""Real `etp worker` processes sharing schedules: exactly once, no gaps, across crashes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from core.events.sources import EventSource
from core.triggers.definitions import ScheduledTriggerInput, create_scheduled_trigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import Server, free_port
from tests.core.storage import tables

pytestmark = pytest.mark.asyncio


@pytest.fixture
def postgres_only(clean: Server) -> Server:
    return clean


async def start_worker(
    server: Server, health_port: int, **more_env: str
) -> asyncio.subprocess.Process:
    settings = server.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
        "LOG_LEVEL": "WARNING",
        "WORKER_HEALTH_PORT": str(health_port),
        **more_env,
    }
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "etp.cli", "worker", env=env)


async def _ready(ports: list[int]) -> None:
    """Until each worker answers /readyz (database and scheduler up): one still importing
    (seconds on a loaded machine) would make the first firings late for reasons outside the
    scheduler."""
    async with httpx.AsyncClient(timeout=1) as client:
        for port in ports:
            for _ in range(600):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(f"the worker on health port {port} was not ready in 60 s")


@contextlib.asynccontextmanager
async def workers(server: Server, count: int) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    ports = [free_port() for _ in range(count)]
    processes = [await start_worker(server, port) for port in ports]
    try:
        await _ready(ports)
        yield processes
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            await asyncio.wait_for(process.wait(), 30)


async def every_second_triggers(count: int) -> list[str]:
    ids = []
    for n in range(count):
        trigger = await create_scheduled_trigger(
            ScheduledTriggerInput(name=f"tick-{n:03d}", schedule=ScheduleInput(every_seconds=1)),
            now=datetime.now(UTC),
        )
        assert not isinstance(trigger, list), trigger
        ids.append(str(trigger.id))
    return ids


async def firing_times() -> dict[str, list[datetime]]:
    times: dict[str, list[datetime]] = defaultdict(list)
    for event in await tables.stored_events(source=EventSource.SCHEDULE):
        assert event.scheduled_for is not None
        times[str(event.trigger_id)].append(event.scheduled_for)
    for each in times.values():
        each.sort()
    return times


def assert_consecutive_seconds(times: list[datetime], *, at_least: int) -> None:
    assert len(times) >= at_least, times
    assert len(set(times)) == len(times), "a firing was written twice"
    expected = [times[0] + timedelta(seconds=n) for n in range(len(times))]
    assert times == expected, "a firing is missing"


async def test_three_workers_fire_each_schedule_once_per_second_without_gaps(
    postgres_only: Server,
) -> None:
    """Correctness only: every trigger fires, each second once, none skipped. How late the
    firings are is a bench (bench/scheduler_workers.py), not a test."""
    async with workers(postgres_only, 3):
        ids = await every_second_triggers(50)
        await asyncio.sleep(6)
    times = await firing_times()
    assert set(times) == set(ids)
    for trigger_id in ids:
        assert_consecutive_seconds(times[trigger_id], at_least=3)


async def test_workers_killed_mid_run_lose_and_duplicate_nothing(postgres_only: Server) -> None:
    ids = await every_second_triggers(50)
    async with workers(postgres_only, 2) as first:
        await asyncio.sleep(3)
        for process in first:
            process.kill()  # SIGKILL: no shutdown hooks, transactions cut off mid-flight
        await asyncio.gather(*(p.wait() for p in first))
        killed_at = datetime.now(UTC)
        await asyncio.sleep(3)  # downtime, well inside the 60 s grace
        async with workers(postgres_only, 1):
            await asyncio.sleep(4)
    times = await firing_times()
    for trigger_id in ids:
        assert_consecutive_seconds(times[trigger_id], at_least=8)
    caught_up = await tables.stored_events(
        source=EventSource.SCHEDULE,
        scheduled_for__gt=killed_at + timedelta(seconds=1),
        scheduled_for__lt=killed_at + timedelta(seconds=2),
    )
    assert caught_up, "firings due while no worker ran were not caught up"
    assert all(e.fired_at - e.scheduled_for > timedelta(seconds=1) for e in caught_up)
