"""Revocations told to every API process at once, over Redis pub/sub.

Each process remembers verified keys for API_KEY_CACHE_SECONDS (api_keys.KeyVerifier), so a
revocation would otherwise reach the others only when their answers expire. The revoking
process publishes the key's id after the database has it; every API process drops its cached
answers for that key and closes its websockets, so the key's next request anywhere is refused.
Nothing is added to a request's path: the news is pushed. Redis only hastens what the database
already decided: while it is away a message may be lost, and the cache's own time applies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from core.platform import retry_policies
from core.platform.health import LoopMonitor

log = logging.getLogger("etp.access")

CHANNEL = "keys:revoked"
POLL_SECONDS = 1.0
START_WAIT_SECONDS = 2.0

OnRevoked = Callable[[str], Awaitable[None]]


async def announce_revocation(redis: Redis, *, prefix: str, key_id: str) -> None:
    try:
        await redis.publish(f"{prefix}{CHANNEL}", key_id)
    except (
        Exception
    ) as error:  # the database has it: other processes follow within their cache time
        log.warning("could not announce a key revocation over Redis: %r", error)


class RevocationListener:
    """This process's subscription to revocations; `on_revoked` runs for each key id."""

    def __init__(self, redis: Redis, *, prefix: str, on_revoked: OnRevoked) -> None:
        self._redis = redis
        self._channel = f"{prefix}{CHANNEL}"
        self._on_revoked = on_revoked
        self._task: asyncio.Task[None] | None = None
        self.subscribed = asyncio.Event()  # messages from now on are heard

    async def start(self) -> None:
        """Returns once subscribed, so a process that answers requests hears revocations; with
        Redis away, after START_WAIT_SECONDS (it goes on trying)."""
        self._task = asyncio.create_task(self._listen(), name="etp-key-revocations")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(START_WAIT_SECONDS):
                await self.subscribed.wait()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _listen(self) -> None:
        # Not critical to readiness: without Redis revocations still apply within the cache time.
        monitor = LoopMonitor(
            "key-revocations", log, policy=retry_policies.KEY_REVOCATIONS_REDIS, critical=False
        )
        try:
            while True:
                pubsub = self._redis.pubsub()
                try:
                    await pubsub.subscribe(self._channel)
                    monitor.succeeded()
                    self.subscribed.set()
                    while True:
                        # Not listen(): its read is bounded by the client's socket timeout, so
                        # an idle channel would look like a lost connection (as in LiveHub).
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=POLL_SECONDS
                        )
                        if message is not None and message.get("type") == "message":
                            data = message["data"]
                            key_id = data.decode() if isinstance(data, bytes) else str(data)
                            await self._on_revoked(key_id)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    self.subscribed.clear()
                    await asyncio.sleep(monitor.failed(error))
                finally:
                    with contextlib.suppress(Exception):
                        await pubsub.aclose()  # type: ignore[no-untyped-call]
        finally:
            monitor.close()
