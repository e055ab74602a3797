"""`etp api` and `etp worker` started while Postgres does not answer (through a proxy only they
use) wait for it, unready, logging the outage once, and become ready by themselves once it
answers (issue 24): a rollout that races the database needs no restart loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import Server, free_port
from tests.resilience.tcp_proxy import TcpProxy
from tests.resilience.test_api_outage import proxy, through

pytestmark = pytest.mark.asyncio

__all__ = ["proxy"]  # the fixture, shared with test_api_outage

# Long enough for several failed attempts at the capped backoff (2 s).
DOWN_SECONDS = 3.0
READY_SECONDS = 10.0
# Python and the imports of a loaded machine.
START_SECONDS = 30.0


@contextlib.asynccontextmanager
async def _etp(
    command: str, server: Server, database_url: str, **env: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        command,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": server.settings.redis_url or "",
            "REDIS_PREFIX": server.settings.redis_prefix,
            "LOG_LEVEL": "WARNING",
            **env,
        },
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _alive(client: httpx.AsyncClient) -> bool:
    try:
        return (await client.get("/healthz")).status_code == 200
    except httpx.TransportError:
        return False


async def _ready(client: httpx.AsyncClient) -> bool:
    try:
        return (await client.get("/readyz")).status_code == 200
    except httpx.TransportError:
        return False


async def _waits_then_becomes_ready(
    process: asyncio.subprocess.Process,
    client: httpx.AsyncClient,
    proxy: TcpProxy,
    *,
    failing: str,
) -> str:
    """Returns the process's log, once it logged `failing` (it met the outage: a slow start
    under load must not pass for a wait), stayed up and unready a while, then became ready."""
    assert process.stderr is not None
    first = ""
    started = time.monotonic()
    while failing not in first:
        line = await asyncio.wait_for(process.stderr.readline(), START_SECONDS)
        assert line, f"exited before meeting the outage: {first}"
        assert time.monotonic() - started < START_SECONDS, first
        first += line.decode()
    # It logs the outage a moment before it listens.
    started = time.monotonic()
    while not await _alive(client):
        assert time.monotonic() - started < START_SECONDS, "never served while waiting"
        await asyncio.sleep(0.05)
    deadline = time.monotonic() + DOWN_SECONDS
    while time.monotonic() < deadline:
        assert process.returncode is None, "it exited while the database was down"
        assert not await _ready(client), "ready while the database was down"
        # Alive meanwhile: a liveness probe must not restart it.
        assert (await client.get("/healthz")).status_code == 200
        await asyncio.sleep(0.2)
    proxy.restore()
    restored = time.monotonic()
    while not await _ready(client):
        assert process.returncode is None
        assert time.monotonic() - restored < READY_SECONDS, "not ready after the database came"
        await asyncio.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    log = first + (await asyncio.wait_for(process.stderr.read(), 30)).decode()
    # uvicorn re-raises the SIGTERM it handled once it has shut down.
    assert await process.wait() in (0, -signal.SIGTERM), log
    return log


@pytest.mark.parametrize(
    ("command", "port_variable", "failing"),
    [
        # The API's live hub starts from the log's newest id: it waits for that.
        ("api", "PORT", "start failing"),
        # The worker's scheduler fails until the database answers.
        ("worker", "WORKER_HEALTH_PORT", "scheduler failing"),
    ],
)
async def test_a_process_started_without_its_database_waits_for_it(
    clean: Server, proxy: TcpProxy, command: str, port_variable: str, failing: str
) -> None:
    proxy.down()
    port = free_port()
    async with (
        _etp(command, clean, through(proxy, clean), **{port_variable: str(port)}) as process,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client,
    ):
        log = await _waits_then_becomes_ready(process, client, proxy, failing=failing)
    # Once, however many attempts the wait took.
    assert log.count(failing) == 1, log
    assert "Traceback" not in log, log


async def test_an_api_waiting_for_its_database_stops_when_told(
    clean: Server, proxy: TcpProxy
) -> None:
    proxy.down()
    async with _etp("api", clean, through(proxy, clean), PORT=str(free_port())) as process:
        assert process.stderr is not None
        seen = ""
        while "start failing" not in seen:
            line = await asyncio.wait_for(process.stderr.readline(), START_SECONDS)
            assert line, seen
            seen += line.decode()
        process.send_signal(signal.SIGTERM)
        # A rollout that gives up on it does not wait out its grace period.
        assert await asyncio.wait_for(process.wait(), 10) in (0, -signal.SIGTERM)
