"""How often one client address may open websockets that never show a key (WS_CONNECT_RATE_LIMIT).

The caps on places (ws_places.py) bound how many strangers are open at once, not how fast they
come back: a stranger refused for a bad message reconnects at once, and each connection costs a
handshake, a context and a close. This counts, per client address, the connections that ended
without a key or session (closed before or at connection_init, or refused), and once an address
is over the limit its next keyless upgrades are denied with 429 before the handshake completes:
the first in the app, the rest, until the Retry-After it was given, by the websocket protocol
itself (api/ws_protocol.py) before any ASGI work.

A connection that shows a key (on the upgrade or in connection_init) is never counted, so a
client library that sends its key in connection_init and reconnects after a restart never meets
the limit; neither does the dashboard (its session cookie is on the upgrade). Counted in this
process's memory by the `limits` library: the limit is per API process, and it may be exceeded
by the strangers an address already has open when it is reached (at most
WS_MAX_UNAUTHENTICATED_PER_ADDRESS), since those are counted as they end.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

log = logging.getLogger("etp.websockets")

NAMESPACE = "ws-connect"
# Addresses whose denial is remembered for the protocol (api/ws_protocol.py); past this many,
# all are forgotten: a forgotten one's next upgrade is only asked about in the app again.
MAX_REMEMBERED = 10_000
DENIED = "too many websocket connections without an API key from this address"


class ConnectRate:
    def __init__(self, limit: RateLimitItem | None) -> None:
        self._limit = limit
        self._counts = SlidingWindowCounterRateLimiter(MemoryStorage())
        # One INFO line per address per window, however many upgrades it sends.
        self._logged = RateLimitItemPerSecond(1, limit.get_expiry()) if limit is not None else None
        # Until when (monotonic) each denied address was told to wait: the protocol denies its
        # keyless upgrades meanwhile, before they reach the app (api/ws_protocol.py).
        self._denied_until: dict[str, float] = {}

    def denied_now(self, address: str) -> int | None:
        """Without asking the count: the seconds `address` was told to wait, if not yet over."""
        until = self._denied_until.get(address)
        if until is None:
            return None
        left = until - time.monotonic()
        if left <= 0:
            del self._denied_until[address]
            return None
        return math.ceil(left)

    async def retry_after(self, address: str) -> int | None:
        """None if `address` may open a keyless websocket now, else the seconds to wait."""
        if self._limit is None or await self._counts.test(self._limit, NAMESPACE, address):
            return None
        assert self._logged is not None
        if await self._counts.hit(self._logged, NAMESPACE, "logged", address):
            log.info(
                "websocket refused: over WS_CONNECT_RATE_LIMIT (%s) for this address",
                self._limit,
                extra={"client": address},
            )
        stats = await self._counts.get_window_stats(self._limit, NAMESPACE, address)
        seconds = max(1, math.ceil(stats.reset_time - time.time()))
        if len(self._denied_until) >= MAX_REMEMBERED:
            self._denied_until.clear()
        self._denied_until[address] = time.monotonic() + seconds
        return seconds

    async def ended_without_key(self, address: str) -> None:
        if self._limit is not None:
            await self._counts.hit(self._limit, NAMESPACE, address)
