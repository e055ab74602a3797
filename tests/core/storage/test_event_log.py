"""The event log's write path: group commits, duplicates refused, ids in commit order."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from core.events.records import NewEvent, StoredEvent
from core.live.hub import events_channel
from core.storage.event_log import REFUSED, EventLog
from core.storage.models import Event, EventSource, TriggerKind
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


def new_event(n: int = 0, **overrides: object) -> NewEvent:
    fields: dict[str, object] = {
        "trigger_id": None,
        "trigger_name": "t",
        "kind": TriggerKind.API,
        "source": EventSource.API,
        "payload": {"n": n},
    }
    fields.update(overrides)
    return NewEvent(**fields)  # type: ignore[arg-type]


async def test_concurrent_appends_share_transactions(clean: Server) -> None:
    log = clean.services.event_log
    results = await asyncio.gather(*(log.append(new_event(n)) for n in range(100)))
    assert all(isinstance(r, StoredEvent) for r in results)
    assert await Event.all().count() == 100


async def test_same_scheduled_time_is_written_once(clean: Server) -> None:
    trigger_id = uuid4()
    due = clean.services.now().replace(microsecond=0)
    first, second = await clean.services.event_log.append_many(
        [new_event(scheduled_for=due, trigger_id=trigger_id)] * 2
    )
    assert isinstance(first, StoredEvent)
    assert second is REFUSED
    assert await Event.filter(trigger_id=trigger_id).count() == 1


async def test_committed_events_are_published(clean: Server) -> None:
    pubsub = clean.services.redis.pubsub()
    await pubsub.subscribe(events_channel(clean.settings.redis_prefix, clean.services.redis))
    try:
        stored = await clean.services.event_log.append(new_event(7))
        assert isinstance(stored, StoredEvent)
        message = None
        for _ in range(50):
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if message:
                break
        assert message is not None
        # A wake-up with the commit mark, not the event (core/live/hub.py RedisPublisher).
        assert int(message["data"]) == stored.id
    finally:
        await pubsub.aclose()


async def test_readers_following_ids_never_skip_a_commit_across_writers(clean: Server) -> None:
    """Two writers stand for two processes. A reader that repeatedly asks for "ids after the
    last one I saw" must end up with every event: an id committed after a greater one would be
    skipped for good. The commit-order lock makes that impossible."""
    writers = [EventLog(max_batch=8) for _ in range(2)]
    for writer in writers:
        await writer.start()
    seen: list[int] = []
    done = asyncio.Event()

    async def read() -> None:
        last = 0
        while True:
            finished = done.is_set()
            rows = await Event.filter(id__gt=last).order_by("id").values_list("id", flat=True)
            seen.extend(rows)
            if rows:
                last = rows[-1]
            if finished:
                return
            await asyncio.sleep(0)

    reader = asyncio.create_task(read())
    try:
        await asyncio.gather(*(writers[n % 2].append(new_event(n)) for n in range(400)))
    finally:
        for writer in writers:
            await writer.close()
    done.set()
    await reader
    all_ids = await Event.all().order_by("id").values_list("id", flat=True)
    assert seen == all_ids


async def _appends_with(
    clean: Server, publish: object, batches: int
) -> tuple[list[float], list[StoredEvent]]:
    log = EventLog(publish=publish)  # type: ignore[arg-type]
    await log.start()
    took: list[float] = []
    stored: list[StoredEvent] = []
    try:
        for n in range(batches):
            started = asyncio.get_running_loop().time()
            result = await log.append(new_event(n))
            assert isinstance(result, StoredEvent)
            stored.append(result)
            took.append(asyncio.get_running_loop().time() - started)
    finally:
        await log.close()
    return took, stored


async def test_a_failing_publish_is_logged_once_and_fails_no_append(
    clean: Server, caplog: pytest.LogCaptureFixture
) -> None:
    async def refused(events: object) -> None:
        raise ConnectionRefusedError("redis is down")

    with caplog.at_level("INFO", logger="etp.event_log"):
        _, stored = await _appends_with(clean, refused, batches=5)
    assert len(stored) == 5
    assert await Event.all().count() == 5
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert warnings[0].exc_info is None


async def test_a_hanging_publish_does_not_hold_up_the_writer(clean: Server) -> None:
    async def blackholed(events: object) -> None:
        await asyncio.sleep(30)

    took, _ = await _appends_with(clean, blackholed, batches=6)
    # The first publish is given up after its timeout; the next ones are skipped meanwhile.
    # Each append resolves before its publish, so what is measured is the writer's queue: a
    # publish awaited in full would hold the second append for 30 s.
    assert sum(took) < 5.0, took


async def test_an_event_the_database_refuses_fails_alone_in_its_batch(clean: Server) -> None:
    """Appends made together share one transaction; a value Postgres refuses (a NUL in text,
    which the firing layer would have refused first) must fail that append only."""
    log = EventLog()
    await log.start()
    try:
        results = await asyncio.gather(
            log.append(new_event(1)),
            log.append(new_event(payload={"bad": "\x00"})),
            log.append(new_event(3)),
            return_exceptions=True,
        )
    finally:
        await log.close()
    first, refused, third = results
    assert isinstance(first, StoredEvent) and isinstance(third, StoredEvent), results
    assert isinstance(refused, Exception) and not isinstance(refused, StoredEvent), results
    stored = sorted(event.payload["n"] for event in await Event.all())
    assert stored == [1, 3]
    assert log._monitor is not None and log._monitor.ok  # one bad event is not an outage
