"""graphql-transport-ws with prebuilt live messages: a subscription resolver may send a shared,
already encoded result (shared_results.py) straight over the operation it runs for."""

from __future__ import annotations

from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import Operation

from api.graphql.context import Context
from api.graphql.fast_paths.shared_results import RunningOperation, current_operation
from api.graphql.ws_handlers import TransportWSHandler


class LiveTransportWSHandler(TransportWSHandler):
    async def run_operation(self, operation: Operation[Context, None]) -> None:
        # Straight to the socket: this runs once per subscriber per live event, and Strawberry's
        # message layers (send_message, send_json, encode_json) cost as much as the send.
        socket: WebSocket = self.websocket.ws  # type: ignore[attr-defined]

        async def send(text: str) -> None:
            if not operation.completed:
                try:
                    await socket.send_text(text)
                except WebSocketDisconnect as error:
                    raise WebSocketDisconnected from error

        async def close(code: int, reason: str) -> None:
            operation.completed = True  # nothing more goes out for it, not even `complete`
            await self.websocket.close(code=code, reason=reason)

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
        await super().run_operation(operation)
