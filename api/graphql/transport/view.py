"""The GraphQL ASGI view: authenticates every operation before it runs."""

from __future__ import annotations

import functools
import json
import logging
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types import ExecutionResult

from api import browser_auth
from api.dashboard.pages import GRAPHIQL_PAGE, dashboard_page
from api.graphql import fast_paths
from api.graphql.context import Context, presented_key, unauthenticated
from api.graphql.transport import request_body
from api.graphql.transport.media_types import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    request_error_status,
    response_media_type,
)
from api.graphql.transport.quota import charge_operation
from api.graphql.transport.response_size import response_too_large, too_long
from api.graphql.transport.untrusted_text import document_problem
from api.graphql.transport.ws_connect_rate import DENIED, ConnectRate
from api.graphql.transport.ws_handlers import LegacyWSHandler, TransportWSHandler
from api.graphql.transport.ws_messages import BoundedWebSocketAdapter, allow_full_messages
from api.graphql.transport.ws_places import Refusal, WebsocketPlaces
from api.unknown_credentials import RETRY_MESSAGE, client_address, unknown_credentials
from core.access.browser_sessions import SignedIn
from core.platform import json_encoding as json_text
from core.runtime import ProcessServices

log = logging.getLogger("etp.websockets")
# Where a websocket's scope holds its place (ws_places.py).
PLACE = "etp.websocket_place"

# Set by get_context, read by parse_http_body: both run in the request's own task (view.run).
_authenticated: ContextVar[bool] = ContextVar("graphql_authenticated", default=False)


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class: Any = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    websocket_adapter_class = BoundedWebSocketAdapter

    def __init__(
        self,
        schema: Any,
        *,
        graphql_ide: bool = True,
        legacy_graphql_ws: bool = False,
        max_subscriptions_per_connection: int = 20,
        max_response_bytes: int = 8 * 1024 * 1024,
        fast_paths_on: bool = True,
        ws_init_timeout_seconds: float = 3.0,
        ws_message_limits: tuple[int, int] = (4096, 1024 * 1024),
    ) -> None:
        protocols = [GRAPHQL_TRANSPORT_WS_PROTOCOL]
        if legacy_graphql_ws:  # off unless configured: clients should speak graphql-transport-ws
            protocols.append(GRAPHQL_WS_PROTOCOL)
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphql_ide else None,
            subscription_protocols=tuple(protocols),
            max_subscriptions_per_connection=max_subscriptions_per_connection,
            connection_init_wait_timeout=timedelta(seconds=ws_init_timeout_seconds),
        )
        # Message lengths before and after connection_ack (ws_messages.py).
        self.ws_message_limits = ws_message_limits
        self.max_response_bytes = max_response_bytes
        self._cached_execution = fast_paths.cached_results(
            schema, max_response_bytes=max_response_bytes, enabled=fast_paths_on
        )
        self.graphql_transport_ws_handler_class = fast_paths.websocket_handler(
            TransportWSHandler, enabled=fast_paths_on
        )

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._serve_websocket(WebSocket(scope, receive, send))
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as error:
            response = request_body.request_error(
                error.reason, error.status_code, _media_type(request)
            )
        await response(scope, receive, send)

    async def _serve_websocket(self, socket: WebSocket) -> None:
        # The key (or dashboard session) on the upgrade is checked before the count, so that a
        # caller with a key never competes with strangers for their places (ws_places.py).
        context = await self.get_context(socket)
        places = _places(socket)
        address = _address(socket)
        principal = context.principal
        connect_rate: ConnectRate = socket.scope["state"]["ws_connect_rate"]
        if principal is None:
            retry_after = await connect_rate.retry_after(address)
            if retry_after is not None:
                await _deny_websocket(socket, retry_after)
                return
        place = places.take(address, principal.key_id if principal else None)
        if isinstance(place, Refusal):
            # A client's condition, not the platform's fault: INFO.
            log.info("websocket refused: %s", place, extra={"client": address})
            await _refuse_websocket(socket, place)
            if principal is None:
                await connect_rate.ended_without_key(address)
            return
        socket.scope[PLACE] = place
        try:
            await self.run(socket, context=context)
        finally:
            places.give_back(place)
            if place.key_id is None:
                await connect_rate.ended_without_key(address)

    def decode_json(self, data: str | bytes) -> object:
        # Websocket messages too: an Unreadable one closes the connection with 4400.
        return request_body.decode(data)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return self.decode_json(data)
        except request_body.Unreadable as error:
            raise HTTPException(400, error.reason) from None
        except json.JSONDecodeError as error:
            raise HTTPException(400, "Unable to parse request body as JSON") from error

    async def parse_http_body(self, request_adapter: Any) -> Any:
        # Nothing of the body is read for a caller without a valid key (execute_operation
        # answers UNAUTHENTICATED): strangers cannot make the server wait for, hold or parse
        # anything (api/body_limit.py reads the body only when asked, here).
        if not _authenticated.get():
            return GraphQLRequestData(
                query=None, variables=None, operation_name=None, extensions=None, protocol="http"
            )
        if request_adapter.method == "GET":
            return await super().parse_http_body(request_adapter)
        content_type, _ = parse_content_type(request_adapter.content_type or "")
        if content_type != "application/json":
            raise HTTPException(415, "send the operation as application/json")
        return request_body.operation(self.parse_json(await request_adapter.get_body()))

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = _media_type(request)
        return sub_response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or JSON
        status = sub_response.status_code
        if media_type == GRAPHQL_RESPONSE_JSON and isinstance(response_data, dict):
            # GraphQL over HTTP: a request error is a 4xx without `data`; 2xx means execution
            # began (`data` present, null if a non-null field failed).
            if status is None:
                status = request_error_status(response_data)
            if status is not None and status >= 400:
                response_data = {k: v for k, v in response_data.items() if k != "data"}
        response = Response(
            self.encode_json(response_data), status_code=status or 200, media_type=media_type
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response

    def encode_json(self, data: object) -> str:
        # Characters never outnumber UTF-8 bytes: stopping at max_bytes characters is exact
        # for ASCII and errs only towards encoding a little more for other text.
        text = json_text.dumps_capped(data, self.max_response_bytes)
        if text is None or too_long(text, self.max_response_bytes):
            return json_text.dumps(response_too_large(data, self.max_response_bytes))
        return text

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        services: ProcessServices = request.state.services
        now = services.now()
        key = presented_key(request.headers)
        if key is not None and isinstance(request, Request):
            await _refuse_when_over_unknown_limit(request)
        principal = await services.keys.verify(key)
        if key is not None and principal is None and isinstance(request, Request):
            await unknown_credentials(request).refused(client_address(request))
        session = None
        csrf_refused = False
        # A presented key decides alone, right or wrong; only without one does the cookie count.
        if key is None and browser_auth.session_cookie(request):
            session = await _session_of(request, services, now=now)
            if session is not None:
                principal = session.principal
                if isinstance(request, Request) and request.method == "POST":
                    csrf_refused = not session.csrf_matches(browser_auth.csrf_header(request))
        _authenticated.set(principal is not None and not csrf_refused)
        return Context(
            services=services,
            principal=principal,
            connection=request,
            now=now,
            live=request.state.live,
            event_lists=request.state.event_lists,
            rate_limits=request.state.rate_limits,
            signed_in=session,
            csrf_refused=csrf_refused,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        # Built from npm by the dashboard's build (no CDN), under the dashboard's CSP.
        return dashboard_page(request, GRAPHIQL_PAGE)

    async def on_ws_connect(self, context: Context) -> Any:
        """The key may come on the upgrade (X-API-Key) or in connection_init's payload."""
        if context.principal is None:
            params = context.connection_params or {}
            key = params.get("apiKey")
            context.principal = await context.services.keys.verify(
                key if isinstance(key, str) else None
            )
        if context.principal is None:
            raise ConnectionRejectionError({"message": "a valid API key is required"})
        socket = context.connection
        refusal = _places(socket).authenticate(socket.scope[PLACE], context.principal.key_id)
        if refusal is not None:
            log.info("websocket refused: %s", refusal, extra={"client": _address(socket)})
            raise ConnectionRejectionError({"message": refusal})
        allow_full_messages(socket)
        return None

    async def execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        # The one door every HTTP operation passes (single, batch, streamed, GET): each needs a
        # key, introspection included.
        if context.principal is None:
            # A request error (GraphQL over HTTP): 401, and the body was never read.
            sub_response.status_code = 401
            sub_response.headers["WWW-Authenticate"] = 'Bearer realm="etp"'
            return ExecutionResult(data=None, errors=[unauthenticated()])
        if context.csrf_refused:
            # Nothing of the body was read either: a cross-site page cannot make it run.
            sub_response.status_code = 403
            return ExecutionResult(data=None, errors=[csrf_refused()])
        refused = await charge_operation(context)
        if refused is None:
            # The same size and nesting limits as a websocket subscribe, before any parsing.
            refused = _document_problem(request_data)
        if refused is None:
            result = await self._execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
        else:
            result = ExecutionResult(data=None, errors=[refused])
        if context.verdict is not None:
            # GraphQL over HTTP lets a request error carry its status: 429 with Retry-After.
            sub_response.headers.update(context.verdict.headers())
            if not context.verdict.allowed:
                sub_response.status_code = 429
        return result

    async def _execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        execute = functools.partial(
            super().execute_operation,
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )
        cached = self._cached_execution if context.event_lists is not None else None
        identity = cached.identity(request_data, context) if cached is not None else None
        if cached is None or identity is None:
            return await execute()
        return await cached.execute(identity, request_data, context, execute)


def _media_type(request: Request | WebSocket) -> str:
    return response_media_type(request.headers.get("accept"))


def _document_problem(request_data: Any) -> GraphQLError | None:
    batch = request_data if isinstance(request_data, list) else [request_data]
    for operation in batch:
        problem = document_problem(getattr(operation, "query", None))
        if problem is not None:
            return problem
    return None


def _places(connection: HTTPConnection) -> WebsocketPlaces:
    places: WebsocketPlaces = connection.scope["state"]["ws_places"]
    return places


async def _refuse_when_over_unknown_limit(request: Request) -> None:
    wait = await unknown_credentials(request).retry_after(client_address(request))
    if wait is not None:
        raise HTTPException(429, RETRY_MESSAGE.format(wait))


def _address(connection: HTTPConnection) -> str:
    return client_address(connection)


async def _refuse_websocket(socket: WebSocket, refusal: Refusal) -> None:
    # Accepted, then closed with 1013 (Try Again Later). A 503 denial response would be the
    # HTTP way, but uvicorn's websockets-sansio logs an ERROR after every one (it never marks
    # such a handshake complete: Kludex/uvicorn#3138, open).
    await socket.accept(subprotocol=_subprotocol(socket))
    await socket.close(1013, refusal)


async def _deny_websocket(socket: WebSocket, retry_after: int) -> None:
    # Over WS_CONNECT_RATE_LIMIT: a 429 before the handshake completes is the cheapest answer
    # (no upgrade, no close handshake, no keep-alive). api/ws_protocol.py keeps uvicorn from
    # logging it as an ERROR (Kludex/uvicorn#3138).
    answer = PlainTextResponse(
        DENIED,
        status_code=429,
        headers={"Retry-After": str(retry_after), "Connection": "close"},
    )
    await socket.send_denial_response(answer)


def _subprotocol(socket: WebSocket) -> str | None:
    offered = socket.scope.get("subprotocols") or []
    return GRAPHQL_TRANSPORT_WS_PROTOCOL if GRAPHQL_TRANSPORT_WS_PROTOCOL in offered else None


async def _session_of(
    connection: Request | WebSocket, services: ProcessServices, *, now: datetime
) -> SignedIn | None:
    """The cookie's session. A websocket upgrade must also come from this site's own pages:
    browsers send cookies on cross-site websockets, and SameSite does not cover every case
    (cross-site WebSocket hijacking)."""
    if connection.scope["type"] == "websocket" and not browser_auth.same_origin(
        connection, services.settings
    ):
        return None
    return await browser_auth.signed_in(connection, now=now)


def csrf_refused() -> GraphQLError:
    return GraphQLError(
        f"a signed-in browser must send the session's CSRF token in {browser_auth.CSRF_HEADER}",
        extensions={"code": "FORBIDDEN", "reason": "CSRF_TOKEN_INVALID"},
    )
