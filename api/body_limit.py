"""The one body limiter: a request body is read up to a size and within a time, or refused.

Starlette's `Request.body()` (and Strawberry, which calls it) reads without a limit, and a client
trickling one byte at a time would hold its connection and its task for as long as it likes.
`read_limited_body` serves the hook route directly; `BodyLimit` wraps endpoints that read the body
themselves (GraphQL): it reads the body first, then replays it to the wrapped app, so anything
larger gets a 413 problem without the app ever buffering it, and a body that has not arrived
whole in time a 408.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.rest.problems import body_timeout_problem, problem


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    """The client did not send its whole body in time (a slow or stalled client)."""


async def read_limited_body(
    scope: Scope, receive: Receive, *, max_bytes: int, read_timeout: float
) -> bytes:
    """The whole body, read from `receive`; BodyTooLarge as soon as it is declared or found
    larger than `max_bytes` (at most max_bytes + one chunk is held), BodyTimeout when it has not
    all arrived within `read_timeout` seconds, ClientDisconnect if the client left."""
    declared = Headers(scope=scope).get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    more = True
    try:
        async with asyncio.timeout(read_timeout):
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnect
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > max_bytes:
                    raise BodyTooLarge
                chunks.append(chunk)
                more = message.get("more_body", False)
    except TimeoutError:
        raise BodyTimeout from None
    return b"".join(chunks)


def body_too_large_problem(max_bytes: int) -> Response:
    return problem(
        413, "body-too-large", "Payload too large", f"the body exceeds {max_bytes} bytes"
    )


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await read_limited_body(
                scope, receive, max_bytes=self.max_bytes, read_timeout=self.read_timeout
            )
        except BodyTimeout:
            await body_timeout_problem(self.read_timeout)(scope, receive, send)
            return
        except BodyTooLarge:
            await body_too_large_problem(self.max_bytes)(scope, receive, send)
            return
        except ClientDisconnect:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
