"""Shared set-up for bench scenarios: a fresh database, servers as real processes, a key."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
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


# The product as shipped, with each limit set far above what a bench sends (never off), so
# that no request is refused and every guard still runs: rate limits counted, access log written
# (at INFO, as shipped, to the server's log file), metrics kept, bodies capped, payloads validated.
ABOVE_THE_LOAD = {
    "HOOK_RATE_LIMIT": "1000000/second",
    "API_RATE_LIMIT": "1000000/second",
    "API_COST_PER_MINUTE": "100000000000",
    "LOG_LEVEL": "INFO",
}


def etp_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of the caller's bench servers. Their Redis keys and channels are named
    after the caller's database, so benches running at once on different databases (two
    people, or two scenarios) never read each other's keys or live events."""
    database = urlsplit(database_url).path.lstrip("/") or "postgres"
    return {
        **ABOVE_THE_LOAD,
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "REDIS_PREFIX": f"etpbench-{database}",
        **extra,
    }


# The settings that decide what runs on a request's path, printed with every figure.
GUARD_FIELDS = (
    "hook_rate_limit",
    "api_rate_limit",
    "api_cost_per_minute",
    "rate_limit_slices",
    "graphql_max_cost",
    "hook_max_body_bytes",
    "http_read_timeout_seconds",
    "http_header_timeout_seconds",
    "graphql_max_response_bytes",
    "log_level",
    "log_format",
    "graphql_fast_paths",
    "event_list_cache",
    "api_key_cache_seconds",
)


def effective_settings(env: dict[str, str]) -> str:
    """What the server process reads from `env`, as Settings parses it (the guards' limits), and
    the bench-only switches that turn guards off (bench/guard_switches.py), if any."""
    from core.platform.settings import Settings

    settings = Settings.from_env(env)
    shown = ", ".join(f"{name}={getattr(settings, name)!r}" for name in GUARD_FIELDS)
    off = env.get(GUARDS_OFF_ENV, "").strip()
    return shown + f"; guards off: {off or 'none'}"


GUARDS_OFF_ENV = "BENCH_GUARDS_OFF"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


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


LOG_DIR = Path(tempfile.gettempdir()) / "etp-bench-logs"


@contextlib.contextmanager
def uvicorn_process(
    app: str, port: int, env: dict[str, str], *, factory: bool = False
) -> Iterator[str]:
    """One uvicorn worker process, started as `etp api` starts it (bench/serve.py: the same
    uvicorn options, HTTP protocol with its header deadline included); both sides of a
    comparison get exactly these flags. Its log (the access log among it) goes to
    `server_log(url)`, as an operator's would go to a file or a collector."""
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{port}.log"
    args = [sys.executable, "-m", "bench.serve", app, "--port", str(port)]
    args += ["--factory"] if factory else []
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, a graceful 15 s, then SIGKILL."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def server_log(url: str) -> Path:
    return LOG_DIR / f"{urlsplit(url).port}.log"


def access_log_lines(url: str) -> int:
    """Lines of api/access_log.py's logger in the server's log so far: shows the log was on."""
    with contextlib.suppress(FileNotFoundError), open(server_log(url), "rb") as log:
        return sum(1 for line in log if b'"etp.access"' in line)
    return 0


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
