"""deliveryUpdated's fan-out: whoever changes a delivery (a worker recording an attempt, the API
queueing one again) publishes its ids over Redis; each API process holds one subscription
and hands the ids to its subscribers' bounded queues, which read the delivery from Postgres.

A wake-up, as the live events hub's: Redis pub/sub drops what nobody hears, so an update lost
in an outage is not replayed; the delivery itself is in Postgres (`deliveries`) all along.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from uuid import UUID

from redis.asyncio import Redis

from core.deliveries.records import StoredDelivery
from core.platform import retry_policies
from core.platform.health import LoopMonitor

log = logging.getLogger("etp.deliveries.updates")

# A publish must not hold up the attempt that made it: past this, the update is dropped.
PUBLISH_TIMEOUT_SECONDS = 1.0


def deliveries_channel(prefix: str, redis: Redis) -> str:
    """Named with the database, as the events channel is (core/live/hub.py)."""
    database = redis.connection_pool.connection_kwargs.get("db", 0)
    return f"{prefix}:{database}:deliveries"


@dataclass(frozen=True, slots=True)
class DeliveryChanged:
    delivery_id: int
    event_id: int
    destination_id: UUID


class UpdatePublisher:
    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self._redis = redis
        self._channel = deliveries_channel(prefix, redis)

    async def __call__(self, delivery: StoredDelivery) -> None:
        message = json.dumps([delivery.id, delivery.event_id, str(delivery.destination_id)])
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                await self._redis.publish(self._channel, message)
        except Exception as error:  # a hint: Postgres has the delivery whatever happens here
            log.debug("a delivery update was not published: %s", type(error).__name__)


def _changed(data: object) -> DeliveryChanged | None:
    try:
        delivery_id, event_id, destination_id = json.loads(data)  # type: ignore[arg-type]
        return DeliveryChanged(int(delivery_id), int(event_id), UUID(destination_id))
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class UpdateFilter:
    destination_id: UUID | None = None
    event_id: int | None = None

    def matches(self, changed: DeliveryChanged) -> bool:
        return (self.destination_id is None or changed.destination_id == self.destination_id) and (
            self.event_id is None or changed.event_id == self.event_id
        )


class UpdatesLost(Exception):
    """A subscriber read too slowly; its queue overflowed and it was dropped."""


_OVERFLOW = None


class _Subscriber:
    def __init__(self, update_filter: UpdateFilter, queue_size: int) -> None:
        self.filter = update_filter
        self.queue: asyncio.Queue[DeliveryChanged | None] = asyncio.Queue(queue_size + 1)
        self._room = queue_size
        self.dropped = False

    def offer(self, changed: DeliveryChanged) -> None:
        if self.dropped or not self.filter.matches(changed):
            return
        if self.queue.qsize() >= self._room:
            self.dropped = True
            self.queue.put_nowait(_OVERFLOW)  # the one place kept for it
            return
        self.queue.put_nowait(changed)


class DeliveryUpdateHub:
    """One Redis subscription per process, fanned out to bounded queues."""

    def __init__(
        self, redis: Redis, *, prefix: str, queue_size: int = 1000, poll_seconds: float = 1.0
    ) -> None:
        self._redis = redis
        self._channel = deliveries_channel(prefix, redis)
        self._queue_size = queue_size
        self._poll_seconds = poll_seconds
        self._subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="delivery-updates")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        self._subscribers.clear()

    async def listening(self) -> None:
        """Returns once the Redis subscription is in place (tests, before they publish)."""
        await self._listening.wait()

    async def follow(self, update_filter: UpdateFilter) -> AsyncGenerator[DeliveryChanged, None]:
        """The matching changes heard from now on; raises UpdatesLost when the reader lags by
        more than the queue holds. Closing the iterator unsubscribes."""
        subscriber = _Subscriber(update_filter, self._queue_size)
        self._subscribers.add(subscriber)
        try:
            while True:
                changed = await subscriber.queue.get()
                if changed is None:
                    raise UpdatesLost
                yield changed
        finally:
            self._subscribers.discard(subscriber)

    async def _listen(self) -> None:
        monitor = LoopMonitor(
            "delivery-updates", log, policy=retry_policies.DELIVERY_UPDATES_REDIS, critical=False
        )
        try:
            while True:
                pubsub = self._redis.pubsub()
                try:
                    await pubsub.subscribe(self._channel)
                    monitor.succeeded()
                    self._listening.set()
                    while True:
                        # Not listen(): its read is bounded by the socket timeout (see LiveHub).
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=self._poll_seconds
                        )
                        if message is None or message.get("type") != "message":
                            continue
                        changed = _changed(message.get("data"))
                        if changed is not None:
                            for subscriber in list(self._subscribers):
                                subscriber.offer(changed)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    self._listening.clear()
                    await asyncio.sleep(monitor.failed(error))
                finally:
                    with contextlib.suppress(Exception):
                        await pubsub.aclose()  # type: ignore[no-untyped-call]
        finally:
            monitor.close()
