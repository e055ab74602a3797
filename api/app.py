"""The ASGI application: GraphQL (HTTP and websocket), the REST shim, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from api.graphql.schema import schema
from api.graphql.view import GraphQLView
from api.rest.health import healthz, readyz
from api.rest.hooks import fire_hook, fire_hook_test
from core.metrics import metrics
from core.runtime import Platform, close_platform, open_platform
from core.settings import Settings


class State(TypedDict):
    platform: Platform


async def metrics_endpoint(request: Request) -> Response:
    return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")


def create_app(settings: Settings, *, platform: Platform | None = None) -> Starlette:
    """With `platform`, the caller owns the resources (etp dev shares them with the worker)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        if platform is not None:
            yield {"platform": platform}
            return
        opened = await open_platform(settings)
        try:
            yield {"platform": opened}
        finally:
            await close_platform(opened)

    graphql = GraphQLView(schema)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/hooks/{token}", fire_hook, methods=["POST"]),
            Route("/hooks/{token}/test", fire_hook_test, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
        ],
        lifespan=lifespan,
    )
