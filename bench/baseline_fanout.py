"""Baseline for the fan-out scenario: a bare Starlette websocket broadcasting Redis pub/sub."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CHANNEL = "etpbench:baseline-fanout"
sockets: set[WebSocket] = set()


async def broadcast(redis: aioredis.Redis) -> None:
    pubsub = redis.pubsub()
    await pubsub.subscribe(CHANNEL)
    async for message in pubsub.listen():
        if message["type"] == "message":
            text = message["data"].decode()
            for socket in list(sockets):
                with contextlib.suppress(Exception):
                    await socket.send_text(text)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    redis = aioredis.Redis.from_url(REDIS_URL)
    task = asyncio.create_task(broadcast(redis))
    try:
        yield {}
    finally:
        task.cancel()
        await redis.aclose()


async def endpoint(websocket: WebSocket) -> None:
    await websocket.accept()
    sockets.add(websocket)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        sockets.discard(websocket)


app = Starlette(routes=[WebSocketRoute("/ws", endpoint)], lifespan=lifespan)
