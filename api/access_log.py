"""The access log: one structured line per HTTP request, naming the route, never the URL.

uvicorn's own access log writes the full path and query string, and a hook's path is its
credential (`/hooks/{token}`). This one logs the route template the request matched, so no
token, query string or other caller-supplied text reaches the log (uvicorn's is turned off in
api/serving.py).

A line is written by a thread of its own (api/log_lines.py), not by the request: formatting
and writing it would otherwise take event loop time from every request, and a slow log reader
would stall them all.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.log_lines import LogLines

log = logging.getLogger("etp.access")

# A path that matched no route is the caller's text: logged as this, not as sent.
UNMATCHED = "<unmatched>"


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.lines = LogLines(log)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._written_before_shutdown(send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            route = route_template(scope)
            method = scope["method"]
            # Client mistakes (4xx) are routine: INFO like any request. A 5xx is the platform's
            # fault; the fault itself is logged at ERROR where it happens, with its traceback.
            self.lines.write(
                logging.WARNING if status >= 500 else logging.INFO,
                "%s %s %d %.1f ms",
                (method, route, status, duration_ms),
                {
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )

    def _written_before_shutdown(self, send: Send) -> Send:
        """Every line is out before the server is told the app has shut down."""

        async def send_after_flushing(message: Message) -> None:
            if message["type"] in {"lifespan.shutdown.complete", "lifespan.shutdown.failed"}:
                await self.lines.flush()
            await send(message)

        return send_after_flushing
