"""The legacy graphql-ws protocol (GRAPHQL_WS_LEGACY=1) under issue 18's websocket bounds, as
graphql-transport-ws: an init timeout, malformed messages closed with 4400, and messages as long
as a GraphQL request once connection_ack went out."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.api.served import served_with
from tests.api.test_ws_strangers import close_code
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


async def legacy_socket(base_url: str) -> ClientConnection:
    return await websockets.connect(
        base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-ws"],  # type: ignore[list-item]
    )


async def test_a_legacy_socket_that_does_not_authenticate_in_time_is_closed_with_4408(
    clean: Server,
) -> None:
    async with served_with(clean, graphql_ws_legacy=True, ws_init_timeout_seconds=0.3) as url:
        connection = await legacy_socket(url)
        started = time.monotonic()
        try:
            assert await close_code(connection, wait=5) == 4408
        finally:
            await connection.close()
        assert time.monotonic() - started < 4


async def test_a_malformed_legacy_message_gets_4400(clean: Server) -> None:
    async with served_with(clean, graphql_ws_legacy=True) as url:
        for message in ("[1]", '"connection_init"', '{"type": "start", "id": 1}'):
            connection = await legacy_socket(url)
            try:
                await connection.send(message)
                assert await close_code(connection, wait=5) == 4400, message
            finally:
                await connection.close()


async def test_legacy_messages_may_be_as_long_as_a_request_once_acknowledged(
    clean: Server, api_key: str
) -> None:
    async with served_with(clean, graphql_ws_legacy=True) as url:
        connection = await legacy_socket(url)
        try:
            await connection.send(
                json.dumps({"type": "connection_init", "payload": {"apiKey": api_key}})
            )
            assert json.loads(await asyncio.wait_for(connection.recv(), 5)) == {
                "type": "connection_ack"
            }
            # Longer than WS_MAX_INIT_MESSAGE_BYTES, and not a valid document: answered.
            query = "subscription { eventFired { id " + " " * 8000
            await connection.send(
                json.dumps({"type": "start", "id": "1", "payload": {"query": query}})
            )
            answer = json.loads(await asyncio.wait_for(connection.recv(), 5))
            assert answer["type"] == "error" and answer["id"] == "1", answer
        finally:
            await connection.close()
