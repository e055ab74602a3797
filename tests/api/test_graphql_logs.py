"""A client's GraphQL mistakes are INFO lines without tracebacks, cut short; never ERROR."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.api.served import client_for
from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server

pytestmark = pytest.mark.asyncio


async def test_a_client_mistake_is_logged_at_info_cut_short(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    noise = "x" * 5000
    with caplog.at_level(logging.DEBUG):
        body = await gql.raw(f"{{ trigger(id: 1) {{ {noise} }} }}")
    assert body["errors"]
    graphql_records = [
        r for r in caplog.records if r.name in {"etp.graphql", "strawberry.execution"}
    ]
    assert graphql_records, "the mistake was not logged at all"
    assert all(r.levelno == logging.INFO for r in graphql_records)
    assert all(r.exc_info is None for r in graphql_records)
    assert all(len(r.getMessage()) < 400 for r in graphql_records)


def _errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info is not None]


async def test_a_read_key_calling_a_mutation_is_not_logged_as_a_failure(
    clean: Server, read_only_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with client_for(clean.base_url, read_only_key) as client:
        with caplog.at_level(logging.DEBUG):
            response = await client.post(
                "/graphql", json={"query": 'mutation { deleteTrigger(id: "x") { deletedId } }'}
            )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert any("lacks the 'triggers:write' scope" in r.getMessage() for r in caplog.records)
    assert _errors_logged(caplog) == []


async def test_a_forbidden_or_invalid_operation_over_a_websocket_is_not_logged_as_a_failure(
    clean: Server, read_only_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        ws = await WsClient.connect(clean.base_url, api_key=read_only_key)
        try:
            await ws.acknowledged()
            await ws.send(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": 'mutation { deleteTrigger(id: "x") { deletedId } }'},
                }
            )
            # Refused before execution: the protocol's `error` message ends the operation.
            forbidden = await ws.receive()
            assert forbidden["type"] == "error"
            await ws.send(
                {
                    "id": "2",
                    "type": "subscribe",
                    "payload": {"query": 'subscription { eventFired(triggerId: "x") { id } }'},
                }
            )
            invalid = await ws.receive()
        finally:
            await ws.connection.close()
    assert forbidden["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    assert invalid["payload"]["errors"][0]["extensions"]["code"] == "INVALID"
    assert _errors_logged(caplog) == []


async def test_a_request_without_a_key_is_not_logged_as_a_failure(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = await http.post("/graphql", json={"query": "{ eventCounts { active } }"})
    assert response.status_code == 401
    assert _errors_logged(caplog) == []
