"""uvicorn's HTTP protocol with a deadline and a size cap on request headers.

uvicorn 0.54 times out idle keep-alive connections only after a response: a client that opens a
connection and sends nothing, or sends its headers a byte at a time, holds the connection for
good, and httptools puts no bound on header size. Here a connection waiting for a request's
headers gets `http_header_timeout_seconds` from its first byte (or from the connection's start)
before it is closed with a 408, and a header block over `http_max_header_bytes` is a 431.

The limits come from the app's lifespan state (the `http` key, set by api/app.py from Settings),
so that `etp api --workers N` needs nothing passed to uvicorn but this class.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("etp.http")

DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_HEADER_BYTES = 64 * 1024

_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-length: 0\r\nconnection: close\r\n\r\n"
)


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """A request's headers must arrive in time and within a size; the body is the app's job
    (api/body_limit.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = self.app_state.get("http") or {}
        self.header_timeout: float = limits.get(
            "header_timeout_seconds", DEFAULT_HEADER_TIMEOUT_SECONDS
        )
        self.max_header_bytes: int = limits.get("max_header_bytes", DEFAULT_MAX_HEADER_BYTES)
        self._header_timer: asyncio.TimerHandle | None = None
        # The request cycle current when the timer was armed: a new one means headers arrived.
        self._waiting_after: object = None
        self._header_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and self._between_requests():
            self._arm()
        if self._header_timer is not None:
            self._header_bytes += len(data)
        super().data_received(data)
        if self._header_timer is None:
            return
        if self.cycle is not self._waiting_after or self.transport.get_protocol() is not self:
            # Headers complete (a new cycle), or upgraded to a websocket.
            self._disarm()
        elif self._header_bytes > self.max_header_bytes:
            self._refuse(_TOO_LARGE, "request headers over %d bytes", self.max_header_bytes)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._waiting_after = self.cycle
        self._header_bytes = 0
        self._header_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expired(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            return
        if self.cycle is not self._waiting_after:
            return
        if self._header_bytes:
            self._refuse(_TIMEOUT, "request headers not complete after %g s", self.header_timeout)
        else:
            # Never said a word: nothing to answer.
            self.transport.close()

    def _refuse(self, response: bytes, reason: str, figure: float) -> None:
        self._disarm()
        # INFO: a slow or oversized client is the client's doing, not the platform's fault.
        log.info("closed a connection: " + reason, figure, extra={"client": self.client})
        self.transport.write(response)
        self.transport.close()
