"""The live hub: follows the log by id, fans out to bounded queues, drops a reader that lags."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import pytest
from redis.asyncio import Redis

from core.events.records import NewEvent, StoredEvent
from core.live import hub as core_live
from core.live.hub import LiveFilter, LiveHub, Overflow
from core.storage.models import EventSource, TriggerKind
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


def new_event(n: int, *, trigger_id: UUID | None = None, is_test: bool = False) -> NewEvent:
    return NewEvent(
        trigger_id=trigger_id,
        trigger_name="t",
        kind=TriggerKind.API,
        source=EventSource.API,
        payload={"n": n},
        is_test=is_test,
    )


async def drain(
    queue: asyncio.Queue[StoredEvent | Overflow], count: int
) -> list[StoredEvent | Overflow]:
    return [await asyncio.wait_for(queue.get(), 5) for _ in range(count)]


async def test_hub_delivers_every_committed_event_in_id_order(clean: Server) -> None:
    hub = LiveHub(clean.platform.redis, prefix=clean.settings.redis_prefix, queue_size=100)
    await hub.start()
    try:
        subscription = await hub.subscribe(LiveFilter())
        results = await asyncio.gather(
            *(clean.platform.event_log.append(new_event(n)) for n in range(30))
        )
        received = await drain(subscription.queue, 30)
    finally:
        await hub.close()
    ids = sorted(r.id for r in results if isinstance(r, StoredEvent))
    assert [e.id for e in received if isinstance(e, StoredEvent)] == ids


async def test_hub_catches_up_without_redis_notifications(clean: Server) -> None:
    """Publishing is only a wake-up: with none at all, the hub's poll still finds every event."""
    hub = LiveHub(clean.platform.redis, prefix="nobody-publishes-here", poll_seconds=0.2)
    await hub.start()
    try:
        subscription = await hub.subscribe(LiveFilter())
        await clean.platform.event_log.append(new_event(1))
        [event] = await drain(subscription.queue, 1)
    finally:
        await hub.close()
    assert isinstance(event, StoredEvent)
    assert event.payload == {"n": 1}


async def test_a_subscriber_that_falls_behind_gets_a_resume_point_not_unbounded_memory(
    clean: Server,
) -> None:
    hub = LiveHub(clean.platform.redis, prefix=clean.settings.redis_prefix, queue_size=5)
    await hub.start()
    try:
        slow = await hub.subscribe(LiveFilter())
        fast = await hub.subscribe(LiveFilter())
        slow.last_delivered = 42  # as if the reader had taken events up to id 42
        for n in range(12):
            await clean.platform.event_log.append(new_event(n))
            await asyncio.wait_for(fast.queue.get(), 5)  # the reader that keeps up is unaffected
        await asyncio.sleep(0.3)
    finally:
        await hub.close()
    assert slow.overflowed
    assert slow.queue.qsize() == 1
    marker = slow.queue.get_nowait()
    assert isinstance(marker, Overflow)
    assert marker.last_delivered == 42
    assert not fast.overflowed


async def test_an_idle_channel_is_not_mistaken_for_a_lost_connection(
    clean: Server, caplog: pytest.LogCaptureFixture
) -> None:
    # A socket timeout much shorter than the idle spell: a blocking read bounded by it would
    # drop and re-subscribe (and log a warning) over and over while nothing is published.
    assert clean.settings.redis_url is not None
    redis = Redis.from_url(clean.settings.redis_url, socket_timeout=0.2)
    hub = LiveHub(redis, prefix=clean.settings.redis_prefix, poll_seconds=30)
    await hub.start()
    try:
        subscriber = await hub.subscribe(LiveFilter())
        with caplog.at_level(logging.WARNING, logger="etp.live"):
            await asyncio.sleep(1.0)
        await clean.platform.event_log.append(new_event(1))
        # The wake-up still arrives through Redis, long before the 30 s poll would find it.
        [event] = await drain(subscriber.queue, 1)
    finally:
        await hub.close()
        await redis.aclose()
    assert isinstance(event, StoredEvent) and event.payload == {"n": 1}
    assert [r.getMessage() for r in caplog.records if r.name == "etp.live"] == []


async def test_with_nobody_subscribed_the_hub_reads_nothing_and_a_later_subscriber_gets_only_newer_events(
    clean: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idle hub woken on every publish probed the log's newest id each time: not even that
    read while nobody listens; the next subscriber still starts exactly at its arrival."""
    reads = 0
    probe, read_after = core_live.latest_event_id, core_live.events_after

    async def counted_probe() -> int:
        nonlocal reads
        reads += 1
        return await probe()

    async def counted_read(*args: Any, **kwargs: Any) -> list[StoredEvent]:
        nonlocal reads
        reads += 1
        return await read_after(*args, **kwargs)

    hub = LiveHub(clean.platform.redis, prefix=clean.settings.redis_prefix, poll_seconds=0.2)
    await hub.start()
    try:
        monkeypatch.setattr(core_live, "latest_event_id", counted_probe)
        monkeypatch.setattr(core_live, "events_after", counted_read)
        before = [await clean.platform.event_log.append(new_event(n)) for n in range(3)]
        await asyncio.sleep(0.6)  # published wake-ups and polls
        assert reads == 0
        subscription = await hub.subscribe(LiveFilter())
        newest = max(e.id for e in before if isinstance(e, StoredEvent))
        assert subscription.start_id >= newest
        after = await clean.platform.event_log.append(new_event(99))
        [event] = await drain(subscription.queue, 1)
    finally:
        await hub.close()
    assert isinstance(event, StoredEvent) and isinstance(after, StoredEvent)
    assert event.id == after.id  # only what was committed after subscribing


async def test_a_commit_landing_during_a_subscribers_probe_of_the_idle_hub_is_not_missed(
    clean: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = LiveHub(clean.platform.redis, prefix=clean.settings.redis_prefix)
    # Not started: no background catch-up races the ones this test runs by hand.
    hub.last_id = await core_live.latest_event_id()
    try:
        await hub._catch_up()  # nobody subscribed: the mark goes stale
        earlier = await clean.platform.event_log.append(new_event(1))
        committed: list[StoredEvent | object] = []
        probe = core_live.latest_event_id

        async def commit_after_probing() -> int:
            newest = await probe()
            committed.append(await clean.platform.event_log.append(new_event(2)))
            return newest

        monkeypatch.setattr(core_live, "latest_event_id", commit_after_probing)
        subscription = await hub.subscribe(LiveFilter())
        monkeypatch.undo()
        await hub._catch_up()
        [event] = await drain(subscription.queue, 1)
    finally:
        await hub.close()
    assert isinstance(earlier, StoredEvent) and isinstance(committed[0], StoredEvent)
    assert subscription.start_id == earlier.id
    assert isinstance(event, StoredEvent) and event.id == committed[0].id
    assert subscription.queue.empty()


async def test_close_returns_when_a_wake_up_arrives_in_the_same_turn(clean: Server) -> None:
    """A Redis wake-up landing as the hub closes must not swallow the cancellation and leave
    close() (and the app's shutdown with it) waiting for a reader that never stops."""
    hub = LiveHub(clean.platform.redis, prefix="nobody-publishes-here", poll_seconds=30)
    await hub.start()
    await asyncio.sleep(0.2)  # the reader has caught up and waits for a wake-up
    hub._wake.set()
    await asyncio.sleep(0)  # that wait has finished; the reader has not resumed yet
    async with asyncio.timeout(5) as bound:  # in this task, not wait_for's: the race is now
        await hub.close()
    assert not bound.expired()


async def test_close_does_not_swallow_the_closers_cancellation(clean: Server) -> None:
    hub = LiveHub(clean.platform.redis, prefix="nobody-publishes-here", poll_seconds=30)
    await hub.start()
    closing = asyncio.create_task(hub.close())
    await asyncio.sleep(0)  # close() has cancelled the readers and waits for them
    closing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await closing
    await hub.close()


async def test_runs_sharing_a_prefix_on_different_redis_databases_do_not_cross_talk(
    clean: Server,
) -> None:
    """Redis pub/sub ignores SELECT: without the database in the channel name, an installation
    on database 1 would wake, and feed, the readers of one on database 2 with the same prefix."""
    assert clean.settings.redis_url is not None
    own = clean.platform.redis
    database = own.connection_pool.connection_kwargs.get("db", 0)
    # The URL's own database would win over a db= argument.
    url = urlsplit(clean.settings.redis_url)._replace(path=f"/{(int(database) + 1) % 16}")
    other = Redis.from_url(urlunsplit(url))
    assert other.connection_pool.connection_kwargs.get("db") != database
    prefix = clean.settings.redis_prefix
    watcher = own.pubsub()
    await watcher.psubscribe(f"{prefix}:*")
    try:
        assert await watcher.get_message(timeout=5)  # subscribed: what follows is published
        stored = await clean.platform.event_log.append(new_event(1))
        assert isinstance(stored, StoredEvent)
        for redis in (own, other):
            await core_live.RedisPublisher(redis, prefix=prefix)([stored])
        channels = set()
        # The append's own publish arrives too, on this database's channel.
        while message := await watcher.get_message(ignore_subscribe_messages=True, timeout=1):
            channels.add(message["channel"])
    finally:
        await watcher.aclose()
        await other.aclose()
    assert len(channels) == 2, channels


async def test_a_publish_carries_the_commit_mark_not_the_events(clean: Server) -> None:
    """Every listener reads the events from the database: the message only says up to where."""
    own = clean.platform.redis
    watcher = own.pubsub()
    await watcher.subscribe(core_live.events_channel(clean.settings.redis_prefix, own))
    try:
        assert await watcher.get_message(timeout=5)  # subscribed: what follows is published
        stored = await asyncio.gather(
            *(clean.platform.event_log.append(new_event(n)) for n in range(5))
        )
        marks = []
        while message := await watcher.get_message(ignore_subscribe_messages=True, timeout=1):
            marks.append(message["data"])
    finally:
        await watcher.aclose()
    newest = max(event.id for event in stored if isinstance(event, StoredEvent))
    assert marks and all(core_live.commit_mark(mark) is not None for mark in marks)
    assert max(core_live.commit_mark(mark) or 0 for mark in marks) == newest


async def test_a_publish_wakes_the_hub_long_before_its_poll(clean: Server) -> None:
    """With the poll an hour away, only the wake-up can bring the event in the test's time."""
    redis, prefix = clean.platform.redis, clean.settings.redis_prefix
    others = await listeners(redis, prefix)
    hub = LiveHub(redis, prefix=prefix, poll_seconds=3600)
    await hub.start()
    try:
        subscription = await hub.subscribe(LiveFilter())
        for _ in range(500):  # until the hub listens: what follows is published
            if await listeners(redis, prefix) > others:
                break
            await asyncio.sleep(0.01)
        stored = await clean.platform.event_log.append(new_event(1))
        [event] = await drain(subscription.queue, 1)
    finally:
        await hub.close()
    assert isinstance(event, StoredEvent) and isinstance(stored, StoredEvent)
    assert event.id == stored.id


async def listeners(redis: Redis, prefix: str) -> int:
    channel = core_live.events_channel(prefix, redis)
    return int(dict(await redis.pubsub_numsub(channel)).get(channel.encode(), 0))


@pytest.mark.parametrize(
    ("data", "mark"),
    [(b"42", 42), ("7", 7), (b'[{"id": "evt_1"}]', None), (b"", None), (None, None)],
)
async def test_commit_mark_reads_a_mark_and_nothing_else(data: object, mark: int | None) -> None:
    assert core_live.commit_mark(data) == mark
