"""The websocket protocol handlers: graphql-transport-ws and the legacy graphql-ws, both under the
key's rules (fast_paths/live_messages.py adds prebuilt live messages to the first).

Each subscribe counts against the key's operation rate (quota.py), and an authenticated
connection is watched (access/revocations.py) so that revoking its key ends it. Every message is checked
for its shape before Strawberry reads it (a malformed one closes with 4400), every document for
its size and nesting before it is parsed, and a document that does not parse or validate gets
the protocol's `error` message, bounded in size (error_answers.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.types.execution import PreExecutionError

from api.graphql.access.revocations import Sessions
from api.graphql.context import Context
from api.graphql.transport import error_answers
from api.graphql.transport.quota import charge_operation
from api.graphql.transport.untrusted_text import document_problem
from api.graphql.transport.ws_messages import BAD_MESSAGE, BoundedWebSocketAdapter, message_problem


def _sessions(connection: Any) -> Sessions:
    sessions: Sessions = connection.state.sessions
    return sessions


def _session_hash(context: Context) -> str | None:
    """A connection opened by the dashboard's cookie ends with the session (sign-out) too."""
    signed_in = context.signed_in
    if signed_in is None or signed_in.principal != context.principal:
        return None
    return signed_in.id_hash


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Counts each subscribe against the key's operation rate; ends when the key (or the
    dashboard session) is revoked."""

    async def handle_message(self, message: Any) -> None:
        problem = message_problem(message)
        if problem is not None:
            await self.websocket.close(code=BAD_MESSAGE, reason=problem)
            return
        if message.get("payload", {}) is None:  # the protocol allows null for "no payload"
            del message["payload"]
        await super().handle_message(message)

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        principal = self.context.principal
        if self.connection_acknowledged and principal is not None:
            adapter: BoundedWebSocketAdapter = self.websocket  # type: ignore[assignment]
            adapter.acknowledged()
            _sessions(self.context.connection).watch(
                self, principal.key_id, self._end, session=_session_hash(self.context)
            )

    async def shutdown(self) -> None:
        _sessions(self.context.connection).unwatch(self)
        await super().shutdown()

    async def _end(self, code: int, reason: str) -> None:
        for operation in self.operations.values():
            operation.completed = True  # nothing more goes out on a closing connection
        await self.websocket.close(code=code, reason=reason)

    async def handle_subscribe(self, message: Any) -> None:
        if self.connection_acknowledged and message["id"] not in self.operations:
            error = await charge_operation(self.context)
            if error is None:
                error = document_problem(message["payload"]["query"])
            if error is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)

    async def _handle_pre_execution_error(
        self, operation: Operation[Context, None], result: PreExecutionError
    ) -> None:
        # Strawberry closes the connection on a syntax error (with the error as the reason,
        # which a long one made fail): an `error` message answers it, as validation errors.
        answer: Any = {
            "id": operation.id,
            "type": "error",
            "payload": error_answers.bounded(result.errors or []),
        }
        await operation.send_operation_message(answer)


# The legacy protocol's messages, as the graphql-transport-ws ones of the same shape.
_AS_TRANSPORT_WS = {
    "connection_init": "connection_init",
    "connection_terminate": "ping",
    "start": "subscribe",
    "stop": "complete",
}


class LegacyWSHandler(BaseGraphQLWSHandler[Context, None]):
    """The legacy graphql-ws protocol (GRAPHQL_WS_LEGACY=1), under the same rules: each `start`
    counts against the key's operation rate, and the connection ends with its key. Strawberry's
    handler for it has no init timeout and reads any message shape: both are added here, as
    are the document checks and the longer messages after connection_ack."""

    async def handle(self) -> None:
        timer = asyncio.create_task(self._close_unless_acknowledged())
        try:
            await super().handle()
        finally:
            timer.cancel()

    async def _close_unless_acknowledged(self) -> None:
        await asyncio.sleep(self.view.connection_init_wait_timeout.total_seconds())
        if not self.connection_acknowledged:
            await self.websocket.close(code=4408, reason="Connection initialisation timeout")

    async def handle_message(self, message: Any) -> None:
        problem = message_problem(
            {**message, "type": _AS_TRANSPORT_WS.get(str(message.get("type")), "")}
            if isinstance(message, dict)
            else message
        )
        if problem is not None:
            await self.websocket.close(code=BAD_MESSAGE, reason=problem)
            return
        await super().handle_message(message)

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        principal = self.context.principal
        if self.connection_acknowledged and principal is not None:
            adapter: BoundedWebSocketAdapter = self.websocket  # type: ignore[assignment]
            adapter.acknowledged()
            _sessions(self.context.connection).watch(
                self, principal.key_id, self._end, session=_session_hash(self.context)
            )

    async def cleanup(self) -> None:
        _sessions(self.context.connection).unwatch(self)
        await super().cleanup()

    async def _end(self, code: int, reason: str) -> None:
        for task in self.tasks.values():
            task.cancel()
        await self.websocket.close(code=code, reason=reason)

    async def handle_start(self, message: Any) -> None:
        if self.connection_acknowledged:
            error = await charge_operation(self.context)
            if error is None:
                error = document_problem(message["payload"]["query"])
            if error is not None:
                await self.send_message(
                    {"type": "error", "id": message["id"], "payload": error.formatted}
                )
                return
        await super().handle_start(message)
