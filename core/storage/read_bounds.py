"""Every read runs under a time limit (QUERY_TIMEOUT_SECONDS): no caller can hold a pooled
connection, and a core of Postgres, for as long as an expensive filter takes.

Two ways, one limit, neither left behind on a pooled connection:
- `fetch`: one statement with asyncpg's per-call timeout. On expiry asyncpg asks the server to
  cancel the statement, and the connection waits for that before its next use. No extra round
  trip: the hot reads (event pages, live catch-up, the log's version) take this way.
- `bounded()`: a transaction with `SET LOCAL statement_timeout`, for ORM reads and for reads of
  several statements. LOCAL ends with the transaction, so the connection goes back to the pool
  without the limit.

Either way an expired read raises QueryTimeout, which the transports answer as QUERY_TIMEOUT
(GraphQL) or a 503 problem (REST), logged without a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.backends.asyncpg.client import TransactionWrapper
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connection

from core.storage.transactions import CONNECTION, QueryTimeout, transaction

DEFAULT_SECONDS = 5.0
_limit = {"seconds": DEFAULT_SECONDS}


def configure(seconds: float) -> None:
    """Set once when the database opens (core/storage/database.py)."""
    _limit["seconds"] = seconds


def limit_seconds() -> float:
    return _limit["seconds"]


async def fetch(sql: str, params: list[Any]) -> list[Any]:
    """The rows of one read statement, cancelled after the limit."""
    seconds = _limit["seconds"]
    try:
        async with get_connection(CONNECTION).acquire_connection() as connection:
            rows: list[Any] = await connection.fetch(sql, *params, timeout=seconds)
    except TimeoutError as error:
        raise QueryTimeout(_message(seconds)) from error
    except asyncpg.exceptions.QueryCanceledError as error:
        raise QueryTimeout(_message(seconds)) from error
    return rows


@contextlib.asynccontextmanager
async def bounded(**settings: str) -> AsyncIterator[BaseDBAsyncClient]:
    """A read transaction whose every statement is cancelled after the limit. `settings`: more
    SET LOCAL parameters for the same round trip (e.g. plan_cache_mode)."""
    seconds = _limit["seconds"]
    script = "; ".join(
        f"SET LOCAL {name} = {value}"
        for name, value in {"statement_timeout": f"{round(seconds * 1000)}", **settings}.items()
    )
    # Inside a caller's transaction this one is a savepoint, and a SET LOCAL would outlive it
    # until that transaction ends: put the caller's settings back on the way out.
    nested = isinstance(get_connection(CONNECTION), TransactionWrapper)
    try:
        async with transaction() as connection:
            await connection.execute_script(script)
            yield connection
            if nested:
                await connection.execute_script(
                    "; ".join(
                        f"SET LOCAL {name} TO DEFAULT" for name in ("statement_timeout", *settings)
                    )
                )
    except asyncpg.exceptions.QueryCanceledError as error:
        raise QueryTimeout(_message(seconds)) from error


def _message(seconds: float) -> str:
    return (
        f"the query ran longer than {seconds:g} s and was cancelled; narrow it (triggerId,"
        " since/until, a more specific payloadContains) or ask for fewer items"
    )
