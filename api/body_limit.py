"""Caps request bodies for endpoints that read them whole (Strawberry reads request.body()).

The body is read up to the limit before the wrapped app runs, then replayed to it; anything
larger gets a 413 problem without the app ever buffering it, and a body that has not arrived
whole within `read_timeout` seconds a 408 (slow clients hold no task for long).
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.rest.body import BodyTooLarge
from api.rest.problems import body_timeout_problem, problem


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
            async with asyncio.timeout(self.read_timeout):
                chunks = await self._read(receive)
        except TimeoutError:
            await body_timeout_problem(self.read_timeout)(scope, receive, send)
            return
        except BodyTooLarge:
            response = problem(
                413,
                "body-too-large",
                "Payload too large",
                f"the body exceeds {self.max_bytes} bytes",
            )
            await response(scope, receive, send)
            return
        if chunks is None:
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> list[bytes] | None:
        """The body's chunks, or None if the client left."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge
            chunks.append(chunk)
            more = message.get("more_body", False)
        return chunks
