"""The one way into a database transaction: it never leaves the task bound to a dead connection.

Why not tortoise's `in_transaction()` alone (tortoise-orm 1.1, backends/base/client.py): it binds
the transaction's connection wrapper into the task's connection contextvar and only then sends
BEGIN. When BEGIN fails (the connection broke, as after a Postgres restart), `__aexit__` never runs,
so the binding stays, and the acquired connection is never handed back. When COMMIT succeeds but
returning the connection to the pool fails, its `finally` raises before it resets the binding.
Either way every later `in_transaction()` in that task finds the old wrapper and nests a
savepoint on a closed or released connection ("connection is closed", "connection has been
released back to the pool") for as long as the task lives: a long-lived loop never recovers.

`transaction()` snapshots the binding before tortoise touches it and restores it on every way
out, returns an abandoned connection to the pool (the pool discards a broken one), and tells a
failed COMMIT (outcome unknown: it may have been applied) from a failure before it (nothing
written), which callers answer differently (a hook's 503 says a retry with the same
Idempotency-Key is safe).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connections
from tortoise.exceptions import DBConnectionError
from tortoise.transactions import in_transaction

log = logging.getLogger("etp.db")

CONNECTION = "default"


class CommitOutcomeUnknown(Exception):
    """COMMIT was sent but its answer never came back: the transaction may or may not be
    applied. Only a retry that the database de-duplicates is safe."""


class QueryTimeout(Exception):
    """A read ran past QUERY_TIMEOUT_SECONDS and the database cancelled it
    (core/storage/read_bounds.py). The database is fine; the question was too expensive."""


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    handler = get_connections()
    # A binding of our own, same value: resetting it restores exactly what the task had before,
    # whatever tortoise did or failed to undo in between.
    outer = handler.set(CONNECTION, handler.get(CONNECTION))
    try:
        context = in_transaction(CONNECTION)
        try:
            connection = await context.__aenter__()
        except BaseException:
            await _abandon(context)
            raise
        try:
            yield connection
        except BaseException as error:
            with contextlib.suppress(Exception):
                # Rolling back a broken connection fails too; the pool discards it either way.
                await context.__aexit__(type(error), error, error.__traceback__)
            raise
        try:
            await context.__aexit__(None, None, None)
        except Exception as error:
            if _client(context)._finalized:
                # COMMIT succeeded; only returning the connection failed (the pool drops it).
                log.warning("releasing a committed transaction's connection failed: %r", error)
            else:
                raise CommitOutcomeUnknown(str(error) or type(error).__name__) from error
    finally:
        handler.reset(outer)


# Errors meaning "the database cannot be reached or dropped the session", as opposed to a query it
# answered with an error: Postgres class 08 (connection) and 57 (operator intervention: shutdown,
# restart, cannot connect now), and the driver's own errors about its connection state.
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, unreachable; TimeoutError too
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    DBConnectionError,
)


def database_unreachable(error: BaseException) -> bool:
    """True when `error`, or one it was raised from, says the database connection is gone."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, (QueryTimeout, asyncpg.exceptions.QueryCanceledError)):
            # Class 57 like a shutdown, and raised from a TimeoutError (an OSError), but the
            # session is alive: a statement ran too long.
            return False
        if isinstance(current, (CommitOutcomeUnknown, *_CONNECTION_ERRORS)):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _client(context: Any) -> Any:
    # TransactionContextPooled's client; `connection` on the non-pooled context.
    return getattr(context, "client", None) or context.connection


async def _abandon(context: Any) -> None:
    """Undo what a failed `__aenter__` left behind (it took a connection)."""
    client = _client(context)
    pool = getattr(getattr(client, "_parent", None), "_pool", None)
    connection = getattr(client, "_connection", None)
    if pool is not None and connection is not None:
        with contextlib.suppress(Exception):
            await pool.release(connection)
