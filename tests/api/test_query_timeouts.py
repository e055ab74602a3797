"""A read that runs past QUERY_TIMEOUT_SECONDS answers a named error, GraphQL and REST alike:
never a 500, never a traceback in the log. The database is made slow the way a stranger's
expensive question makes it: a read that cannot finish in time (here: it waits on a lock that
another session holds a few seconds longer than the limit)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from core.storage import read_bounds
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger

pytestmark = pytest.mark.asyncio

LIMIT_SECONDS = 0.3
# Longer than the limit by far: without the limit, each read would simply wait and succeed.
HELD_SECONDS = 3.0


@pytest.fixture
async def short_limit(clean: Server) -> AsyncIterator[float]:
    before = read_bounds.limit_seconds()
    read_bounds.configure(LIMIT_SECONDS)
    try:
        yield LIMIT_SECONDS
    finally:
        read_bounds.configure(before)


@contextlib.asynccontextmanager
async def tables_held(server: Server, *tables: str) -> AsyncIterator[None]:
    """Reads of `tables` wait until HELD_SECONDS have passed."""
    assert server.settings.database_url is not None
    holder = await asyncpg.connect(server.settings.database_url)
    transaction = holder.transaction()
    await transaction.start()
    await holder.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")

    async def release_later() -> None:
        await asyncio.sleep(HELD_SECONDS)
        await transaction.rollback()

    release = asyncio.create_task(release_later())
    try:
        yield
        await release
    finally:
        release.cancel()
        with contextlib.suppress(asyncpg.InterfaceError):  # rolled back already
            await transaction.rollback()
        await holder.close()


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    # The live hub's own loop also meets the held table and reports that as its fault; the
    # request path must not.
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and not r.name.startswith("etp.live")
    ]


@pytest.mark.parametrize(
    ("query", "tables"),
    [
        ("{ events(status: null, first: 20) { edges { node { id } } } }", ("events",)),
        (
            "{ events(status: null, payloadContains: {a: 1}) { edges { node { id } } } }",
            ("events",),
        ),
        ("{ eventCounts { triggerId active } }", ("events", "event_counts")),
        ("{ eventRate { start count } }", ("event_counts",)),
        ("{ triggers { edges { node { id } } } }", ("triggers",)),
    ],
)
async def test_a_graphql_read_past_the_limit_answers_query_timeout(
    clean: Server,
    gql: GraphQLClient,
    short_limit: float,
    caplog: pytest.LogCaptureFixture,
    query: str,
    tables: tuple[str, ...],
) -> None:
    await api_trigger(gql)
    with caplog.at_level(logging.INFO):
        async with tables_held(clean, *tables):
            body = await gql.raw(query)
    assert body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TIMEOUT", error
    assert f"{LIMIT_SECONDS:g} s" in error["message"]
    assert errors_logged(caplog) == []
    # Afterwards the same read answers: nothing of the limit or the cancel stayed behind.
    assert "errors" not in await gql.raw(query)


async def test_an_export_past_the_limit_answers_a_problem(
    clean: Server, api_key: str, short_limit: float, caplog: pytest.LogCaptureFixture
) -> None:
    async with httpx.AsyncClient(
        base_url=clean.base_url, headers={"X-API-Key": api_key}, timeout=30
    ) as client:
        with caplog.at_level(logging.INFO):
            async with tables_held(clean, "events"):
                response = await client.get("/events/export.ndjson?status=ALL")
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["title"] == "Query timeout"
        assert problem["type"].endswith("/query-timeout")
        assert errors_logged(caplog) == []
        assert (await client.get("/events/export.ndjson?status=ALL")).status_code == 200


async def test_a_timeout_before_execution_is_503_under_graphql_response_json(
    clean: Server, gql: GraphQLClient, short_limit: float
) -> None:
    """GraphQL over HTTP: a request-level error is a 4xx, but a timeout is the server's
    condition (REST answers it 503), not a bad request: a client must be told to retry."""
    await api_trigger(gql)
    async with tables_held(clean, "events"):
        response = await gql.client.post(
            "/graphql",
            json={"query": "{ events(status: null, first: 20) { edges { node { id } } } }"},
            headers={"Accept": "application/graphql-response+json"},
        )
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TIMEOUT", body
    if "path" in error:  # a field's error: execution began, so 200 with data null
        assert response.status_code == 200, body
    else:
        assert response.status_code == 503, body
        assert "data" not in body
