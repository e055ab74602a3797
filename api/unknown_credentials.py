"""How often one client address may present credentials that match nothing
(UNKNOWN_CREDENTIAL_RATE_LIMIT): unknown hook tokens (404) and unknown API keys (401).

Each such answer costs a lookup in the database; a client sending random tokens would otherwise
spend the pool that real callers need. Once an address is over the limit, its next requests
with a hook token or a key get 429 with Retry-After before any lookup. The address is the one
uvicorn gives the app: the forwarded one only behind TRUSTED_PROXIES (api/serving.py), so a
client cannot pick its own. Counted in this process's memory by the `limits` library, as
WS_CONNECT_RATE_LIMIT is: the limit is per API process, and no request waits for Redis.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from starlette.requests import HTTPConnection

NAMESPACE = "unknown-credentials"


class UnknownCredentials:
    def __init__(self, limit: RateLimitItem | None) -> None:
        self._limit = limit
        self._counts = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def retry_after(self, address: str) -> int | None:
        """None if `address` may present a credential now, else the seconds to wait."""
        if self._limit is None or await self._counts.test(self._limit, NAMESPACE, address):
            return None
        stats = await self._counts.get_window_stats(self._limit, NAMESPACE, address)
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def refused(self, address: str) -> None:
        """One answer 401/404 for a credential that matched nothing."""
        if self._limit is not None:
            await self._counts.hit(self._limit, NAMESPACE, address)


def client_address(connection: HTTPConnection) -> str:
    # The forwarded address behind a trusted proxy (TRUSTED_PROXIES): uvicorn has put it here.
    return connection.client.host if connection.client else "unknown"


def unknown_credentials(connection: HTTPConnection) -> UnknownCredentials:
    counts: UnknownCredentials = connection.scope["state"]["unknown_credentials"]
    return counts


RETRY_MESSAGE = (
    "too many requests with unknown hook tokens or API keys from this address; retry in {} s"
)
