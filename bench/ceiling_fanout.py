"""The stack's ceiling for the fan-out scenario: a bare Starlette websocket endpoint broadcasting
each message POSTed to it, from memory, with no Redis and no database: what uvicorn + Starlette
deliver at most. As in the Redis baseline, one loop sends every message to every socket in
turn; a POST only queues its message, so the firing never waits for the sends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from bench.baseline_fanout import endpoint, sockets

# The subscribers' side is the Redis baseline's own (one set, one endpoint): only where the
# messages come from differs.
messages: asyncio.Queue[str] = asyncio.Queue()


async def broadcast() -> None:
    while True:
        text = await messages.get()
        for socket in list(sockets):
            with contextlib.suppress(Exception):
                await socket.send_text(text)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    task = asyncio.create_task(broadcast())
    try:
        yield {}
    finally:
        task.cancel()


async def publish(request: Request) -> Response:
    messages.put_nowait((await request.body()).decode())
    return Response(status_code=202)


app = Starlette(
    routes=[Route("/publish", publish, methods=["POST"]), WebSocketRoute("/ws", endpoint)],
    lifespan=lifespan,
)
