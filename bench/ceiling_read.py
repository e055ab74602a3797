"""The stack's ceiling for the read scenario: a bare Starlette endpoint that parses the request's
JSON and answers with a page of 50 events shaped like etp's events(first: 50), built in memory,
with no I/O. What uvicorn + Starlette serve at most for a response of this size."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PAGE = 50


def _nodes() -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    trigger = str(uuid4())
    return [
        {
            "id": f"{10_000 - n:016x}",
            "triggerId": trigger,
            "triggerName": "orders",
            "kind": "API",
            "source": "API",
            "status": "ACTIVE",
            "isTest": False,
            "payload": {"order": 10_000 - n, "amount": (10_000 - n) * 1.5, "currency": "EUR"},
            "scheduledFor": None,
            "firedAt": (now - timedelta(seconds=18 * n)).isoformat(),
        }
        for n in range(PAGE)
    ]


NODES = _nodes()


async def events(request: Request) -> Response:
    json.loads(await request.body())
    body = {
        "data": {
            "events": {
                "edges": [{"cursor": node["id"], "node": node} for node in NODES],
                "pageInfo": {"hasNextPage": True},
            }
        }
    }
    return Response(json.dumps(body), media_type="application/json")


app = Starlette(routes=[Route("/graphql", events, methods=["POST"])])
