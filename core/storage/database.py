"""Database connection set-up and migrations (Tortoise's own)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connection
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from core.platform.settings import Settings, SettingsError
from core.storage import read_bounds

log = logging.getLogger("etp.db")

APP_LABEL = "etp"


def database_url(settings: Settings) -> str:
    if settings.database_url is None:
        # `etp dev` starts an embedded Postgres and sets the URL before the platform opens.
        raise SettingsError(
            "DATABASE_URL is not set: give a postgres:// URL, or run `etp dev`, which starts an"
            " embedded Postgres in ETP_DATA_DIR"
        )
    parts = urlsplit(settings.database_url)
    if parts.scheme == "postgresql":
        parts = parts._replace(scheme="postgres")
    return urlunsplit(parts)


async def keep_session(connection: object) -> None:
    """The pool's reset on release, in place of asyncpg's `pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL` round trip on every release.

    Safe because no code of ours leaves session state on a pooled connection: advisory locks are
    transaction-scoped (`pg_advisory_xact_lock`, `pg_try_advisory_xact_lock`), settings are
    `SET LOCAL` (read_bounds), nothing LISTENs or declares a cursor on the pool (live events come
    over Redis). asyncpg still rolls back a transaction left open before calling this, and its
    prepared statement cache is on the client, which the reset query never touched. A new use
    of session state on the pool must bring its own cleanup, or drop this.
    """


def tortoise_config(settings: Settings) -> dict[str, Any]:
    parts = urlsplit(database_url(settings))
    connection: dict[str, Any] = {
        "engine": "tortoise.backends.asyncpg",
        "credentials": {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password or "",
            "database": parts.path.lstrip("/") or "postgres",
            "minsize": 1,
            "maxsize": settings.database_pool_size,
            "reset": keep_session,
            **_tls(parts.query),
            # asyncpg's statement cache off: every statement unnamed, prepared and run in one
            # round of the protocol, so a pooler may move the next transaction elsewhere.
            **({} if settings.database_prepared_statements else {"statement_cache_size": 0}),
        },
    }
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": ["core.storage.models"],
                "migrations": "migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def open_database(settings: Settings) -> None:
    # Tortoise 1.x keeps its state in a contextvar. An ASGI server runs the lifespan in one task
    # and each request in another, so the state must also be the process-wide fallback.
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    read_bounds.configure(settings.query_timeout_seconds)


async def close_database() -> None:
    await Tortoise.close_connections()
    # Tortoise caches generated SQL by connection name: a process that reopens "default" on
    # another database must not reuse it.
    EXECUTOR_CACHE.clear()


async def migrate(settings: Settings) -> None:
    """Apply every pending migration; safe to run on each start (already applied ones are skipped)."""
    await tortoise_migrate(config=tortoise_config(settings))
    log.info("migrations applied", extra={"database": _redacted(database_url(settings))})


async def ping() -> None:
    await get_connection("default").execute_query("SELECT 1")


async def backend_pid() -> int:
    """The Postgres server process behind the default connection (bench/retention.py reads its
    CPU time around a purge)."""
    rows = await get_connection("default").execute_query_dict("SELECT pg_backend_pid() AS pid")
    return int(rows[0]["pid"])


# libpq's sslmode names that asyncpg takes as its `ssl` argument.
_SSL_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})


def _tls(query: str) -> dict[str, str]:
    """`?sslmode=require` (what managed Postgres services give) reaches asyncpg; without it,
    asyncpg's own default (prefer) applies."""
    modes = parse_qs(query).get("sslmode")
    if not modes:
        return {}
    if modes[-1] not in _SSL_MODES:
        raise SettingsError(
            f"DATABASE_URL: sslmode={modes[-1]!r} is not one of {', '.join(sorted(_SSL_MODES))}"
        )
    return {"ssl": modes[-1]}


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)
