"""The websocket protocol handlers: graphql-transport-ws and the legacy graphql-ws, both under the
key's rules (fast_paths/live_messages.py adds prebuilt live messages to the first).

Each subscribe counts against the key's operation rate (quota.py), and an authenticated
connection is watched (sessions.py) so that revoking its key ends it.
"""

from __future__ import annotations

from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from api.graphql.context import Context
from api.graphql.quota import charge_operation
from api.graphql.sessions import Sessions


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

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        principal = self.context.principal
        if self.connection_acknowledged and principal is not None:
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
        if self.connection_acknowledged and message.get("id") not in self.operations:
            error = await charge_operation(self.context)
            if error is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)


class LegacyWSHandler(BaseGraphQLWSHandler[Context, None]):
    """The legacy graphql-ws protocol (GRAPHQL_WS_LEGACY=1), under the same rules: each `start`
    counts against the key's operation rate, and the connection ends with its key."""

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        principal = self.context.principal
        if self.connection_acknowledged and principal is not None:
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
            if error is not None:
                await self.send_message(
                    {"type": "error", "id": message["id"], "payload": error.formatted}
                )
                return
        await super().handle_start(message)
