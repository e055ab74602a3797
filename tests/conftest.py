"""Test backends: every test that touches storage runs against embedded (SQLite + embedded Redis)
and against Postgres + Redis, through the real ASGI server on a local port.

ETP_REQUIRE_SERVICES=1 (set by .ci/run) turns an unreachable Postgres or Redis into a failure
instead of a skip, so CI can never pass by testing less.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis.asyncio as aioredis
import uvicorn

from api.app import create_app
from api.serving import uvicorn_options
from core.access.api_keys import Scope, create_key
from core.platform.settings import Settings
from core.runtime import Platform, close_platform, open_platform
from core.storage import database as db
from core.storage.models import (
    ApiKey,
    BrowserSession,
    DeferredTest,
    Event,
    EventCount,
    Trigger,
)
from etp.embedded import EmbeddedRedis

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/etp_test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_SERVICES = os.environ.get("ETP_REQUIRE_SERVICES") == "1"
BACKENDS = [b for b in os.environ.get("ETP_TEST_BACKENDS", "embedded,postgres").split(",") if b]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _postgres_ready(url: str) -> str | None:
    """Creates the test database if needed and empties it; returns why it is unusable, if so."""
    database = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        admin = await asyncpg.connect(admin_url, timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"Postgres unreachable at {admin_url}: {error}"
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    return None


async def _redis_ready(url: str) -> str | None:
    client = aioredis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
        await client.flushdb()
    except (OSError, aioredis.RedisError) as error:
        return f"Redis unreachable at {url}: {error}"
    finally:
        await client.aclose()
    return None


def _unavailable(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@dataclass
class Backend:
    name: str
    settings: Settings


@pytest.fixture(scope="session", params=BACKENDS)
async def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Backend]:
    data_dir = tmp_path_factory.mktemp(f"etp-{request.param}")
    port = free_port()
    base = Settings(
        live_queue_size=50,
        data_dir=data_dir,
        port=port,
        redis_prefix="etptest",
        log_json=False,
        api_key_cache_seconds=0.2,
        # Off by default in production; on here so that every read path test goes through it.
        event_list_cache=True,
    )
    if request.param == "embedded":
        embedded = EmbeddedRedis(data_dir)
        try:
            yield Backend("embedded", base.with_changes(redis_url=embedded.url))
        finally:
            embedded.close()
        return
    if request.param != "postgres":
        raise ValueError(f"unknown backend {request.param!r} in ETP_TEST_BACKENDS")
    for problem in (await _postgres_ready(POSTGRES_URL), await _redis_ready(REDIS_URL)):
        if problem:
            _unavailable(problem)
    yield Backend("postgres", base.with_changes(database_url=POSTGRES_URL, redis_url=REDIS_URL))


@dataclass
class Server:
    backend: Backend
    platform: Platform
    base_url: str

    @property
    def settings(self) -> Settings:
        return self.platform.settings


@asynccontextmanager
async def serving(platform: Platform, port: int) -> AsyncIterator[str]:
    """The real ASGI app under uvicorn on a local port, in this event loop; yields its URL."""
    uv = uvicorn.Server(
        uvicorn.Config(
            create_app(platform.settings, platform=platform),
            host="127.0.0.1",
            port=port,
            lifespan="on",
            **uvicorn_options(),
        )
    )
    task = asyncio.create_task(uv.serve())
    while not uv.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        await task


@pytest.fixture(scope="session")
async def server(backend: Backend) -> AsyncIterator[Server]:
    settings = backend.settings
    await db.migrate(settings)
    await db.close_database()
    platform = await open_platform(settings)
    try:
        async with serving(platform, settings.port) as base_url:
            yield Server(backend=backend, platform=platform, base_url=base_url)
    finally:
        await close_platform(platform)


@pytest.fixture
async def clean(server: Server) -> Server:
    """Each test starts from empty tables, an empty Redis keyspace and a fresh list cache."""
    await Event.all().delete()
    await EventCount.all().delete()
    await Trigger.all().delete()
    await DeferredTest.all().delete()
    await BrowserSession.all().delete()
    await ApiKey.all().delete()
    await server.platform.redis.flushdb()
    server.platform.event_lists.reset()
    return server


@pytest.fixture
async def api_key(clean: Server) -> str:
    return (await create_key("test")).secret_key


@pytest.fixture
async def read_only_key(clean: Server) -> str:
    return (await create_key("reader", frozenset({Scope.READ}))).secret_key


@pytest.fixture
async def http(clean: Server) -> AsyncIterator[httpx.AsyncClient]:
    """An unauthenticated client for the REST shim (hook tokens are their own credential)."""
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=30) as client:
        yield client


class GraphQLClient:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, **kw
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of an operation that must not fail at the top level."""
        body = await self.raw(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def gql(clean: Server, api_key: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(
        base_url=clean.base_url, timeout=30, headers={"X-API-Key": api_key}
    ) as client:
        yield GraphQLClient(client)


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@contextlib.asynccontextmanager
async def api_process(server: Server, *args: str, **extra_env: str) -> AsyncIterator[str]:
    """`etp api` as a real process; `args` are extra `etp api` options."""
    settings = server.settings
    port = free_port()
    database_url = settings.database_url or f"sqlite://{settings.sqlite_path.resolve()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "etp.cli", "api", *args, env=env
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base_url) as client:
            for _ in range(200):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("etp api did not become ready")
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


# The fuzzing and fault-injection stages run after everything else: they churn the test
# database (thousands of rows written and deleted), and the scheduler's timing test measured
# behind tests/fuzz a p99 lateness of 1.4 s, against 0.1-0.3 s without it before.
STAGES = ("tests/fuzz/", "tests/faults/")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def is_stage(item: pytest.Item) -> bool:
        return any(stage in item.nodeid for stage in STAGES)

    items.sort(key=is_stage)  # stable: every other order is kept
