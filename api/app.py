"""The ASGI application: GraphQL (HTTP and websocket), the REST shim, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from api.body_limit import BodyLimit
from api.errors import ProblemErrors
from api.graphql.schema import schema
from api.graphql.view import GraphQLView
from api.rest.health import healthz, readyz
from api.rest.hooks import fire_hook, fire_hook_test
from core.live import LiveHub
from core.metrics import metrics
from core.runtime import Platform, close_platform, open_platform
from core.settings import Settings

# GraphQL documents and variables are small; a bigger body is refused before it is buffered.
GRAPHQL_MAX_BODY_BYTES = 1024 * 1024


class State(TypedDict):
    platform: Platform
    live: LiveHub


async def metrics_endpoint(request: Request) -> Response:
    return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")


def create_app(settings: Settings, *, platform: Platform | None = None) -> Starlette:
    """With `platform`, the caller owns the resources (etp dev shares them with the worker)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        opened = platform or await open_platform(settings)
        # One Redis subscription per API process, shared by all its websocket subscribers.
        live = LiveHub(
            opened.redis, prefix=settings.redis_prefix, queue_size=settings.live_queue_size
        )
        await live.start()
        try:
            yield {"platform": opened, "live": live}
        finally:
            await live.close()
            if platform is None:
                await close_platform(opened)

    graphql = GraphQLView(
        schema,
        legacy_graphql_ws=settings.legacy_graphql_ws,
        max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
    )
    return Starlette(
        routes=[
            Route(
                "/graphql",
                BodyLimit(graphql, max_bytes=GRAPHQL_MAX_BODY_BYTES),
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", graphql),
            Route("/hooks/{token}", fire_hook, methods=["POST"]),
            Route("/hooks/{token}/test", fire_hook_test, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
        ],
        middleware=[Middleware(ProblemErrors)],
        lifespan=lifespan,
    )
