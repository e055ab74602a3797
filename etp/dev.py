"""`etp dev`: API and worker in one process; embedded SQLite and Redis unless URLs are given."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path

import uvicorn

from api.app import create_app
from api.gc_tuning import tune_for_serving
from api.serving import uvicorn_options
from core.access.api_keys import KeyVerifier, create_key
from core.platform.settings import Settings
from core.runtime import close_platform, open_platform
from core.storage import database as db
from etp.embedded import EmbeddedRedis
from workers.supervisor import supervise

log = logging.getLogger("etp.dev")


def dev_settings(settings: Settings) -> Settings:
    """What `etp dev` turns on unless the environment says otherwise: GraphiQL to explore."""
    if settings.graphiql is None:
        return settings.with_changes(graphiql=True)
    return settings


def run_dev(settings: Settings) -> int:
    settings = dev_settings(settings)
    embedded = EmbeddedRedis(settings.data_dir) if settings.redis_url is None else None
    if embedded is not None:
        settings = settings.with_changes(redis_url=embedded.url)
    try:
        asyncio.run(
            _serve(settings, redis_label="embedded" if embedded else str(settings.redis_url))
        )
    except KeyboardInterrupt:
        pass
    finally:
        if embedded is not None:
            embedded.close()
    return 0


async def _serve(settings: Settings, *, redis_label: str) -> None:
    await db.migrate(settings)
    # Migrations initialise the ORM only partially; models are usable after a fresh init.
    await db.close_database()
    platform = await open_platform(settings)
    key = await ensure_dev_key(settings.data_dir / "dev-api-key")
    tune_for_serving()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, platform=platform),
            host=settings.host,
            port=settings.port,
            ws_per_message_deflate=False,
            **uvicorn_options(),
        )
    )
    worker_stop = asyncio.Event()
    worker_task = asyncio.create_task(supervise(settings, platform, worker_stop), name="worker")
    backend = "SQLite " + str(settings.sqlite_path) if settings.embedded_database else "Postgres"
    print(
        "\n".join(
            [
                "",
                f"  etp dev: {backend}, Redis {redis_label}",
                f"  Dashboard: {settings.public_url}/  (sign in with the API key below)",
                f"  GraphiQL:  {settings.public_url}/graphql",
                f"  API key:   {key}",
                "",
            ]
        ),
        flush=True,
    )
    try:
        await server.serve()
    finally:
        worker_stop.set()
        # uvicorn re-raises the SIGINT it caught once serving ends, and asyncio.run's handler
        # cancels this task: the resources below must still be closed (an open SQLite
        # connection's thread would keep the process alive).
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await worker_task
        await close_platform(platform)


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
