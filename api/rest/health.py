"""Liveness and readiness for load balancers and orchestrators.

Readiness is this process's ability to do its job: the database answers and none of its
critical loops (the event-log writer) is failing (../shared/API.md, wave 3). While only Redis is
down the process still accepts hooks and GraphQL (they need only Postgres), so it stays in a load
balancer's rotation: a 503 would drain every replica at once for an outage that stops nothing.
The body says "status": "degraded" and "checks": {"redis": "degraded"}, and the gauge
`etp_dependency_up{dependency="redis"}` is 0, so an operator still sees the outage.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core.platform.health import answers, loops, readiness
from core.runtime import ProcessServices
from core.storage import database as db

READY_TIMEOUT_SECONDS = 2.0
REQUIRED = frozenset({"database"})


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
