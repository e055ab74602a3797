"""Scheduled triggers fire on time and exactly once (scheduler in this process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.events.records import StoredEvent
from core.events.sources import EventSource
from core.platform.clock import ManualClock
from core.platform.metrics import metrics
from core.scheduling.scheduler import Scheduler
from core.storage import trigger_rows
from core.triggers.definitions import (
    ScheduledTriggerInput,
    TriggerChanges,
    create_scheduled_trigger,
    delete_trigger,
    set_paused,
    update_trigger,
)
from core.triggers.kinds import TriggerKind
from core.triggers.records import StoredTrigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import scheduled_trigger

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def scheduler(clean: Server) -> AsyncIterator[Scheduler]:
    async with running_scheduler(clean) as running:
        yield running


class running_scheduler:
    def __init__(self, server: Server) -> None:
        self.scheduler = Scheduler(event_log=server.services.event_log)
        self.stop = asyncio.Event()

    async def __aenter__(self) -> Scheduler:
        self.task = asyncio.create_task(self.scheduler.run(self.stop))
        return self.scheduler

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        await self.task


async def scheduled_events(trigger_id: str) -> list[StoredEvent]:
    return await tables.stored_events(trigger_id=trigger_id, source=EventSource.SCHEDULE)


async def test_one_off_fires_once_within_a_second_of_its_time(
    gql: GraphQLClient, scheduler: Scheduler
) -> None:
    trigger = await scheduled_trigger(gql, schedule={"inSeconds": 2}, payload={"job": "once"})
    due = datetime.fromisoformat(trigger["schedule"]["at"])
    await asyncio.sleep(3.2)
    [event] = await scheduled_events(trigger["id"])
    assert event.scheduled_for == due
    assert timedelta(0) <= event.fired_at - due < timedelta(seconds=1)
    assert event.payload == {"job": "once"}
    data = await gql(
        "query($id: ID!) { trigger(id: $id) { nextFireAt upcoming } }", {"id": trigger["id"]}
    )
    assert data["trigger"] == {"nextFireAt": None, "upcoming": []}


async def every_second_trigger(clock: ManualClock, payload: object = None) -> StoredTrigger:
    data = ScheduledTriggerInput(
        name="heartbeat", schedule=ScheduleInput(every_seconds=1), payload=payload
    )
    trigger = await create_scheduled_trigger(data, now=clock.now())
    assert isinstance(trigger, StoredTrigger), trigger
    return trigger


@pytest.fixture
def clock(clean: Server) -> ManualClock:
    # On a whole second, so that an every-second schedule is due exactly at each step.
    return ManualClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def manual_scheduler(clean: Server, clock: ManualClock) -> Scheduler:
    """A scheduler on the test's clock, ticked by the test (the loop's timing is tested above)."""
    return Scheduler(event_log=clean.services.event_log, clock=clock)


async def tick_seconds(scheduler: Scheduler, clock: ManualClock, seconds: int) -> int:
    """Moves the clock a second at a time, ticking at each; returns how many fired."""
    fired = 0
    for _ in range(seconds):
        clock.advance(1)
        fired += (await scheduler.tick()).fired
    return fired


async def test_every_second_fires_consecutive_seconds(
    clock: ManualClock, manual_scheduler: Scheduler
) -> None:
    start = clock.now()
    trigger = await every_second_trigger(clock)
    for _ in range(10):
        clock.advance(1)
        report = await manual_scheduler.tick()
        assert (report.claimed, report.fired, report.missed) == (1, 1, 0)
        # Each firing at the tick of its own time, none early, none skipped.
        assert (await scheduled_events(str(trigger.id)))[-1].scheduled_for == clock.now()
    times = [e.scheduled_for for e in await scheduled_events(str(trigger.id))]
    assert times == [start + timedelta(seconds=n) for n in range(1, 11)]


async def test_pause_stops_firing_and_resume_continues_from_now(
    clock: ManualClock, manual_scheduler: Scheduler
) -> None:
    trigger = await every_second_trigger(clock)
    assert await tick_seconds(manual_scheduler, clock, 2) == 2
    assert isinstance(await set_paused(str(trigger.id), True, now=clock.now()), StoredTrigger)
    paused_at = clock.now()
    assert await tick_seconds(manual_scheduler, clock, 3) == 0
    assert isinstance(await set_paused(str(trigger.id), False, now=clock.now()), StoredTrigger)
    resumed_at = clock.now()
    assert await tick_seconds(manual_scheduler, clock, 2) == 2
    after = [e.scheduled_for for e in await scheduled_events(str(trigger.id))]
    # Nothing due while paused was replayed.
    assert not [t for t in after if paused_at < t <= resumed_at]
    assert after[-2:] == [resumed_at + timedelta(seconds=1), resumed_at + timedelta(seconds=2)]


async def test_edit_applies_to_the_next_firing(
    clock: ManualClock, manual_scheduler: Scheduler
) -> None:
    trigger = await every_second_trigger(clock, payload={"v": 1})
    await tick_seconds(manual_scheduler, clock, 2)
    changes = TriggerChanges(given=frozenset({"payload"}), payload={"v": 2})
    assert isinstance(
        await update_trigger(str(trigger.id), changes, now=clock.now()), StoredTrigger
    )
    await tick_seconds(manual_scheduler, clock, 2)
    events = await scheduled_events(str(trigger.id))
    # What fired before keeps its payload.
    assert [e.payload["v"] for e in events] == [1, 1, 2, 2]


async def test_delete_stops_firing_and_keeps_events(
    clock: ManualClock, manual_scheduler: Scheduler
) -> None:
    trigger = await every_second_trigger(clock)
    assert await tick_seconds(manual_scheduler, clock, 2) == 2
    assert await delete_trigger(str(trigger.id)) == trigger.id
    assert await tick_seconds(manual_scheduler, clock, 3) == 0
    assert len(await scheduled_events(str(trigger.id))) == 2


async def every_ten_seconds_behind(
    gql: GraphQLClient, clean: Server, *, seconds: int
) -> tuple[dict[str, Any], datetime, Scheduler]:
    """A trigger every 10 s (30 s grace) whose next firing was due `seconds` before `base`, a
    10 s boundary, and a scheduler whose clock reads base + 5 s: as if no worker ran meanwhile."""
    trigger = await scheduled_trigger(gql, schedule={"everySeconds": 10}, misfireGraceSeconds=30)
    real_now = datetime.now(UTC)
    base = real_now.replace(second=real_now.second - real_now.second % 10, microsecond=0)
    await tables.set_trigger_columns(trigger["id"], next_fire_at=base - timedelta(seconds=seconds))
    scheduler = Scheduler(
        event_log=clean.services.event_log,
        clock=ManualClock(base + timedelta(seconds=5)),
    )
    return trigger, base, scheduler


async def test_after_downtime_recent_firings_fire_late_and_older_ones_are_counted(
    gql: GraphQLClient, clean: Server
) -> None:
    # As if no worker ran for the 100 s before base + 5 s.
    trigger, base, scheduler = await every_ten_seconds_behind(gql, clean, seconds=100)
    report = await scheduler.tick()
    fired = [e.scheduled_for for e in await scheduled_events(trigger["id"])]
    assert fired == [base - timedelta(seconds=20), base - timedelta(seconds=10), base]
    assert report.missed == 8  # base-100 s ... base-30 s: later than the 30 s grace
    row = await trigger_rows.trigger_by_id(UUID(trigger["id"]))
    assert row is not None
    assert row.missed_firings == 8
    assert row.next_fire_at == base + timedelta(seconds=10)
    data = await gql(
        "query($id: ID!) { trigger(id: $id) { missedFirings } }", {"id": trigger["id"]}
    )
    assert data["trigger"]["missedFirings"] == 8


async def test_each_firing_lateness_is_observed_beside_the_lateness_total(
    gql: GraphQLClient, clean: Server
) -> None:
    *_, scheduler = await every_ten_seconds_behind(gql, clean, seconds=20)
    before = lateness_metrics()
    await scheduler.tick()
    after = lateness_metrics()
    count, total, within_10, within_30 = (a - b for a, b in zip(after, before, strict=True))
    # Fired now for base - 20 s, base - 10 s and base: late by 20-30 s, 10-20 s and 0-10 s.
    assert (count, within_30) == (3, 3)
    assert within_10 <= 1
    assert 30 <= total < 60


def lateness_metrics() -> tuple[float, ...]:
    text = metrics.render().decode()
    values = {
        (s.name, s.labels.get("le")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    histogram = "etp_scheduled_firing_lateness_seconds"
    return (
        values.get((f"{histogram}_count", None), 0.0),
        values.get((f"{histogram}_sum", None), 0.0),
        values.get((f"{histogram}_bucket", "10.0"), 0.0),
        values.get((f"{histogram}_bucket", "30.0"), 0.0),
    )


async def test_a_tick_never_fires_the_same_time_twice(gql: GraphQLClient, clean: Server) -> None:
    trigger = await scheduled_trigger(gql, schedule={"everySeconds": 1})
    # Its first time (1 s after creation) is past on the scheduler's clock: no waiting.
    later = ManualClock(datetime.now(UTC) + timedelta(seconds=1.2))
    scheduler = Scheduler(event_log=clean.services.event_log, clock=later)
    row = await trigger_rows.trigger_by_id(UUID(trigger["id"]))
    assert row is not None
    # Two ticks that both see the trigger due (as two workers would) write one event per time.
    assert row.next_fire_at is not None
    await scheduler.tick()
    await tables.set_trigger_columns(trigger["id"], next_fire_at=row.next_fire_at)
    await scheduler.tick()
    times = [e.scheduled_for for e in await scheduled_events(trigger["id"])]
    assert len(times) == len(set(times)) >= 1


async def test_deferred_test_definition_fires_once_at_its_time_across_restarts(
    gql: GraphQLClient, clean: Server
) -> None:
    fire_at = (datetime.now(UTC) + timedelta(seconds=1.5)).isoformat()
    data = await gql(
        """mutation($at: DateTime) { testTriggerDefinition(
             input: {name: "later", kind: SCHEDULED, schedule: {everySeconds: 60}, payload: {x: 1}},
             fireAt: $at) { event { id } errors { code field } } }""",
        {"at": fire_at},
    )
    assert data["testTriggerDefinition"] == {"event": None, "errors": []}
    assert await tables.count_deferred_tests() == 1
    # A scheduler that ticks before the time, and a new one after it (a worker restart): their
    # clocks say when, so nothing waits for the real time to come.
    before = ManualClock(datetime.now(UTC))
    await Scheduler(event_log=clean.services.event_log, clock=before).tick()
    assert await tables.count_events() == 0
    after = ManualClock(datetime.fromisoformat(fire_at) + timedelta(seconds=0.5))
    await Scheduler(event_log=clean.services.event_log, clock=after).tick()
    [event] = await tables.stored_events()
    assert (event.is_test, event.trigger_id, event.trigger_name, event.payload) == (
        True,
        None,
        "later",
        {"x": 1},
    )
    assert await tables.count_deferred_tests() == 0
    assert await tables.count_triggers() == 0


async def test_fire_at_in_the_past_is_invalid(gql: GraphQLClient) -> None:
    data = await gql(
        """mutation { testTriggerDefinition(input: {name: "x", kind: API, apiSchema: {a: "int"}, payload: {a: 1}},
             fireAt: "2001-01-01T00:00:00Z") { errors { code field } } }"""
    )
    assert data["testTriggerDefinition"]["errors"] == [{"code": "INVALID", "field": ["fireAt"]}]


async def test_test_trigger_on_a_scheduled_trigger_fires_one_test_event_now(
    gql: GraphQLClient,
) -> None:
    trigger = await scheduled_trigger(gql, payload={"k": 1})
    data = await gql(
        "mutation($id: ID!) { testTrigger(id: $id) { event { isTest source payload } } }",
        {"id": trigger["id"]},
    )
    assert data["testTrigger"]["event"] == {"isTest": True, "source": "MANUAL", "payload": {"k": 1}}


async def test_a_database_clock_behind_the_workers_counts_as_on_time() -> None:
    """fired_at is the database's clock, scheduled_for the worker's: a few ms of skew must not
    fail the tick after its commit (a Prometheus counter refuses a negative amount)."""
    due = datetime(2026, 1, 1, tzinfo=UTC)
    early = StoredEvent(
        id=1,
        trigger_id=None,
        trigger_name="skewed",
        kind=TriggerKind.SCHEDULED,
        source=EventSource.SCHEDULE,
        payload=None,
        is_test=False,
        scheduled_for=due,
        fired_at=due - timedelta(milliseconds=3),
    )
    count, total, *_ = lateness_metrics()
    Scheduler._count([early], missed=0)
    assert lateness_metrics()[:2] == (count + 1, total)
