"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core import db
from core.runtime import Platform

READY_TIMEOUT_SECONDS = 2.0


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    platform: Platform = request.state.platform
    checks = {
        "database": await _answers(db.ping()),
        "redis": await _answers(platform.redis.ping()),
    }
    ready = all(checks.values())
    return JSONResponse(
        {
            "status": "ready" if ready else "unavailable",
            "checks": {k: "ok" if v else "down" for k, v in checks.items()},
        },
        status_code=200 if ready else 503,
    )


async def _answers(check: object) -> bool:
    try:
        await asyncio.wait_for(check, READY_TIMEOUT_SECONDS)  # type: ignore[arg-type]
    except Exception:
        return False
    return True
