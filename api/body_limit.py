"""The one body limiter: a request body is read up to a size and within a time, or refused.

Starlette's `Request.body()` (and Strawberry, which calls it) reads without a limit, and a client
trickling one byte at a time would hold its connection and its task for as long as it likes.
`read_limited_body` serves the hook route directly; `BodyLimit` wraps endpoints that read the body
themselves (GraphQL): the body is read, capped, only if and when the endpoint asks for it, so an
endpoint that refuses a request from its headers (no valid key) never reads a byte of it. A body
larger than the cap gets a 413 problem without the endpoint ever buffering it, and one that has
not arrived whole in time a 408. A response sent while the body is still unread closes the
connection: the unread bytes cannot be taken for a next request, nor keep the connection busy.

A gzip body (Content-Encoding: gzip, where the endpoint allows it) is decompressed as it arrives
and its decompressed size counted against the cap: a zip bomb costs at most the cap in output.
"""

from __future__ import annotations

import asyncio
import zlib
from typing import Literal

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.rest.problems import body_timeout_problem, problem

ContentCoding = Literal["identity", "gzip"]
# zlib's window bits for the gzip container (header and CRC checked).
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    """The client did not send its whole body in time (a slow or stalled client)."""


class BodyUndecodable(Exception):
    """The body is not valid in its declared Content-Encoding (broken or truncated gzip)."""


class _Gunzip:
    """Streamed gzip decoding that never produces more than the cap (plus one byte) in total."""

    def __init__(self, max_bytes: int) -> None:
        self.room = max_bytes
        self.decoder = zlib.decompressobj(_GZIP_WBITS)

    def feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            try:
                chunk = self.decoder.decompress(data, self.room + 1)
            except zlib.error as error:
                raise BodyUndecodable(f"the body is not valid gzip ({error})") from None
            self.room -= len(chunk)
            if self.room < 0:
                raise BodyTooLarge
            out.append(chunk)
            if self.decoder.unconsumed_tail:
                data = self.decoder.unconsumed_tail
            elif self.decoder.eof and self.decoder.unused_data:
                # RFC 1952 lets a gzip stream hold several members, decoded one after another.
                data = self.decoder.unused_data
                self.decoder = zlib.decompressobj(_GZIP_WBITS)
            else:
                data = b""
        return b"".join(out)

    def finish(self) -> None:
        if not self.decoder.eof:
            raise BodyUndecodable("the gzip body ends before its end (truncated)")


async def read_limited_body(
    scope: Scope,
    receive: Receive,
    *,
    max_bytes: int,
    read_timeout: float,
    coding: ContentCoding = "identity",
) -> bytes:
    """The whole body, read from `receive` and decoded from `coding`; BodyTooLarge as soon as it
    is declared or found larger than `max_bytes` (as sent or decoded: at most max_bytes + one
    chunk is held), BodyTimeout when it has not all arrived within `read_timeout` seconds,
    BodyUndecodable for a broken encoding, ClientDisconnect if the client left."""
    declared = Headers(scope=scope).get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge
    gunzip = _Gunzip(max_bytes) if coding == "gzip" else None
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
                chunks.append(gunzip.feed(chunk) if gunzip is not None else chunk)
                more = message.get("more_body", False)
    except TimeoutError:
        raise BodyTimeout from None
    if gunzip is not None:
        gunzip.finish()
    return b"".join(chunks)


def body_too_large_problem(max_bytes: int) -> Response:
    return problem(
        413, "body-too-large", "Payload too large", f"the body exceeds {max_bytes} bytes"
    )


def _declares_body(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    length = headers.get("content-length")
    return "transfer-encoding" in headers or (length is not None and length.strip() != "0")


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_read = False

        async def limited_receive() -> Message:
            nonlocal body_read
            if body_read:
                return await receive()  # after the body: only the disconnect is left
            body_read = True
            body = await read_limited_body(
                scope, receive, max_bytes=self.max_bytes, read_timeout=self.read_timeout
            )
            return {"type": "http.request", "body": body, "more_body": False}

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and not body_read and _declares_body(scope):
                message = _closing(message)
            await send(message)

        try:
            await self.app(scope, limited_receive, closing_send)
        except BodyTimeout:
            await body_timeout_problem(self.read_timeout)(scope, receive, send)
        except BodyTooLarge:
            # The rest of the body is still coming: close rather than read it.
            await body_too_large_problem(self.max_bytes)(scope, receive, _closing_send(send))
        except ClientDisconnect:
            return


def _closing(message: Message) -> Message:
    return {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}


def _closing_send(send: Send) -> Send:
    async def closing(message: Message) -> None:
        await send(_closing(message) if message["type"] == "http.response.start" else message)

    return closing
