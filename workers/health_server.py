"""`/healthz`, `/readyz` and `/metrics` of a worker process on WORKER_HEALTH_PORT, for compose and
Kubernetes probes. A worker serves no other HTTP, so a few lines of asyncio stand in for a web
framework; the answers are the API's (core/platform/health.py decides readiness).

Liveness: the event loop answers. Readiness: the database answers and the scheduler is not
failing. Redis and arq's queue polling are reported but not required: without Redis the worker
still fires schedules, its essential job.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from core.platform.health import answers, loops, readiness
from core.platform.metrics import CONTENT_TYPE, metrics
from core.runtime import ProcessServices
from core.storage import database as db

CHECK_TIMEOUT_SECONDS = 2.0
REQUIRED = frozenset({"database"})
_REASONS = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}


class HealthServer:
    def __init__(self, services: ProcessServices, *, host: str, port: int | None) -> None:
        self._services = services
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self._host, self._port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), CHECK_TIMEOUT_SECONDS)
            parts = request_line.decode("latin-1").split()
            path = parts[1].split("?", 1)[0] if len(parts) >= 2 else ""
            if path == "/metrics":
                status, payload, content_type = 200, await metrics.render_async(), CONTENT_TYPE
            else:
                status, body = await self._answer(path)
                payload, content_type = json.dumps(body).encode(), "application/json"
            writer.write(
                f"HTTP/1.1 {status} {_REASONS[status]}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, path: str) -> tuple[int, dict[str, object]]:
        if path == "/healthz":
            return 200, {"status": "ok"}
        if path != "/readyz":
            return 404, {"status": "not found"}
        database, redis = await asyncio.gather(
            answers(db.ping(), within=CHECK_TIMEOUT_SECONDS),
            answers(self._services.redis.ping(), within=CHECK_TIMEOUT_SECONDS),
        )
        report = readiness(
            {"database": database, "redis": redis}, loops.snapshot(), required=REQUIRED
        )
        return (200 if report.ready else 503), report.body
