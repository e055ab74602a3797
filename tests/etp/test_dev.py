"""`etp dev` from nothing: embedded PostgreSQL and Redis, a printed key, the README tour works,
Ctrl-C stops it promptly with nothing left running, and the data is there on the next start."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from tests.conftest import free_port

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

# What the issue promises a newcomer: Ctrl-C ends `make dev` within 5 s.
CTRL_C_SECONDS = 5.0
TRIGGERS = "{ triggers(first: 10) { edges { node { name } } } }"


@dataclass
class Dev:
    process: asyncio.subprocess.Process
    client: httpx.AsyncClient
    output: asyncio.Task[bytes]


async def _read_key(stream: asyncio.StreamReader, printed: list[str]) -> str:
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError("etp dev exited before printing its key:\n" + "".join(printed))
        printed.append(line)
        if "API key:" in line:
            return line.split("API key:")[1].strip()


async def _start_dev(data_dir: Path, port: int, **options: Any) -> asyncio.subprocess.Process:
    """`etp dev` on embedded servers (no DATABASE_URL or REDIS_URL), its data in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"ETP_DATA_DIR": str(data_dir), "PORT": str(port), "LOG_LEVEL": "WARNING"})
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "etp.cli", "dev", env=env, stdout=asyncio.subprocess.PIPE, **options
    )


@asynccontextmanager
async def etp_dev(data_dir: Path) -> AsyncIterator[Dev]:
    """`etp dev` in a process group of its own, as a terminal runs a command in the foreground."""
    port = free_port()
    process = await _start_dev(
        data_dir, port, stderr=asyncio.subprocess.STDOUT, start_new_session=True
    )
    assert process.stdout is not None
    try:
        printed: list[str] = []
        key = await asyncio.wait_for(_read_key(process.stdout, printed), 60)
        assert any(f"Dashboard: http://127.0.0.1:{port}/" in line for line in printed), printed
        output = asyncio.create_task(process.stdout.read())
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key}, timeout=30
        ) as client:
            for _ in range(100):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            yield Dev(process, client, output)
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


async def _ctrl_c(dev: Dev) -> float:
    """SIGINT to the whole process group, as the terminal sends it; seconds until etp exits."""
    started = time.monotonic()
    os.killpg(dev.process.pid, signal.SIGINT)
    await asyncio.wait_for(dev.process.wait(), 30)
    return time.monotonic() - started


def _servers_of(data_dir: Path) -> list[str]:
    """Processes still serving from `data_dir`: postgres names its data directory on its command
    line; redis-server names its socket in its process title."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if str(data_dir) in command:
            found.append(f"{process.info['pid']}: {command}")
    return found


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """Not under pytest's temporary folder: as root the server runs as another user that must
    traverse to its data, and each new pytest session makes that folder private again."""
    folder = Path(tempfile.mkdtemp(prefix="etp-dev-test-"))
    yield folder / "data"
    shutil.rmtree(folder, ignore_errors=True)


async def _graphql(client: httpx.AsyncClient, query: str) -> dict[str, object]:
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, object] = body["data"]
    return data


async def test_etp_dev_serves_the_tour_stops_on_ctrl_c_and_keeps_its_data(data_dir: Path) -> None:
    async with etp_dev(data_dir) as dev:
        created = await _graphql(
            dev.client,
            'mutation { createApiTrigger(input: {name: "signup", apiSchema: {email: "str"}})'
            " { trigger { hookUrl } errors { message } } }",
        )
        hook_url = created["createApiTrigger"]["trigger"]["hookUrl"]  # type: ignore[index]
        fired = await dev.client.post(hook_url, json={"email": "a@example.com"})
        assert fired.status_code == 202, fired.text
        listed = await _graphql(dev.client, "{ events { edges { node { payload } } } }")
        assert listed["events"]["edges"] == [  # type: ignore[index]
            {"node": {"payload": {"email": "a@example.com"}}}
        ]
        seconds = await _ctrl_c(dev)
        output = (await dev.output).decode()
    assert dev.process.returncode == 0, output
    assert seconds < CTRL_C_SECONDS, f"Ctrl-C took {seconds:.1f} s\n{output}"
    assert _servers_of(data_dir) == []
    assert not (data_dir / "redis.sock").exists()
    assert (data_dir / "postgres" / "PG_VERSION").exists()

    async with etp_dev(data_dir) as dev:
        triggers = await _graphql(dev.client, TRIGGERS)
        assert triggers["triggers"]["edges"] == [{"node": {"name": "signup"}}]  # type: ignore[index]
        events = await _graphql(dev.client, "{ events { edges { node { payload } } } }")
        assert len(events["events"]["edges"]) == 1  # type: ignore[index]
        seconds = await _ctrl_c(dev)
    assert seconds < CTRL_C_SECONDS
    assert _servers_of(data_dir) == []


async def test_etp_dev_recovers_from_a_killed_run(data_dir: Path) -> None:
    """SIGKILL leaves both servers running and their pid files behind: the next start stops
    them and serves the same data."""
    async with etp_dev(data_dir) as dev:
        await _graphql(
            dev.client,
            'mutation { createApiTrigger(input: {name: "kept", apiSchema: {email: "str"}}) { errors { message } } }',
        )
        dev.process.kill()  # etp alone: its servers are in sessions of their own
        await dev.process.wait()
    assert len(_servers_of(data_dir)) >= 2  # the orphans the next start must deal with
    assert (data_dir / "postgres" / "postmaster.pid").exists()

    async with etp_dev(data_dir) as dev:
        triggers = await _graphql(dev.client, TRIGGERS)
        assert triggers["triggers"]["edges"] == [{"node": {"name": "kept"}}]  # type: ignore[index]
        assert await _ctrl_c(dev) < CTRL_C_SECONDS
    assert _servers_of(data_dir) == []


async def test_a_second_etp_dev_on_the_same_data_refuses_and_leaves_the_first_serving(
    data_dir: Path,
) -> None:
    async with etp_dev(data_dir) as dev:
        second = await _start_dev(data_dir, free_port(), stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 1
        assert "in use by another etp dev" in err.decode()
        assert (await dev.client.get("/readyz")).status_code == 200
        assert await _ctrl_c(dev) < CTRL_C_SECONDS
    assert _servers_of(data_dir) == []
