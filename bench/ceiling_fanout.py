"""The stack's ceiling for the fan-out scenario: a bare Starlette websocket endpoint broadcasting
each message POSTed to it, from memory, with no Redis and no database: what uvicorn + Starlette
deliver at most."""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

sockets: set[WebSocket] = set()


async def publish(request: Request) -> Response:
    text = (await request.body()).decode()
    for socket in list(sockets):
        with contextlib.suppress(Exception):
            await socket.send_text(text)
    return Response(status_code=202)


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


app = Starlette(
    routes=[Route("/publish", publish, methods=["POST"]), WebSocketRoute("/ws", endpoint)]
)
