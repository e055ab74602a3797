"""The uvicorn options every way of serving the app shares (`etp api`, `etp dev`, the tests).

Websocket compression stays each caller's choice.
"""

from __future__ import annotations

from typing import Any

from api.http_protocol import HeaderDeadlineProtocol
from api.ws_protocol import BoundedWebSocketProtocol
from core.platform.settings import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        # X-Forwarded-For names the client only when a trusted proxy sends it (TRUSTED_PROXIES;
        # uvicorn would trust loopback otherwise): the per-address websocket cap counts by it.
        "forwarded_allow_ips": settings.trusted_proxies,
        # No websocket message is buffered beyond what a GraphQL request may be (uvicorn's default
        # is 16 MiB)...
        "ws_max_size": settings.graphql_max_body_bytes,
        # ...and until connection_ack, no more than WS_MAX_INIT_MESSAGE_BYTES (api/ws_protocol.py).
        "ws": BoundedWebSocketProtocol,
        # Header deadline and size cap against slow clients (docs/security.md).
        "http": HeaderDeadlineProtocol,
        # uvicorn's access log writes full URLs, hook tokens included: api/access_log.py
        # writes the route template instead.
        "access_log": False,
        # Logging is configured once by core/platform/logs.py; uvicorn's loggers propagate to it.
        "log_config": None,
    }
