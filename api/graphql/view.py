"""The GraphQL ASGI view: authenticates every operation before it runs."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types import ExecutionResult

from api.graphql.context import Context, presented_key, unauthenticated
from api.graphql.result_cache import ResultLifetime, cache_identity, rendering_fingerprint
from api.graphql.shared_results import RunningOperation, current_operation
from core import json_text
from core.api_keys import Scope
from core.json_text import RawJSON
from core.runtime import Platform


class LiveTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Lets a subscription resolver send prebuilt messages over the operation it runs for."""

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


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = LiveTransportWSHandler

    def __init__(
        self,
        schema: Any,
        *,
        graphql_ide: bool = True,
        legacy_graphql_ws: bool = False,
        max_subscriptions_per_connection: int = 20,
    ) -> None:
        protocols = [GRAPHQL_TRANSPORT_WS_PROTOCOL]
        if legacy_graphql_ws:  # off unless configured: clients should speak graphql-transport-ws
            protocols.append(GRAPHQL_WS_PROTOCOL)
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphql_ide else None,
            subscription_protocols=tuple(protocols),
            max_subscriptions_per_connection=max_subscriptions_per_connection,
            connection_init_wait_timeout=timedelta(seconds=10),
        )
        self._rendering = rendering_fingerprint(schema.as_str())

    def encode_json(self, data: object) -> str:
        return json_text.dumps(data)

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        platform: Platform = request.state.platform
        principal = await platform.keys.verify(presented_key(request.headers))
        return Context(
            platform=platform,
            principal=principal,
            connection=request,
            now=platform.now(),
            live=request.state.live,
        )

    async def on_ws_connect(self, context: Context) -> Any:
        """The key may come on the upgrade (X-API-Key) or in connection_init's payload."""
        if context.principal is None:
            params = context.connection_params or {}
            key = params.get("apiKey")
            context.principal = await context.platform.keys.verify(
                key if isinstance(key, str) else None
            )
        if context.principal is None:
            raise ConnectionRejectionError({"message": "a valid API key is required"})
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
            return ExecutionResult(data=None, errors=[unauthenticated()])
        execute = functools.partial(
            super().execute_operation,
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )
        identity = (
            cache_identity(
                request_data.query,
                request_data.operation_name,
                request_data.variables,
                rendering=self._rendering,
            )
            if isinstance(request_data, GraphQLRequestData)
            and request_data.protocol == "http"
            and not request_data.extensions
            and context.principal.can(Scope.READ)
            else None
        )
        if identity is None:
            return await execute()
        return await self._execute_cached(identity, context, execute)

    async def _execute_cached(
        self, identity: str, context: Context, execute: Callable[[], Awaitable[Any]]
    ) -> Any:
        """An operation reading only event lists: from the event list cache while it holds."""
        cache = context.platform.event_lists
        lookup = await cache.lookup(identity, now=context.now)
        if lookup is None:  # the cache is off, or Redis is failing
            return await execute()
        if lookup.hit is not None:
            return ExecutionResult(data=RawJSON(lookup.hit), errors=None)  # type: ignore[arg-type]
        lifetime = context.result_lifetime = ResultLifetime(until=context.now + cache.longest)
        result = await execute()
        if isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            text = json_text.dumps(result.data)
            cache.store_soon(
                identity,
                text,
                version=lookup.version,
                computed_at=context.now,
                until=lifetime.until,
            )
            # Encoded once: the response splices in the text just stored.
            return ExecutionResult(data=RawJSON(text), errors=None, extensions=result.extensions)  # type: ignore[arg-type]
        return result
