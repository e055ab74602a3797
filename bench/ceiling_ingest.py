"""The stack's ceiling for the ingest scenario: a bare Starlette endpoint that parses the JSON body
and answers 202, with no I/O. What uvicorn + Starlette serve at most on this machine."""

from __future__ import annotations

import itertools
import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_ids = itertools.count(1)


async def fire(request: Request) -> JSONResponse:
    payload = json.loads(await request.body())
    return JSONResponse({"event": {"id": next(_ids), "payload": payload}}, status_code=202)


app = Starlette(routes=[Route("/hooks/{token}", fire, methods=["POST"])])
