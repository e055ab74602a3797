"""Reads are cancelled after QUERY_TIMEOUT_SECONDS, and the limit never stays on a pooled
connection for the writes that use it next."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from tortoise.connection import get_connection

from core.storage import read_bounds
from core.storage.read_bounds import bounded, fetch
from core.storage.transactions import QueryTimeout, database_unreachable, transaction
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def short_limit(clean: Server) -> AsyncIterator[float]:
    before = read_bounds.limit_seconds()
    read_bounds.configure(0.2)
    try:
        yield 0.2
    finally:
        read_bounds.configure(before)


async def statement_timeouts_in_pool(clean: Server) -> set[str]:
    """statement_timeout as each pooled connection has it now."""
    pool = get_connection("default")._pool  # type: ignore[attr-defined]
    seen = set()
    connections = [await pool.acquire() for _ in range(clean.settings.database_pool_size)]
    try:
        for connection in connections:
            seen.add(await connection.fetchval("SHOW statement_timeout"))
    finally:
        for connection in connections:
            await pool.release(connection)
    return seen


async def test_a_single_read_is_cancelled_at_the_limit(short_limit: float) -> None:
    with pytest.raises(QueryTimeout) as raised:
        await fetch("SELECT pg_sleep(5)", [])
    assert "0.2 s" in str(raised.value)
    assert not database_unreachable(raised.value)  # not an outage: no DATABASE_UNAVAILABLE
    assert [dict(r) for r in await fetch("SELECT 1 AS one", [])] == [{"one": 1}]  # still works


async def test_a_read_transaction_is_cancelled_at_the_limit_and_leaves_no_limit_behind(
    clean: Server, short_limit: float
) -> None:
    with pytest.raises(QueryTimeout) as raised:
        async with bounded() as connection:
            await connection.execute_query("SELECT pg_sleep(5)")
    assert not database_unreachable(raised.value)
    async with bounded() as connection:
        _, rows = await connection.execute_query("SHOW statement_timeout")
    assert rows[0]["statement_timeout"] == "200ms"
    # Writes that take a pooled connection next run without the read limit.
    assert await statement_timeouts_in_pool(clean) == {"0"}


async def test_a_bounded_read_inside_a_write_transaction_leaves_its_limit_behind_it(
    clean: Server, short_limit: float
) -> None:
    async with transaction() as outer:
        async with bounded():
            pass
        _, rows = await outer.execute_query("SHOW statement_timeout")
    assert rows[0]["statement_timeout"] == "0"
