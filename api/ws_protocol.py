"""uvicorn's websocket protocol (websockets-sansio) with a message limit per connection.

uvicorn takes one `ws_max_size` for every connection, and reads a message whole before the app
sees it: a stranger could make it buffer a full GraphQL body (1 MiB) before its first message
was refused. Here a connection starts at WS_MAX_INIT_MESSAGE_BYTES, so a longer frame is refused
from its header (1009, message too big) without its payload being read, and the app raises the
limit to `ws_max_size` once it has acknowledged connection_init (api/graphql/transport/ws_messages.py),
through the scope extension named by MESSAGE_LIMIT.

A denial response (the ASGI websocket.http.response extension: the app's 429 over
WS_CONNECT_RATE_LIMIT) is marked as a finished handshake once its body is sent: uvicorn does
not, and logs "ASGI callable returned without completing handshake." at ERROR after every one
(Kludex/uvicorn#3138, open).

Once the app has denied an address over WS_CONNECT_RATE_LIMIT, its next keyless upgrades are
denied here (429, the same Retry-After) until that time, before any ASGI work (a task, a
scope, the middleware, a log line): a stranger who ignores Retry-After costs the parsing of its
request and one write. Only for a peer that is not a trusted proxy, whose address is the one the
app counts; behind a proxy, the app answers each.
"""

from __future__ import annotations

from typing import Any

from uvicorn._types import ASGISendEvent
from uvicorn.config import Config
from uvicorn.middleware.proxy_headers import _TrustedHosts
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request

from api.browser_auth import SESSION_COOKIE
from api.graphql.transport.ws_connect_rate import DENIED, ConnectRate

MESSAGE_LIMIT = "etp.websocket.message_limit"


class BoundedWebSocketProtocol(WebSocketsSansIOProtocol):
    def handle_connect(self, event: Any) -> None:
        retry_after = self._denied_now(event)
        if retry_after is not None:
            self._deny(event, retry_after)
            return
        super().handle_connect(event)
        limits = self.app_state.get("websocket") or {}
        initial = limits.get("init_message_bytes")
        if initial is None or not self.handshake_initiated or self.handshake_complete:
            return  # no limits given, or the handshake was refused
        self.conn.max_message_size = initial
        self.scope["extensions"][MESSAGE_LIMIT] = {"raise": self._full_size}

    def _denied_now(self, request: Request) -> int | None:
        rate: ConnectRate | None = self.app_state.get("ws_connect_rate")
        if rate is None or self.client is None:
            return None
        host = self.client[0]
        if self.config.proxy_headers and host in _trusted_proxies(self.config):
            return None  # the app finds the forwarded address
        # Any key header, right or wrong, goes to the app, which checks it; never `get`, which
        # raises on a header sent twice.
        headers = request.headers
        if "x-api-key" in headers or "authorization" in headers:
            return None
        if any(SESSION_COOKIE in cookie for cookie in headers.get_all("cookie")):
            return None
        return rate.denied_now(host)

    def _deny(self, request: Request, retry_after: int) -> None:
        # As uvicorn answers a request that is not an upgrade, marked finished at once.
        self.request = request
        self.handshake_initiated = self.handshake_complete = self.close_sent = True
        response = self.conn.reject(429, DENIED)
        response.headers["Retry-After"] = str(retry_after)
        self.conn.send_response(response)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.transport.close()

    def _full_size(self) -> None:
        self.conn.max_message_size = self.config.ws_max_size

    async def send(self, message: ASGISendEvent) -> None:
        await super().send(message)
        if message["type"] == "websocket.http.response.body" and not message.get("more_body"):
            self.handshake_complete = True


_TRUSTED: dict[str, _TrustedHosts] = {}


def _trusted_proxies(config: Config) -> _TrustedHosts:
    # What uvicorn's ProxyHeadersMiddleware trusts (its own class), parsed once per setting.
    allowed = config.forwarded_allow_ips
    text = allowed if isinstance(allowed, str) else ",".join(allowed)
    trusted = _TRUSTED.get(text)
    if trusted is None:
        trusted = _TRUSTED[text] = _TrustedHosts(allowed)
    return trusted
