"""uvicorn's websocket protocol (websockets-sansio) with a message limit per connection.

uvicorn takes one `ws_max_size` for every connection, and reads a message whole before the app
sees it: a stranger could make it buffer a full GraphQL body (1 MiB) before its first message
was refused. Here a connection starts at WS_MAX_INIT_MESSAGE_BYTES, so a longer frame is refused
from its header (1009, message too big) without its payload being read, and the app raises the
limit to `ws_max_size` once it has acknowledged connection_init (api/graphql/ws_messages.py),
through the scope extension named by MESSAGE_LIMIT.

A denial response (the ASGI websocket.http.response extension: the app's 429 over
WS_CONNECT_RATE_LIMIT) is marked as a finished handshake once its body is sent: uvicorn does
not, and logs "ASGI callable returned without completing handshake." at ERROR after every one
(Kludex/uvicorn#3138, open).
"""

from __future__ import annotations

from typing import Any

from uvicorn._types import ASGISendEvent
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

MESSAGE_LIMIT = "etp.websocket.message_limit"


class BoundedWebSocketProtocol(WebSocketsSansIOProtocol):
    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        limits = self.app_state.get("websocket") or {}
        initial = limits.get("init_message_bytes")
        if initial is None or not self.handshake_initiated or self.handshake_complete:
            return  # no limits given, or the handshake was refused
        self.conn.max_message_size = initial
        self.scope["extensions"][MESSAGE_LIMIT] = {"raise": self._full_size}

    def _full_size(self) -> None:
        self.conn.max_message_size = self.config.ws_max_size

    async def send(self, message: ASGISendEvent) -> None:
        await super().send(message)
        if message["type"] == "websocket.http.response.body" and not message.get("more_body"):
            self.handshake_complete = True
