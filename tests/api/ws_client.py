"""A minimal graphql-transport-ws client over `websockets`: independent of the server's code."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

SUBSCRIBE_EVENTS = """subscription($triggerId: ID, $includeTest: Boolean, $after: ID) {
  eventFired(triggerId: $triggerId, includeTest: $includeTest, after: $after) {
    id triggerId triggerName isTest status payload
  }
}"""


class WsClient:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self._next_id = 0

    @classmethod
    async def connect(
        cls, base_url: str, *, api_key: str | None, headers: dict[str, str] | None = None
    ) -> WsClient:
        url = base_url.replace("http://", "ws://") + "/graphql"
        connection = await websockets.connect(
            url, subprotocols=["graphql-transport-ws"], additional_headers=headers or {}
        )
        client = cls(connection)
        await client.send(
            {"type": "connection_init", "payload": {"apiKey": api_key} if api_key else {}}
        )
        return client

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, wait: float = 10) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(self.connection.recv(), wait))
        return message

    async def acknowledged(self) -> None:
        message = await self.receive()
        assert message["type"] == "connection_ack", message

    async def subscribe(self, query: str = SUBSCRIBE_EVENTS, **variables: Any) -> str:
        self._next_id += 1
        operation_id = str(self._next_id)
        await self.send(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables},
            }
        )
        return operation_id

    async def events(self, count: int, wait: float = 10) -> list[dict[str, Any]]:
        received: list[dict[str, Any]] = []
        while len(received) < count:
            message = await self.receive(wait)
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            received.append(message["payload"]["data"]["eventFired"])
        return received

    async def close(self) -> None:
        await self.connection.close()
