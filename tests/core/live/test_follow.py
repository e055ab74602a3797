"""LiveHub.follow: stored events after a point, then live ones, as one stream with no seam."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from core.events.records import NewEvent, StoredEvent
from core.live.hub import FellBehind, Followed, LiveFilter, LiveHub
from core.platform.metrics import metrics
from core.storage.models import Trigger, TriggerKind
from tests.conftest import Server
from tests.core.live.test_hub import new_event

pytestmark = pytest.mark.asyncio


async def append(server: Server, event: NewEvent) -> StoredEvent:
    stored = await server.platform.event_log.append(event)
    assert isinstance(stored, StoredEvent)
    return stored


async def take(followed: object, count: int) -> list[Followed]:
    assert hasattr(followed, "__anext__")
    return [await asyncio.wait_for(followed.__anext__(), 5) for _ in range(count)]


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not within 5 s")


async def started_hub(server: Server, **options: object) -> LiveHub:
    hub = LiveHub(server.platform.redis, prefix=server.settings.redis_prefix, **options)  # type: ignore[arg-type]
    await hub.start()
    return hub


async def test_replay_then_live_has_no_gap_and_no_duplicate_at_the_seam(clean: Server) -> None:
    first = await append(clean, new_event(0))
    stored = [await append(clean, new_event(n)) for n in range(1, 8)]
    hub = await started_hub(clean)
    followed = hub.follow(LiveFilter(), after=first.id, replay_page=3)
    try:
        # Replay has begun (its first page is read) when the next events commit: they land
        # either in what replay reads or in the live queue, never in both, never in neither.
        head = await take(followed, 1)
        during = await asyncio.gather(*(append(clean, new_event(n)) for n in range(8, 20)))
        rest = await take(followed, len(stored) - 1 + len(during))
    finally:
        await followed.aclose()
        await hub.close()
    received = [event.id for event, _ in head + rest]
    assert received == sorted(e.id for e in [*stored, *during])
    assert all(not live for _, live in head)  # stored before following: replayed


async def test_without_after_only_events_committed_after_following_arrive_live(
    clean: Server,
) -> None:
    await append(clean, new_event(0))
    hub = await started_hub(clean)
    followed = hub.follow(LiveFilter())
    try:
        pending = asyncio.ensure_future(take(followed, 1))
        await asyncio.sleep(0.1)  # the follower is subscribed once it first waits
        later = await append(clean, new_event(1))
        [(event, live)] = await pending
    finally:
        await followed.aclose()
        await hub.close()
    assert (event.id, live) == (later.id, True)


async def test_the_filter_applies_to_replayed_and_live_events_alike(clean: Server) -> None:
    trigger = await Trigger.create(name="followed", kind=TriggerKind.API, hook_token="f" * 32)
    before = await append(clean, new_event(0))
    wanted = [await append(clean, new_event(1, trigger_id=trigger.id))]
    await append(clean, new_event(2))  # another trigger's
    await append(clean, new_event(3, trigger_id=trigger.id, is_test=True))  # a test event
    hub = await started_hub(clean)
    followed = hub.follow(LiveFilter(trigger_id=trigger.id), after=before.id)
    try:
        replayed = await take(followed, 1)
        await append(clean, new_event(4))
        await append(clean, new_event(5, trigger_id=trigger.id, is_test=True))
        wanted.append(await append(clean, new_event(6, trigger_id=trigger.id)))
        live = await take(followed, 1)
    finally:
        await followed.aclose()
        await hub.close()
    assert [(e.id, is_live) for e, is_live in replayed + live] == [
        (wanted[0].id, False),
        (wanted[1].id, True),
    ]


async def test_a_follower_that_falls_behind_is_told_where_to_resume(clean: Server) -> None:
    hub = await started_hub(clean, queue_size=3)
    before = subscribers()
    followed = hub.follow(LiveFilter())
    try:
        pending = asyncio.ensure_future(take(followed, 1))
        await asyncio.sleep(0.1)
        delivered = await append(clean, new_event(0))
        [(event, _)] = await pending
        for n in range(1, 10):  # more than the queue holds, none read
            await append(clean, new_event(n))
        await asyncio.sleep(0.5)
        with pytest.raises(FellBehind) as behind:
            await take(followed, 3)
        dropped = subscribers()
    finally:
        await followed.aclose()
        await hub.close()
    assert event.id == delivered.id
    assert behind.value.last_delivered == delivered.id
    assert dropped == before  # unsubscribed as it raised


def subscribers() -> float:
    return metrics.value("etp_live_subscribers")


async def test_cancelling_the_reader_unsubscribes(clean: Server) -> None:
    hub = await started_hub(clean)
    before = subscribers()
    try:

        async def read_forever() -> None:
            async for _ in hub.follow(LiveFilter()):
                pass

        reader = asyncio.create_task(read_forever())
        await asyncio.sleep(0.1)
        assert subscribers() == before + 1
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        assert subscribers() == before
    finally:
        await hub.close()


async def test_a_sink_takes_live_events_and_what_it_declines_comes_through_in_order(
    clean: Server,
) -> None:
    """The hub hands live events to a sink in its own pass; one the sink declines is yielded,
    and nothing after it overtakes it."""
    hub = await started_hub(clean)
    delivered: list[tuple[str, int]] = []

    def sink(event: StoredEvent) -> bool:
        if event.payload == {"n": 1}:
            return False
        delivered.append(("sink", event.id))
        return True

    followed = hub.follow(LiveFilter(), sink=sink)
    before = subscribers()

    async def read() -> None:
        async for event, live in followed:
            assert live
            delivered.append(("yielded", event.id))

    reader = asyncio.create_task(read())
    try:
        await until(lambda: subscribers() > before)  # subscribed, so past the (empty) replay
        stored = [await append(clean, new_event(0))]
        stored += await asyncio.gather(*(append(clean, new_event(n)) for n in range(1, 6)))
        await until(lambda: len(delivered) == len(stored))
        last = await append(clean, new_event(6))
        await until(lambda: len(delivered) == len(stored) + 1)
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        await hub.close()
    ids = [event.id for event in stored]
    assert [event_id for _, event_id in delivered] == sorted([*ids, last.id])
    declined = next(event.id for event in stored if event.payload == {"n": 1})
    assert ("yielded", declined) in delivered
    assert delivered[0] == ("sink", ids[0])
    # Once the reader has handed out what was queued, the sink takes live events again.
    assert delivered[-1] == ("sink", last.id)
