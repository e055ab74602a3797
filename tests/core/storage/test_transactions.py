"""The one way into a transaction: the task's connection binding survives every failure, and
connection loss is told apart from errors the database answered."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise.connection import get_connections

from core.storage.models import Trigger
from core.storage.transactions import CommitOutcomeUnknown, database_unreachable, transaction
from tests.conftest import Server


def _raised_from(error: BaseException, cause: BaseException) -> BaseException:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (asyncpg.ConnectionDoesNotExistError("closed in the middle"), True),
        (asyncpg.InterfaceError("connection is closed"), True),
        (asyncpg.exceptions.InternalClientError("cannot switch to state 15"), True),
        (asyncpg.exceptions.AdminShutdownError("terminating"), True),
        (asyncpg.exceptions.CannotConnectNowError("starting up"), True),
        (CommitOutcomeUnknown("lost"), True),
        (_raised_from(RuntimeError("wrapped"), asyncpg.InterfaceError("closed")), True),
        (asyncpg.exceptions.UniqueViolationError("duplicate"), False),
        (asyncpg.exceptions.UndefinedTableError("no table"), False),
        (ValueError("a bug"), False),
    ],
)
def test_database_unreachable_tells_connection_loss_from_query_errors(
    error: BaseException, unreachable: bool
) -> None:
    assert database_unreachable(error) is unreachable


class Abort(Exception):
    pass


@pytest.mark.asyncio
async def test_the_task_binding_is_restored_after_a_failed_transaction(clean: Server) -> None:
    before = get_connections().get("default")

    async def aborted() -> None:
        async with transaction() as conn:
            assert get_connections().get("default") is conn  # queries inside join it
            await conn.execute_query("SELECT 1")
            raise Abort

    with pytest.raises(Abort):
        await aborted()
    assert get_connections().get("default") is before
    async with transaction() as conn:
        await conn.execute_query("SELECT 1")
    assert get_connections().get("default") is before
    assert await Trigger.all().count() == 0  # and the connection still serves plain queries
