"""`etp dev`: API and worker in one process; embedded PostgreSQL and Redis unless URLs are given.

Shutdown (Ctrl-C or SIGTERM) runs in this order, each step bounded: stop accepting requests,
stop the worker, close the process services (pools, event log), stop the embedded servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from api.app import create_app
from api.gc_tuning import tune_for_serving
from api.serving import uvicorn_options
from core.access.api_keys import KeyVerifier, create_key
from core.platform.settings import Settings
from core.runtime import close_services, open_services
from core.storage import database as db
from etp.embedded import EmbeddedPostgres, EmbeddedRedis, EmbeddedServerError, data_dir_lock
from workers.supervisor import supervise

log = logging.getLogger("etp.dev")

# Ctrl-C must end `etp dev` within 5 s (servers included): each shutdown step gets a bound.
WORKER_STOP_SECONDS = 2.0
SERVICES_CLOSE_SECONDS = 1.0


def dev_settings(settings: Settings) -> Settings:
    """What `etp dev` turns on unless the environment says otherwise: GraphiQL to explore, and
    deliveries to receivers on this machine (DELIVERY_ALLOW_PRIVATE)."""
    if settings.graphiql is None:
        settings = settings.with_changes(graphiql=True)
    if "DELIVERY_ALLOW_PRIVATE" not in os.environ:
        settings = settings.with_changes(delivery_allow_private=True)
    return settings


def run_dev(settings: Settings) -> int:
    try:
        _run(dev_settings(settings))
    except EmbeddedServerError as error:
        print(f"etp: {error}", file=sys.stderr)
        return 1
    return 0


def _run(settings: Settings) -> None:
    # Servers stop last, in reverse order of start, after everything that uses them. Ctrl-C
    # while they start (before `_serve` handles it) stops those already started.
    with contextlib.suppress(KeyboardInterrupt), contextlib.ExitStack() as servers:
        labels = {"database": "Postgres (DATABASE_URL)", "redis": "Redis (REDIS_URL)"}
        if settings.database_url is None or settings.redis_url is None:
            servers.enter_context(data_dir_lock(settings.etp_data_dir))
        if settings.database_url is None:
            postgres = EmbeddedPostgres(settings.etp_data_dir)
            servers.callback(postgres.close)
            settings = settings.with_changes(database_url=postgres.url)
            labels["database"] = f"embedded PostgreSQL in {postgres.pgdata}"
        if settings.redis_url is None:
            embedded_redis = EmbeddedRedis(settings.etp_data_dir)
            servers.callback(embedded_redis.close)
            settings = settings.with_changes(redis_url=embedded_redis.url)
            labels["redis"] = "embedded Redis"
        asyncio.run(_serve(settings, backends=f"{labels['database']}, {labels['redis']}"))
        log.info("stopping the embedded servers")
    log.info("etp dev stopped")


class _DevServer(uvicorn.Server):
    """uvicorn without its own signal handling: `_serve` owns Ctrl-C and the shutdown order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _on_stop_signals(server: uvicorn.Server, stopping: asyncio.Event) -> None:
    """Ctrl-C or SIGTERM: stop accepting, then close the rest (`_serve`); a second one also
    drops the connections still open instead of waiting for them."""

    def stop() -> None:
        if stopping.is_set():
            server.force_exit = True
        stopping.set()
        server.should_exit = True

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)


async def _serve(settings: Settings, *, backends: str) -> None:
    stopping = asyncio.Event()
    server = _DevServer(
        uvicorn.Config(
            "api.app:create_app",  # replaced below, once the services are open
            host=settings.host,
            port=settings.port,
            ws_per_message_deflate=False,
            # Open websockets (GraphiQL's subscriptions) must not hold the shutdown up.
            timeout_graceful_shutdown=1,
            **uvicorn_options(settings),
        )
    )
    _on_stop_signals(server, stopping)
    await db.migrate(settings)
    # Migrations initialise the ORM only partially; models are usable after a fresh init.
    await db.close_database()
    services = await open_services(settings)
    try:
        if stopping.is_set():
            return
        key = await ensure_dev_key(settings.etp_data_dir / "dev-api-key")
        tune_for_serving()
        server.config.app = create_app(settings, services=services)
        worker_stop = asyncio.Event()
        worker = asyncio.create_task(supervise(settings, services, worker_stop), name="worker")
        print(
            "\n".join(
                [
                    "",
                    f"  etp dev: {backends}",
                    f"  Dashboard: {settings.base_url}/  (sign in with the API key below)",
                    f"  GraphiQL:  {settings.base_url}/graphql",
                    f"  API key:   {key}",
                    "  Ctrl-C stops it; the data stays in " + str(settings.etp_data_dir),
                    "",
                ]
            ),
            flush=True,
        )
        try:
            await server.serve()
        finally:
            worker_stop.set()
            await _within(WORKER_STOP_SECONDS, worker)
    finally:
        await _within(SERVICES_CLOSE_SECONDS, asyncio.ensure_future(close_services(services)))


async def _within(seconds: float, task: asyncio.Future[None]) -> None:
    """Waits for `task` at most `seconds`, then cancels it: Ctrl-C must end `etp dev` promptly."""
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        log.warning(
            "shutdown step timed out",
            extra={"step": task.get_name() if isinstance(task, asyncio.Task) else ""},
        )
        task.cancel()
        await asyncio.wait({task}, timeout=0.5)
    elif task.exception() is not None:
        log.error("shutdown step failed", exc_info=task.exception())


async def ensure_dev_key(path: Path) -> str:
    """The dev key is kept in the data directory so each start can print it again."""
    if path.exists():
        key = path.read_text().strip()
        if await KeyVerifier(cache_seconds=0).verify(key) is not None:
            return key
    issued = await create_key("dev")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issued.secret_key + "\n")
    os.chmod(path, 0o600)
    return issued.secret_key
