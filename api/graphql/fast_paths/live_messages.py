"""graphql-transport-ws with prebuilt live messages: a subscription resolver may send a shared,
already encoded result (shared_results.py) straight over the operation it runs for."""

from __future__ import annotations

from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import Operation

from api.graphql.context import Context
from api.graphql.fast_paths.shared_results import RunningOperation, current_operation
from api.graphql.transport.ws_handlers import TransportWSHandler


class _Link:
    """What an operation's send and close reach, cut when the operation ends.

    The resolver finds them through a context variable, and a context outlives its task in every
    copy taken while it ran: asyncpg's statement cache, for one, schedules a 300 s timer in the
    context of the query that prepared a statement. Such a copy would keep the whole handler
    (connection, operations, their tasks) alive that long; cut, it keeps this empty shell.
    """

    __slots__ = ("handler", "operation", "socket")

    def __init__(
        self,
        handler: LiveTransportWSHandler,
        operation: Operation[Context, None],
        socket: WebSocket,
    ) -> None:
        self.handler: LiveTransportWSHandler | None = handler
        self.operation: Operation[Context, None] | None = operation
        self.socket: WebSocket | None = socket

    def cut(self) -> None:
        self.handler = self.operation = self.socket = None


class LiveTransportWSHandler(TransportWSHandler):
    async def run_operation(self, operation: Operation[Context, None]) -> None:
        # Straight to the socket: this runs once per subscriber per live event, and Strawberry's
        # message layers (send_message, send_json, encode_json) cost as much as the send.
        link = _Link(self, operation, self.websocket.ws)  # type: ignore[attr-defined]

        async def send(text: str) -> None:
            running, socket = link.operation, link.socket
            if running is not None and socket is not None and not running.completed:
                try:
                    await socket.send_text(text)
                except WebSocketDisconnect as error:
                    raise WebSocketDisconnected from error

        async def close(code: int, reason: str) -> None:
            running, handler = link.operation, link.handler
            if running is None or handler is None:
                return
            running.completed = True  # nothing more goes out for it, not even `complete`
            await handler.websocket.close(code=code, reason=reason)

        # Set in the operation's own task, so only this operation's resolver sees it.
        current_operation.set(
            RunningOperation(
                id=operation.id,
                query=operation.query,
                variables=operation.variables,
                operation_name=operation.operation_name,
                send=send,
                close=close,
            )
        )
        try:
            await super().run_operation(operation)
        finally:
            link.cut()
