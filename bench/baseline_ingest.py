"""Baseline for the ingest scenario: a bare Starlette endpoint, one asyncpg INSERT per request."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DSN = os.environ.get("BASELINE_DSN", "postgres://postgres@127.0.0.1:5432/etp_bench")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    pool = await asyncpg.create_pool(DSN, min_size=10, max_size=10)
    await pool.execute(
        "CREATE TABLE IF NOT EXISTS baseline_events ("
        " id bigserial PRIMARY KEY, token text NOT NULL, payload jsonb NOT NULL,"
        " fired_at timestamptz NOT NULL DEFAULT now())"
    )
    try:
        yield {"pool": pool}
    finally:
        await pool.close()


async def fire(request: Request) -> JSONResponse:
    payload = json.loads(await request.body())
    event_id = await request.state.pool.fetchval(
        "INSERT INTO baseline_events (token, payload) VALUES ($1, $2::jsonb) RETURNING id",
        request.path_params["token"],
        json.dumps(payload),
    )
    return JSONResponse({"event": {"id": event_id}}, status_code=202)


app = Starlette(routes=[Route("/hooks/{token}", fire, methods=["POST"])], lifespan=lifespan)
