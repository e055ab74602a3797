"""The GraphQL ASGI view: authenticates every operation before it runs."""

from __future__ import annotations

from typing import Any

from graphql import ExecutionResult
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.graphql.context import Context, presented_key, unauthenticated
from core.runtime import Platform


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, schema: Any, *, graphql_ide: bool = True) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphql_ide else None,
            # The legacy graphql-ws protocol is off: graphql-transport-ws only.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=20,
        )

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        platform: Platform = request.state.platform
        principal = await platform.keys.verify(presented_key(request.headers))
        return Context(
            platform=platform, principal=principal, connection=request, now=platform.now()
        )

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
        return await super().execute_operation(
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )
