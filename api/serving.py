"""The uvicorn options every way of serving the app shares (`etp api`, `etp dev`, the tests).

Websocket compression stays each caller's choice.
"""

from __future__ import annotations

from typing import Any

from api.http_protocol import HeaderDeadlineProtocol


def uvicorn_options() -> dict[str, Any]:
    return {
        # Header deadline and size cap against slow clients (docs/security.md).
        "http": HeaderDeadlineProtocol,
        # uvicorn's access log writes full URLs, hook tokens included: api/access_log.py
        # writes the route template instead.
        "access_log": False,
        # Logging is configured once by core/platform/logs.py; uvicorn's loggers propagate to it.
        "log_config": None,
    }
