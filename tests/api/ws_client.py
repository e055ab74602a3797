"""A minimal graphql-transport-ws client over `websockets`: independent of the server's code."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.client import ClientProtocol
from websockets.frames import Close, Frame, Opcode
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

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

    async def closed_with(self, wait: float) -> int | None:
        """The close code the server ends the connection with (reading until it does)."""
        try:
            while True:
                await asyncio.wait_for(self.connection.recv(), wait)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


class StuckClient:
    """A graphql-transport-ws client that reads the socket only when told to.

    Built on websockets' sans-I/O protocol over a bare socket with a small receive buffer, so
    that when the test stops reading, the server really cannot write: what a frozen browser tab
    looks like from the server.
    """

    def __init__(
        self, protocol: ClientProtocol, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._protocol = protocol
        self._reader = reader
        self._writer = writer
        self._pending: list[Any] = []

    @classmethod
    async def connect(cls, base_url: str, *, api_key: str) -> StuckClient:
        url = base_url.replace("http://", "ws://") + "/graphql"
        parts = urlsplit(url)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=4096)
        protocol = ClientProtocol(
            parse_uri(url), subprotocols=[Subprotocol("graphql-transport-ws")]
        )
        protocol.send_request(protocol.connect())
        client = cls(protocol, reader, writer)
        client._flush()
        await client._next_event()  # the handshake response
        await client.send({"type": "connection_init", "payload": {"apiKey": api_key}})
        return client

    def _flush(self) -> None:
        self._writer.write(b"".join(self._protocol.data_to_send()))

    async def _next_event(self) -> Any:
        while not self._pending:
            data = await self._reader.read(65536)
            if data:
                self._protocol.receive_data(data)
            else:
                self._protocol.receive_eof()
            self._pending.extend(self._protocol.events_received())
            self._flush()  # pongs and close replies
            if not data and not self._pending:
                raise EOFError("connection closed")
        return self._pending.pop(0)

    async def send(self, message: dict[str, Any]) -> None:
        self._protocol.send_text(json.dumps(message).encode())
        self._flush()
        await self._writer.drain()

    async def receive(self, wait: float = 10) -> dict[str, Any] | Close:
        """The next message, or the Close frame the server ended the connection with."""
        event = await asyncio.wait_for(self._next_event(), wait)
        # The server's keep-alive pings (answered by _next_event) may come between messages.
        while isinstance(event, Frame) and event.opcode in (Opcode.PING, Opcode.PONG):
            event = await asyncio.wait_for(self._next_event(), wait)
        if isinstance(event, Frame) and event.opcode is Opcode.CLOSE:
            return Close.parse(event.data)
        assert isinstance(event, Frame) and event.opcode is Opcode.TEXT, event
        message: dict[str, Any] = json.loads(event.data)
        return message

    async def close(self) -> None:
        self._writer.close()
