"""Shared set-up for bench scenarios: a fresh database, servers as real processes, a key."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx

from etp.embedded import free_port as free_port  # re-exported for the scenarios

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def fresh_database(name: str) -> str:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


async def drop_database(name: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def run_dropping(scenario: Coroutine[object, object, None], *databases: str) -> None:
    """Runs a scenario, then drops the bench databases it made, also after a failure or Ctrl-C:
    a 10,000-trigger or million-event database left behind costs the next engineer disk."""

    async def run() -> None:
        try:
            await scenario
        finally:
            for name in databases:
                await drop_database(name)
            say(f"dropped {', '.join(databases)}")

    asyncio.run(run())


def etp_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of the caller's bench servers. Their Redis keys and channels are named
    after the caller's database, so benches running at once on different databases (two
    people, or two scenarios) never read each other's keys or live events."""
    database = urlsplit(database_url).path.lstrip("/") or "postgres"
    return {
        # The default per-token and per-key limits would answer most bench requests with 429,
        # which the load generator counts in requests/s: the figures measure the request path.
        "HOOK_RATE_LIMIT": "0",
        "API_RATE_LIMIT": "0",
        "API_COST_PER_MINUTE": "0",
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "REDIS_PREFIX": f"etpbench-{database}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def etp(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "etp.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@contextlib.contextmanager
def uvicorn_process(
    app: str, port: int, env: dict[str, str], *, factory: bool = False
) -> Iterator[str]:
    """One uvicorn worker process; both sides of a comparison get exactly these flags."""
    args = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    args += ["--no-access-log", "--log-level", "warning"] + (["--factory"] if factory else [])
    process = subprocess.Popen(args, env=env, cwd=ROOT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def server_pid(url: str) -> int:
    """The pid listening on the url's port (the uvicorn process started for this side)."""
    port = urlsplit(url).port
    out = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def wait_until_listening(base_url: str, path: str = "/healthz", within: float = 30) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=base_url) as client:
        while time.monotonic() < deadline:
            try:
                await client.get(path)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{base_url} did not start within {within} s")
