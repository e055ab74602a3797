"""The scheduler: fires due scheduled triggers (and deferred test runs) exactly once.

Postgres decides, not a lock in Redis: each tick claims due rows with row locks that skip rows
another worker holds (core/storage/schedule_claims.py), so any number of worker processes share
the work without waiting on each other, and writes the events and the triggers' next times in
the same transaction. A worker killed mid-tick leaves
nothing half-done: its transaction rolls back and another worker claims the same rows. The
unique (trigger, scheduled_for) index refuses a second copy of a firing whatever happens.

It runs as a long-lived loop inside each arq worker process rather than as an arq cron job:
arq's cron has a 0.5 s poll and computes runs from worker start, while this loop sleeps until
the earliest next_fire_at (at most IDLE_POLL_SECONDS, so edits are seen within that).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.events.records import NewEvent, StoredEvent
from core.events.sources import EventSource
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.health import LoopMonitor
from core.platform.metrics import metrics, observe_firing_lateness
from core.storage import schedule_claims
from core.storage.event_log import EventLog, write_events
from core.storage.schedule_claims import Advance
from core.storage.transactions import transaction
from core.triggers.kinds import TriggerKind
from core.triggers.records import DeferredTestRun, StoredTrigger
from core.triggers.schedules import Schedule, plan_due_firings

log = logging.getLogger("etp.scheduler")

IDLE_POLL_SECONDS = 0.2
DEFAULT_GRACE_SECONDS = 60

# Firings committed, and their summed lateness, are the lateness histogram's _count and _sum.
metrics.describe("etp_missed_firings_total", "Scheduled firings skipped: later than the grace")


@dataclass(frozen=True, slots=True)
class TickReport:
    claimed: int
    fired: int
    missed: int


class Scheduler:
    def __init__(
        self,
        *,
        event_log: EventLog,
        batch_size: int = 500,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._event_log = event_log
        self._batch_size = batch_size
        self._clock = clock

    async def run(self, stop: asyncio.Event) -> None:
        log.info("scheduler started")
        monitor = LoopMonitor(
            "scheduler",
            log,
            policy=retry_policies.SCHEDULER,
            clock=self._clock,
        )
        try:
            while not stop.is_set():
                try:
                    report = await self.tick()
                    if report.claimed >= self._batch_size:
                        monitor.succeeded()
                        continue  # more is due right now
                    delay = await self._seconds_until_next_due()
                    monitor.succeeded()
                except Exception as error:
                    # A tick that failed committed nothing or, if its COMMIT's outcome is
                    # unknown, the next tick finds its rows advanced or claims them again (the
                    # unique (trigger, scheduled_for) index refuses a second copy).
                    delay = monitor.failed(error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)
        finally:
            monitor.close()
        log.info("scheduler stopped")

    async def tick(self) -> TickReport:
        now = self._clock.now()
        stored: list[StoredEvent] = []
        async with transaction() as conn:
            due = await schedule_claims.claim_due(conn, now=now, limit=self._batch_size)
            events, advances, missed = self._plan(due.triggers, now)
            events += [_deferred_event(test) for test in due.deferred]
            if events:
                results = await write_events(conn, events)
                stored = [r for r in results if isinstance(r, StoredEvent)]
            await schedule_claims.advance_triggers(conn, advances)
            await schedule_claims.forget_deferred(conn, due.deferred)
        await self._event_log.publish(stored)
        self._count(stored, missed)
        claimed = len(due.triggers) + len(due.deferred)
        return TickReport(claimed=claimed, fired=len(stored), missed=missed)

    def _plan(
        self, triggers: Sequence[StoredTrigger], now: datetime
    ) -> tuple[list[NewEvent], list[Advance], int]:
        events: list[NewEvent] = []
        advances: list[Advance] = []
        missed_total = 0
        for trigger in triggers:
            schedule = Schedule.from_json(trigger.schedule)
            assert trigger.next_fire_at is not None, "claimed: next_fire_at <= now"
            grace = trigger.misfire_grace_seconds
            plan = plan_due_firings(
                schedule,
                due=trigger.next_fire_at,
                now=now,
                grace_seconds=DEFAULT_GRACE_SECONDS if grace is None else grace,
            )
            events += [
                NewEvent(
                    trigger_id=trigger.id,
                    trigger_name=trigger.name,
                    kind=TriggerKind.SCHEDULED,
                    source=EventSource.SCHEDULE,
                    payload=trigger.payload,
                    scheduled_for=due,
                )
                for due in plan.fire
            ]
            if plan.missed:
                log.warning(
                    "firings missed beyond the grace window",
                    extra={"trigger_id": str(trigger.id), "missed": plan.missed},
                )
            missed_total += plan.missed
            advances.append(Advance(trigger.id, plan.next_fire_at, plan.missed))
        return events, advances, missed_total

    async def _seconds_until_next_due(self) -> float:
        due_at = await schedule_claims.next_due_at()
        if due_at is None:
            return IDLE_POLL_SECONDS
        wait: float = (due_at - self._clock.now()).total_seconds()
        return min(max(wait, 0.0), IDLE_POLL_SECONDS)

    @staticmethod
    def _count(stored: Sequence[StoredEvent], missed: int) -> None:
        metrics.inc("etp_missed_firings_total", missed)
        for event in stored:
            if event.source is EventSource.SCHEDULE and event.scheduled_for:
                # fired_at is the database's clock, scheduled_for this worker's: a database
                # clock a few ms behind would make lateness negative. Clocks apart count as on
                # time.
                late_by = (event.fired_at - event.scheduled_for).total_seconds()
                observe_firing_lateness(max(0.0, late_by))


def _deferred_event(test: DeferredTestRun) -> NewEvent:
    return NewEvent(
        trigger_id=None,
        trigger_name=test.name,
        kind=test.kind,
        source=EventSource.MANUAL,
        payload=test.payload,
        is_test=True,
        scheduled_for=test.fire_at,
    )
