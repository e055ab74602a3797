"""Long-lived loops ride through lost database connections (issue 12).

Every session on the test database is terminated, as a Postgres restart does, while the
event-log writer commits and the scheduler ticks; both must serve again within seconds, and
nothing may be lost or doubled.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from core.events.records import NewEvent, StoredEvent
from core.events.sources import EventSource
from core.platform.health import loops
from core.scheduling.scheduler import Scheduler
from core.storage.event_log import REFUSED, EventLog
from core.triggers.definitions import ScheduledTriggerInput, create_scheduled_trigger
from core.triggers.kinds import TriggerKind
from core.triggers.schedules import ScheduleInput
from tests.conftest import Server
from tests.core.storage import tables
from tests.resilience.postgres_kill import terminate_backends

pytestmark = pytest.mark.asyncio

RECOVERY_SECONDS = 5.0


@pytest.fixture
def postgres(clean: Server) -> Server:
    return clean


def numbered(trigger_id: object, base: datetime, n: int) -> NewEvent:
    # (trigger, scheduled_for) is unique: a retry of the same n is refused, never doubled.
    return NewEvent(
        trigger_id=trigger_id,  # type: ignore[arg-type]
        trigger_name="restart",
        kind=TriggerKind.SCHEDULED,
        source=EventSource.SCHEDULE,
        payload={"n": n},
        scheduled_for=base + timedelta(seconds=n),
    )


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float) -> float:
    """Seconds it took check() to hold; fails after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if await check():
                return time.monotonic() - started
        except Exception:  # still broken: that is what is being waited out
            pass
        await asyncio.sleep(0.05)
    raise AssertionError(f"not recovered within {seconds} s")


async def test_event_log_writer_serves_again_after_sessions_are_killed(postgres: Server) -> None:
    log = EventLog()
    await log.start()
    trigger_id, base = uuid4(), datetime(2030, 1, 1, tzinfo=UTC)
    acknowledged: set[int] = set()
    failed = 0

    async def append(n: int) -> None:
        nonlocal failed
        # A client retrying a failed request with the same identity, as hooks callers do.
        for _ in range(200):
            try:
                result = await log.append(numbered(trigger_id, base, n))
            except Exception:
                failed += 1
                await asyncio.sleep(0.05)
                continue
            assert isinstance(result, StoredEvent) or result is REFUSED
            acknowledged.add(n)
            return

    try:
        pending: list[asyncio.Task[None]] = []
        # Sessions killed while batches are in flight, again and again, as a flapping restart
        # does: some land between taking a connection and BEGIN, some during COMMIT.
        for round_ in range(20):
            pending += [asyncio.create_task(append(round_ * 20 + n)) for n in range(20)]
            await asyncio.sleep(0.02 * (round_ % 4))
            await terminate_backends(postgres.settings.database_url or "")
        await asyncio.wait_for(asyncio.gather(*pending), 60)

        async def writes() -> bool:
            return isinstance(await log.append(numbered(trigger_id, base, 10_000)), StoredEvent)

        await eventually(writes, RECOVERY_SECONDS)
        assert loops.snapshot()["event-log"].ok
    finally:
        await log.close()
    assert failed > 0, "the fault never reached the writer: the test proved nothing"
    stored = [e.payload for e in await tables.stored_events(trigger_id=trigger_id)]
    numbers = sorted(p["n"] for p in stored)  # type: ignore[index]
    assert numbers == sorted(acknowledged | {10_000})  # every acknowledged one, once


async def test_scheduler_fires_again_after_sessions_are_killed(postgres: Server) -> None:
    now = datetime.now(UTC)
    trigger = await create_scheduled_trigger(
        ScheduledTriggerInput(name="every-second", schedule=ScheduleInput(every_seconds=1)),
        now=now,
    )
    assert not isinstance(trigger, list), trigger
    log = EventLog()
    await log.start()
    scheduler = Scheduler(event_log=log)
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop))
    try:
        await asyncio.sleep(1.5)
        for n in range(15):
            await terminate_backends(postgres.settings.database_url or "")
            await asyncio.sleep(0.01 * (n % 5))
        killed_at = datetime.now(UTC)

        async def fired_since() -> bool:
            return await tables.count_events(trigger_id=trigger.id, fired_at__gt=killed_at)

        await eventually(fired_since, RECOVERY_SECONDS)
        await asyncio.sleep(2)
        assert loops.snapshot()["scheduler"].ok
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await log.close()
    times = [e.scheduled_for for e in await tables.stored_events(trigger_id=trigger.id)]
    assert len(times) == len(set(times)), "a firing was doubled"
