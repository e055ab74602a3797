"""Test services: one PostgreSQL and one Redis for the whole run, and the real ASGI server on a
local port in front of them.

Which services (printed in the header): those named by TEST_DATABASE_URL / TEST_REDIS_URL (else
DATABASE_URL / REDIS_URL); else the local ones when they answer (127.0.0.1:5432 and :6379;
ETP_LOCAL_DATABASE_PROBE / ETP_LOCAL_REDIS_PROBE name others); else embedded servers from the
wheels, started for the run. ETP_REQUIRE_SERVICES=1 (set by .ci/run) makes a local service that
does not answer a failure instead of a reason to start embedded ones, so CI tests what it names.

The run touches only what it made: a database `etp_test_<random>`, dropped at the end, and Redis
keys under a prefix of its own, deleted at the end (never FLUSHDB: the db may be shared).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
import redis
import redis.asyncio
import uvicorn

from api.app import create_app
from api.graphql import fast_paths
from api.serving import uvicorn_options
from core.access.api_keys import create_key
from core.access.scopes import READ_ONLY_SCOPES
from core.platform.settings import Settings
from core.runtime import ProcessServices, close_services, open_services
from core.storage import database as db
from etp.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from tests.core.storage import tables

REQUIRE_SERVICES = os.environ.get("ETP_REQUIRE_SERVICES") == "1"
NAMED_DATABASE = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
NAMED_REDIS = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
LOCAL_DATABASE = os.environ.get(
    "ETP_LOCAL_DATABASE_PROBE", "postgres://postgres@127.0.0.1:5432/postgres"
)
LOCAL_REDIS = os.environ.get("ETP_LOCAL_REDIS_PROBE", "redis://127.0.0.1:6379/0")
RUN_ID = secrets.token_hex(4)


def _with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return parts.geturl()


async def _admin(url: str) -> asyncpg.Connection:
    """A connection to the server of `url`: its own database, else `postgres`."""
    try:
        return await asyncpg.connect(url, timeout=3)
    except asyncpg.InvalidCatalogNameError:
        return await asyncpg.connect(_with_database(url, "postgres"), timeout=3)


def _postgres_answers(url: str) -> bool:
    async def probe() -> bool:
        try:
            connection = await _admin(url)
        except (OSError, asyncpg.PostgresError):
            return False
        await connection.close()
        return True

    return asyncio.run(probe())


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except (OSError, redis.RedisError):
        return False
    finally:
        client.close()


@dataclass
class Services:
    """What the run uses and what it must undo at the end."""

    server_url: str  # any database on the Postgres server; the run's own is `database`
    redis_url: str
    database: str = f"etp_test_{RUN_ID}"
    redis_prefix: str = f"etptest-{RUN_ID}"
    labels: list[str] = field(default_factory=list)
    embedded: list[EmbeddedPostgres | EmbeddedRedis] = field(default_factory=list)

    @property
    def database_url(self) -> str:
        return _with_database(self.server_url, self.database)

    def describe(self) -> str:
        return (
            f"services: {', '.join(self.labels)}; "
            f"database {self.database}, Redis keys {self.redis_prefix}:*"
        )


def _choose(named: str | None, local: str, answers: Callable[[str], bool], kind: str) -> str | None:
    """The service's URL, or None: start an embedded one."""
    if named:
        return named
    up = answers(local)
    if up:
        return local
    if REQUIRE_SERVICES:
        raise pytest.UsageError(
            f"ETP_REQUIRE_SERVICES=1 and no {kind} answers at {_redacted(local)}"
        )
    return None


def _open_services(data_dir: Path) -> Services:
    database = _choose(NAMED_DATABASE, LOCAL_DATABASE, _postgres_answers, "PostgreSQL")
    redis_url = _choose(NAMED_REDIS, LOCAL_REDIS, _redis_answers, "Redis")
    embedded: list[EmbeddedPostgres | EmbeddedRedis] = []
    labels = []
    try:
        if database is None:
            postgres = EmbeddedPostgres(data_dir)
            embedded.append(postgres)
            database = postgres.url
            labels.append(f"embedded PostgreSQL on :{postgres.port}")
        else:
            labels.append(f"PostgreSQL {_redacted(database)}")
        if redis_url is None:
            embedded_redis = EmbeddedRedis(data_dir)
            embedded.append(embedded_redis)
            redis_url = embedded_redis.url
            labels.append("embedded Redis")
        else:
            labels.append(f"Redis {_redacted(redis_url)}")
        services = Services(database, redis_url, labels=labels, embedded=embedded)
        asyncio.run(_create_database(services))
    except BaseException:
        for server in reversed(embedded):
            server.close()
        raise
    return services


async def _create_database(services: Services) -> None:
    admin = await _admin(services.server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{services.database}"')
    finally:
        await admin.close()


async def _drop_database(services: Services) -> None:
    admin = await _admin(services.server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{services.database}" WITH (FORCE)')
    finally:
        await admin.close()


async def delete_keys(client: redis.asyncio.Redis, prefix: str) -> None:
    """Only the run's own keys: the Redis db may be shared with other runs."""
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=1000)]
    for start in range(0, len(keys), 1000):
        await client.unlink(*keys[start : start + 1000])


async def _delete_run_keys(services: Services) -> None:
    client = redis.asyncio.Redis.from_url(services.redis_url)
    try:
        await delete_keys(client, services.redis_prefix)
    finally:
        await client.aclose()


def _close_services(services: Services) -> None:
    try:
        with contextlib.suppress(OSError, asyncpg.PostgresError):
            asyncio.run(_drop_database(services))
        with contextlib.suppress(OSError, redis.RedisError):
            asyncio.run(_delete_run_keys(services))
    finally:
        for server in reversed(services.embedded):
            server.close()


_SERVICES: list[Services] = []
_DATA_DIR: list[str] = []
_DESCRIBED: list[str] = []


def services() -> Services:
    """Opened once, for the header that names them, and closed when the session finishes."""
    if not _SERVICES:
        _DATA_DIR.append(tempfile.mkdtemp(prefix="etp-test-services-"))
        try:
            _SERVICES.append(_open_services(Path(_DATA_DIR[0])))
            _DESCRIBED.append(_SERVICES[0].describe())
        except BaseException:
            shutil.rmtree(_DATA_DIR.pop(), ignore_errors=True)
            raise
    return _SERVICES[0]


def _is_xdist_controller(config: pytest.Config) -> bool:
    """Under pytest-xdist the controller runs no test: each worker opens services of its own
    (its own database and key prefix, since RUN_ID is drawn per process)."""
    workers = getattr(config.option, "numprocesses", None)
    return not hasattr(config, "workerinput") and bool(workers)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Before any event loop runs: opening them runs event loops of its own.
    if not _is_xdist_controller(session.config):
        services()


def pytest_report_header(config: pytest.Config) -> str:
    if _is_xdist_controller(config):
        return "services: opened by each xdist worker (its own database and Redis key prefix)"
    return services().describe()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # Also under -q, which hides the header; the services are closed by now.
    for description in _DESCRIBED:
        terminalreporter.write_line(description)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _SERVICES:
        _close_services(_SERVICES.pop())
    while _DATA_DIR:
        shutil.rmtree(_DATA_DIR.pop(), ignore_errors=True)


def _unavailable(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# `make test` runs the GraphQL suite again with GRAPHQL_FAST_PATHS=0: the server in this process
# follows the variable, as the `etp api` processes tests start do.
FAST_PATHS_ON = Settings.from_env(
    {"GRAPHQL_FAST_PATHS": os.environ.get("GRAPHQL_FAST_PATHS", "1")}
).graphql_fast_paths
# For the tests that measure a fast path itself (how often it executed, what it shared).
fast_paths_only = pytest.mark.skipif(
    not FAST_PATHS_ON, reason="measures a fast path: GRAPHQL_FAST_PATHS is off"
)


@dataclass
class Backend:
    settings: Settings


@pytest.fixture(scope="session")
async def backend(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    chosen = services()
    return Backend(
        Settings(
            database_url=chosen.database_url,
            redis_url=chosen.redis_url,
            redis_prefix=chosen.redis_prefix,
            live_queue_size=50,
            etp_data_dir=tmp_path_factory.mktemp("etp-data"),
            port=free_port(),
            log_format="text",
            api_key_cache_seconds=0.2,
            # Off by default in production; on here so that every read path test goes through it.
            event_list_cache=True,
            graphql_fast_paths=FAST_PATHS_ON,
            # Tests send unknown tokens and keys from one address all session long: off here,
            # on in tests/api/test_unknown_credentials.py's own processes.
            unknown_credential_rate_limit="0",
        )
    )


@dataclass
class Server:
    backend: Backend
    services: ProcessServices
    base_url: str
    # The server's event list cache (None with the fast paths off), reset before each test.
    event_lists: fast_paths.EventListCache | None = None

    @property
    def settings(self) -> Settings:
        return self.services.settings


@asynccontextmanager
async def serving(
    services: ProcessServices, port: int, *, event_lists: fast_paths.EventListCache | None = None
) -> AsyncIterator[str]:
    """The real ASGI app under uvicorn on a local port, in this event loop; yields its URL.
    `event_lists`: the event list cache it uses (else the settings decide)."""
    uv = uvicorn.Server(
        uvicorn.Config(
            create_app(services.settings, services=services, event_lists=event_lists),
            host="127.0.0.1",
            port=port,
            lifespan="on",
            **uvicorn_options(services.settings),
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
    # Not the `services` fixture (this run's Postgres and Redis): the API process's own.
    process_services = await open_services(settings)
    event_lists = fast_paths.event_list_cache(process_services)
    try:
        async with serving(process_services, settings.port, event_lists=event_lists) as base_url:
            yield Server(
                backend=backend,
                services=process_services,
                base_url=base_url,
                event_lists=event_lists,
            )
    finally:
        await close_services(process_services)


@pytest.fixture
async def clean(server: Server) -> Server:
    """Each test starts from empty tables, none of the run's Redis keys and a fresh list cache."""
    await tables.delete_all_rows()
    await delete_keys(server.services.redis, server.settings.redis_prefix)
    if server.event_lists is not None:
        server.event_lists.reset()
    return server


@pytest.fixture
async def api_key(clean: Server) -> str:
    return (await create_key("test")).secret_key


@pytest.fixture
async def read_only_key(clean: Server) -> str:
    return (await create_key("reader", READ_ONLY_SCOPES)).secret_key


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
async def api_process(
    server: Server, *args: str, port: int | None = None, stderr: int | None = None, **extra_env: str
) -> AsyncIterator[str]:
    """`etp api` as a real process; `args` are extra `etp api` options. A given port lets a test
    restart the process where its clients reconnect; `stderr` (a file descriptor) receives its
    logs."""
    settings = server.settings
    port = port or free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "etp.cli", "api", *args, env=env, stderr=stderr
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
        # A test may have stopped it already (or it died): nothing to signal then.
        with contextlib.suppress(ProcessLookupError):
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
