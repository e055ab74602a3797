"""The ASGI application: GraphQL (HTTP and websocket), the REST shim, health and metrics, the
dashboard and its sign-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from api.access_log import AccessLog
from api.body_limit import BodyLimit
from api.dashboard.routes import dashboard_routes
from api.errors import ProblemErrors
from api.graphql import fast_paths
from api.graphql.access.revocations import RevocationWatch
from api.graphql.schema import build_schema, schema
from api.graphql.transport.view import GraphQLView
from api.graphql.transport.ws_connect_rate import ConnectRate
from api.graphql.transport.ws_places import WebsocketPlaces
from api.rate_limits import RateLimits, parse_limit
from api.rest.docs_page import docs_page
from api.rest.event_export import ExportSlots, export_events
from api.rest.health import healthz, readyz
from api.rest.hooks import fire_hook, fire_hook_test
from api.rest.openapi import openapi_json
from api.rest.sign_in import create_session, delete_session, read_session
from api.unknown_credentials import UnknownCredentials
from core.access.key_revocations import RevocationListener
from core.deliveries.updates import DeliveryUpdateHub
from core.live.hub import LiveHub
from core.platform.metrics import CONTENT_TYPE, metrics, multiprocess_dir
from core.platform.settings import Settings
from core.runtime import (
    ProcessServices,
    close_services,
    open_services,
    start_once_the_database_answers,
)

# With several worker processes, counts kept outside the metrics (core/platform/metrics.py `collect_with`)
# reach the shared files this often, since a scrape runs the collectors of one process only.
METRICS_FLUSH_SECONDS = 1.0


class State(TypedDict):
    services: ProcessServices
    live: LiveHub
    delivery_updates: DeliveryUpdateHub
    rate_limits: RateLimits
    revocations: RevocationWatch
    ws_places: WebsocketPlaces
    # The fast paths' event list cache (None: not installed).
    event_lists: fast_paths.EventListCache | None
    ws_connect_rate: ConnectRate
    unknown_credentials: UnknownCredentials
    exports: ExportSlots
    # Read by api/http_protocol.py for every connection, and api/ws_protocol.py for websockets.
    http: dict[str, float]
    websocket: dict[str, int]


async def metrics_endpoint(request: Request) -> Response:
    return Response(await metrics.render_async(), media_type=CONTENT_TYPE)


async def _flush_metrics_forever() -> None:
    while True:
        await asyncio.sleep(METRICS_FLUSH_SECONDS)
        metrics.run_collectors()


def create_app(
    settings: Settings,
    *,
    services: ProcessServices | None = None,
    event_lists: fast_paths.EventListCache | None = None,
) -> Starlette:
    """With `platform`, the caller owns the resources (etp dev shares them with the worker);
    with `event_lists`, the event list cache too (else the settings decide whether there is
    one)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        opened = services or await open_services(settings)
        # One Redis subscription per API process, shared by all its websocket subscribers.
        live = LiveHub(
            opened.redis, prefix=settings.redis_prefix, queue_size=settings.live_queue_size
        )
        # The hub starts from the log's newest id: with a database that is not there yet, the
        # process serves meanwhile (liveness 200, readiness 503, SIGTERM heard) instead of
        # exiting or hanging in its start.
        starting = await start_once_the_database_answers(live.start)
        revocations = RevocationWatch(clock=opened.clock)
        # Likewise one for deliveryUpdated (core/deliveries/updates.py).
        delivery_updates = DeliveryUpdateHub(
            opened.redis, prefix=settings.redis_prefix, queue_size=settings.live_queue_size
        )
        await delivery_updates.start()

        async def key_revoked(key_id: str) -> None:
            opened.keys.forget(key_id)
            await revocations.key_revoked(key_id)

        key_revocations = RevocationListener(
            opened.redis, prefix=settings.redis_prefix, on_revoked=key_revoked
        )
        await key_revocations.start()
        shared = multiprocess_dir() is not None
        flusher = asyncio.create_task(_flush_metrics_forever()) if shared else None
        rate_limits = RateLimits(
            settings.redis_url,
            prefix=settings.redis_prefix,
            clock=opened.clock,
            slices=settings.rate_limit_slices,
        )
        try:
            yield {
                "services": opened,
                "live": live,
                "delivery_updates": delivery_updates,
                "rate_limits": rate_limits,
                "revocations": revocations,
                "ws_places": WebsocketPlaces.from_settings(settings),
                "event_lists": event_lists or fast_paths.event_list_cache(opened),
                "ws_connect_rate": ConnectRate(parse_limit(settings.ws_connect_rate_limit)),
                "unknown_credentials": UnknownCredentials(
                    parse_limit(settings.unknown_credential_rate_limit)
                ),
                "exports": ExportSlots(),
                "http": {
                    "header_timeout_seconds": settings.http_header_timeout_seconds,
                    "max_header_bytes": settings.http_max_header_bytes,
                },
                # Read by api/ws_protocol.py for every websocket.
                "websocket": {"init_message_bytes": settings.ws_max_init_message_bytes},
            }
        finally:
            await revocations.close()
            await key_revocations.close()
            await rate_limits.close()
            if flusher is not None:
                flusher.cancel()
                # gather, not suppress(CancelledError): a cancellation of the shutdown itself
                # must still get through (see LiveHub.close).
                await asyncio.gather(flusher, return_exceptions=True)
                metrics.run_collectors()
            if starting is not None:
                starting.cancel()
                await asyncio.gather(starting, return_exceptions=True)
            await live.close()
            await delivery_updates.close()
            if services is None:
                await close_services(opened)

    fast_paths_on = settings.graphql_fast_paths
    graphql = GraphQLView(
        schema
        if settings.graphql_introspection and fast_paths_on
        else build_schema(
            introspection=settings.graphql_introspection, fast_paths_on=fast_paths_on
        ),
        graphql_ide=bool(settings.graphiql),
        legacy_graphql_ws=settings.graphql_ws_legacy,
        max_subscriptions_per_connection=settings.ws_max_subscriptions,
        max_response_bytes=settings.graphql_max_response_bytes,
        fast_paths_on=fast_paths_on,
        ws_init_timeout_seconds=settings.ws_init_timeout_seconds,
        ws_message_limits=(settings.ws_max_init_message_bytes, settings.graphql_max_body_bytes),
    )
    return Starlette(
        routes=[
            Route(
                "/graphql",
                BodyLimit(
                    graphql,
                    # A bigger body is refused before it is buffered.
                    max_bytes=settings.graphql_max_body_bytes,
                    read_timeout=settings.http_read_timeout_seconds,
                ),
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", graphql),
            Route("/hooks/{token}", fire_hook, methods=["POST"]),
            Route("/hooks/{token}/test", fire_hook_test, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/openapi.json", openapi_json),
            Route("/docs", docs_page),
            Route("/events/export.ndjson", export_events, methods=["GET"]),
            Route("/session", create_session, methods=["POST"]),
            Route("/session", read_session, methods=["GET"]),
            Route("/session", delete_session, methods=["DELETE"]),
            *dashboard_routes(),
        ],
        lifespan=lifespan,
        # The access log outermost, so that it records the problem status ProblemErrors answers.
        middleware=[Middleware(AccessLog), Middleware(ProblemErrors)],
    )
