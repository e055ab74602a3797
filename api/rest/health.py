"""Liveness and readiness for load balancers and orchestrators.

Readiness is this process's ability to do its job: the database and Redis answer (the public
contract, README.md's Health: 503 while the database or Redis does not answer) and none of its
critical loops (the event-log writer, the live hub) is failing. While only Redis is down the
process still accepts hooks and GraphQL (they need only Postgres); the body says so with
"status": "unavailable" and "checks": {"redis": "down"}, so an operator can tell a Redis outage
from a broken process.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core.platform.health import answers, loops, readiness
from core.runtime import ProcessServices
from core.storage import database as db

READY_TIMEOUT_SECONDS = 2.0
REQUIRED = frozenset({"database", "redis"})


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    services: ProcessServices = request.state.services
    database, redis = await asyncio.gather(
        answers(db.ping(), within=READY_TIMEOUT_SECONDS),
        answers(services.redis.ping(), within=READY_TIMEOUT_SECONDS),
    )
    report = readiness({"database": database, "redis": redis}, loops.snapshot(), required=REQUIRED)
    return JSONResponse(report.body, status_code=200 if report.ready else 503)
