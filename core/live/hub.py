"""Live fan-out over Redis: committed events are published for subscribers on any process.

Publishing is a hint, not the record: Redis pub/sub drops messages while nobody listens, so
readers that may have missed some fill the gap from the database by event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from redis.asyncio import Redis

from core.events.pages import EventFilter
from core.events.payload_filter import payload_contains
from core.events.records import StoredEvent
from core.events.sources import EventSource
from core.platform.health import LoopMonitor
from core.platform.metrics import metrics
from core.storage import event_reads
from core.storage.event_reads import latest_event_id

log = logging.getLogger("etp.live")


def events_channel(prefix: str, redis: Redis) -> str:
    """Pub/sub channels are shared by every database of a Redis server (SELECT does not scope
    them), so the channel names the database too: installations or test runs that share a
    prefix on different databases must not wake, or feed, each other's readers."""
    database = redis.connection_pool.connection_kwargs.get("db", 0)
    return f"{prefix}:{database}:events"


class RedisPublisher:
    """Announces the commit mark, the newest id of a committed batch, and nothing else: every
    listener reads the events from the database anyway (by id, in commit order), so carrying
    them through Redis only cost their encoding, the bytes, and a decode nobody used."""

    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self._redis = redis
        self._channel = events_channel(prefix, redis)

    async def __call__(self, events: Sequence[StoredEvent]) -> None:
        # One message per committed batch; ids grow in commit order, so the last is the mark.
        await self._redis.publish(self._channel, str(max(event.id for event in events)))


def commit_mark(data: object) -> int | None:
    """The mark a publish carries; None for anything else (a process of the previous release
    published events there: such a message is still a wake-up)."""
    if not isinstance(data, bytes | str):
        return None
    try:
        return int(data)
    except ValueError:
        return None


class Overflow:
    """Put in a subscriber's queue in place of what no longer fit."""

    __slots__ = ("last_delivered",)

    def __init__(self, last_delivered: int) -> None:
        self.last_delivered = last_delivered


class FellBehind(Exception):
    """A follower read too slowly and was dropped; following again from `last_delivered`
    misses nothing."""

    def __init__(self, last_delivered: int) -> None:
        super().__init__(f"fell behind after event {last_delivered}")
        self.last_delivered = last_delivered


# Takes a live event in the hub's own pass over its subscribers, when it can at once; False when
# it cannot (the event then waits in the subscriber's queue, and comes through follow()).
LiveSink = Callable[[StoredEvent], bool]

# What follow() yields: an event, and whether it is live (the one object the hub hands to every
# follower, so work done for it can be shared) rather than replayed for this follower alone.
Followed = tuple[StoredEvent, bool]


@dataclass(frozen=True, slots=True)
class LiveFilter:
    """The filters of `events` that apply to a stream (all optional, combined with AND),
    decided here for live events and in SQL for replayed ones (event_reads.events_after)."""

    trigger_id: UUID | None = None
    include_test: bool = False
    source: EventSource | None = None
    # Canonical JSON text of a containment pattern (core/events/payload_filter.py).
    payload_contains: str | None = None
    _pattern: object = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.payload_contains is not None:
            # Parsed once: matches() runs for every live event and every subscriber.
            object.__setattr__(self, "_pattern", json.loads(self.payload_contains))

    @classmethod
    def of(cls, events: EventFilter) -> LiveFilter:
        """The stream's part of an `events` filter (status and time ranges do not apply)."""
        return cls(
            trigger_id=events.trigger_id,
            include_test=events.include_test,
            source=EventSource(events.source) if events.source is not None else None,
            payload_contains=events.payload_contains,
        )

    def matches(self, event: StoredEvent) -> bool:
        if event.is_test and not self.include_test:
            return False
        if self.trigger_id is not None and event.trigger_id != self.trigger_id:
            return False
        if self.source is not None and event.source != self.source:
            return False
        return self.payload_contains is None or payload_contains(event.payload, self._pattern)


class LiveSubscription:
    """One subscriber's bounded queue; events with ids above start_id arrive here in order.

    With a sink, live events go straight to it while nothing is queued or being handed out:
    one pass of the hub over its subscribers then sends each event everywhere, where waking a
    task per subscriber per event cost more than the sends themselves. Whatever the sink
    declines is queued, and later events queue behind it, so the order holds."""

    def __init__(self, live_filter: LiveFilter, *, start_id: int, queue_size: int) -> None:
        self.filter = live_filter
        self.start_id = start_id
        self.last_delivered = start_id
        self.queue: asyncio.Queue[StoredEvent | Overflow] = asyncio.Queue(maxsize=queue_size)
        self.overflowed = False
        self.sink: LiveSink | None = None
        # The follower holds an event it took from the queue and has not finished with.
        self.handing = False

    def offer(self, event: StoredEvent) -> None:
        if self.overflowed or not self.filter.matches(event):
            return
        if self.sink is not None and not self.handing and self.queue.empty():
            try:
                taken = self.sink(event)
            except Exception:
                log.exception("a live sink failed; the event goes through the queue")
                taken = False
            if taken:
                self.last_delivered = event.id
                return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            # A slow reader must not hold up the others or grow memory without bound: drop
            # what it has not read and tell it where to resume from.
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(Overflow(self.last_delivered))


class LiveHub:
    """Follows the event log in commit order and fans it out to this process's subscribers.

    One Redis subscription per process, used only as a wake-up: the events themselves are read
    from the database by id, and ids grow in commit order (core/storage/event_log.py), so reading
    "id > last seen" never skips one. A dropped Redis connection costs latency, not events:
    the hub also polls every poll_seconds and reconnects in the background.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        queue_size: int = 1000,
        poll_seconds: float = 1.0,
        page_size: int = 500,
    ) -> None:
        self._redis = redis
        self._channel = events_channel(prefix, redis)
        self._queue_size = queue_size
        self._poll_seconds = poll_seconds
        self._page_size = page_size
        self._subscribers: set[LiveSubscription] = set()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.last_id = 0
        # Whether last_id is the log's newest id as of the last catch-up. With nobody subscribed
        # the hub reads nothing, not even that id, so the mark goes stale; the next subscriber
        # brings it up to date before registering (subscribe()).
        self._mark_current = False

    async def start(self) -> None:
        self.last_id = await latest_event_id()
        self._mark_current = True
        self._tasks = [
            asyncio.create_task(self._listen(), name="live-listen"),
            asyncio.create_task(self._read_log(), name="live-read-log"),
        ]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # Not `suppress(CancelledError)` around `await task`: that would also swallow a
            # cancellation of whoever is closing us, and a bounded close would become unbounded.
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for subscription in list(self._subscribers):
            self.unsubscribe(subscription)

    async def subscribe(self, live_filter: LiveFilter) -> LiveSubscription:
        if not self._mark_current:
            # Nobody was subscribed (so nobody was handed anything) since the mark went stale:
            # the newest id now is committed, and every later commit has a higher id.
            latest = await latest_event_id()
            if not self._mark_current:  # nobody brought it up to date during the probe
                self.last_id = max(self.last_id, latest)
                self._mark_current = True
        # No await between reading last_id and registering: every event above start_id will be
        # offered to this subscriber, and everything up to it is already in the database.
        subscription = LiveSubscription(
            live_filter, start_id=self.last_id, queue_size=self._queue_size
        )
        self._subscribers.add(subscription)
        metrics.inc("etp_live_subscribers")
        return subscription

    async def follow(
        self,
        live_filter: LiveFilter,
        *,
        after: int | None = None,
        replay_page: int = 500,
        sink: LiveSink | None = None,
    ) -> AsyncGenerator[Followed, None]:
        """Every matching event in commit order: with `after`, first the stored ones above that
        id, then live ones, with no gap and no duplicate at the seam. Raises FellBehind when the
        reader lags by more than the queue holds. Closing the iterator (or cancelling its reader)
        unsubscribes. Live events a `sink` takes (LiveSubscription) are not yielded."""
        subscription = await self.subscribe(live_filter)
        try:
            # Everything up to start_id is in the database; everything above it will be queued.
            cursor = after if after is not None else subscription.start_id
            while cursor < subscription.start_id:
                page = await events_after(
                    cursor, limit=replay_page, up_to=subscription.start_id, live_filter=live_filter
                )
                if not page:
                    break
                for event in page:
                    yield event, False
                cursor = page[-1].id
            # Only now: replayed events go out first, and live ones queued meanwhile after them.
            subscription.sink = sink
            while True:
                subscription.handing = False
                item = await subscription.queue.get()
                subscription.handing = True
                if isinstance(item, Overflow):
                    raise FellBehind(item.last_delivered)
                subscription.last_delivered = item.id
                yield item, True
        finally:
            self.unsubscribe(subscription)

    def unsubscribe(self, subscription: LiveSubscription) -> None:
        if subscription in self._subscribers:
            self._subscribers.discard(subscription)
            metrics.inc("etp_live_subscribers", -1)

    async def _listen(self) -> None:
        # Not critical to readiness: without Redis the hub still follows the log by polling.
        monitor = LoopMonitor("live-redis", log, critical=False, base_seconds=0.2, cap_seconds=2.0)
        try:
            while True:
                pubsub = self._redis.pubsub()
                try:
                    await pubsub.subscribe(self._channel)
                    monitor.succeeded()
                    self._wake.set()  # catch up on whatever was published while disconnected
                    while True:
                        # Not listen(): its blocking read is bounded by the client's socket
                        # timeout, so an idle channel would look like a lost connection.
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=self._poll_seconds
                        )
                        if message is not None and message.get("type") == "message":
                            mark = commit_mark(message.get("data"))
                            # A mark this hub has read up to already needs no read.
                            if mark is None or mark > self.last_id:
                                self._wake.set()
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    delay = monitor.failed(error)
                    await asyncio.sleep(delay)
                finally:
                    with contextlib.suppress(Exception):
                        await pubsub.aclose()  # type: ignore[no-untyped-call]
        finally:
            monitor.close()

    async def _read_log(self) -> None:
        monitor = LoopMonitor("live-hub", log, base_seconds=0.1, cap_seconds=2.0)
        try:
            while True:
                # Not wait_for: on Python 3.11 it returns the finished wait when a wake-up and
                # close()'s cancel land in the same turn, so this loop ran on, and close() (and
                # the app's shutdown with it) waited for it forever.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._poll_seconds):
                        await self._wake.wait()
                self._wake.clear()
                try:
                    await self._catch_up()
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    # Subscribers wait; nothing is skipped, last_id did not move.
                    await asyncio.sleep(monitor.failed(error))
                else:
                    monitor.succeeded()
        finally:
            monitor.close()

    async def _catch_up(self) -> None:
        if not self._subscribers:
            # Nobody to hand events to: read nothing, not even the newest id (a hook-heavy
            # process would probe on every publish). The next subscriber updates the mark.
            self._mark_current = False
            return
        while True:
            events = await events_after(self.last_id, limit=self._page_size)
            subscriptions = list(self._subscribers)
            for event in events:
                for subscription in subscriptions:
                    subscription.offer(event)
            if events:
                self.last_id = events[-1].id
            if len(events) < self._page_size:
                return


async def events_after(
    event_id: int, *, limit: int, up_to: int | None = None, live_filter: LiveFilter | None = None
) -> list[StoredEvent]:
    if live_filter is None:
        return await event_reads.events_after(event_id, limit=limit, up_to=up_to)
    return await event_reads.events_after(
        event_id,
        limit=limit,
        up_to=up_to,
        trigger_id=live_filter.trigger_id,
        include_test=live_filter.include_test,
        source=live_filter.source,
        payload_contains=live_filter.payload_contains,
    )
