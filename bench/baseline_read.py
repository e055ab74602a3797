"""Baseline for the read scenario: a bare Starlette endpoint returning the newest 50 active
events as JSON, one asyncpg query per request, the same rows and fields etp's events(first: 50)
returns (status computed from age, as etp does)."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DSN = os.environ.get("BASELINE_DSN", "postgres://postgres@127.0.0.1:5432/etp_bench_read")
ACTIVE = timedelta(hours=2)
QUERY = (
    "SELECT id, trigger_id, trigger_name, kind, source, is_test, payload, scheduled_for, fired_at"
    " FROM events WHERE fired_at > $1 AND is_test = false"
    " ORDER BY fired_at DESC, id DESC LIMIT 51"
)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    pool = await asyncpg.create_pool(DSN, min_size=10, max_size=10)
    try:
        yield {"pool": pool}
    finally:
        await pool.close()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def events(request: Request) -> Response:
    now = datetime.now(UTC)
    rows = await request.state.pool.fetch(QUERY, now - ACTIVE)
    nodes = [
        {
            "id": f"{row['id']:016x}",
            "triggerId": str(row["trigger_id"]) if row["trigger_id"] else None,
            "triggerName": row["trigger_name"],
            "kind": row["kind"],
            "source": row["source"],
            "status": "ACTIVE",
            "isTest": row["is_test"],
            "payload": json.loads(row["payload"]) if row["payload"] else None,
            "scheduledFor": _iso(row["scheduled_for"]),
            "firedAt": _iso(row["fired_at"]),
        }
        for row in rows[:50]
    ]
    body = {
        "data": {
            "events": {
                "edges": [{"cursor": node["id"], "node": node} for node in nodes],
                "pageInfo": {"hasNextPage": len(rows) > 50},
            }
        }
    }
    return Response(json.dumps(body), media_type="application/json")


app = Starlette(routes=[Route("/graphql", events, methods=["POST"])], lifespan=lifespan)
