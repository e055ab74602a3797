"""The scheduler's rows: claiming due triggers and deferred test runs, advancing them.

Each tick claims due rows with FOR UPDATE SKIP LOCKED inside the caller's transaction, so any
number of workers share the work without waiting on each other; a killed tick's rows are
claimed again by the next (core/scheduling/scheduler.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.storage.deferred_test_rows import deferred_test_run
from core.storage.models import DeferredTest, Trigger
from core.storage.trigger_rows import stored_trigger
from core.triggers.kinds import TriggerKind
from core.triggers.records import DeferredTestRun, StoredTrigger


@dataclass(frozen=True, slots=True)
class DueWork:
    triggers: list[StoredTrigger]
    deferred: list[DeferredTestRun]


@dataclass(frozen=True, slots=True)
class Advance:
    """Where a claimed trigger goes next, and how many firings it missed getting there."""

    trigger_id: UUID
    next_fire_at: datetime | None
    missed: int


async def claim_due(conn: Any, *, now: datetime, limit: int) -> DueWork:
    """Locks up to `limit` due triggers and `limit` due test runs until the caller commits."""
    trigger_rows: list[Trigger] = (
        await Trigger.filter(kind=TriggerKind.SCHEDULED, paused=False, next_fire_at__lte=now)
        .order_by("next_fire_at")
        .select_for_update(skip_locked=True)
        .limit(limit)
        .using_db(conn)
    )
    deferred_rows: list[DeferredTest] = (
        await DeferredTest.filter(fire_at__lte=now)
        .order_by("fire_at")
        .select_for_update(skip_locked=True)
        .limit(limit)
        .using_db(conn)
    )
    return DueWork(
        triggers=[stored_trigger(row) for row in trigger_rows],
        deferred=[deferred_test_run(row) for row in deferred_rows],
    )


async def advance_triggers(conn: Any, advances: Sequence[Advance]) -> None:
    """Move each claimed trigger to its next time; updated_at is left alone on purpose
    (it is the definition's version, and firing does not change the definition)."""
    if not advances:
        return
    await conn.execute_query(
        "UPDATE triggers AS t SET next_fire_at = u.next_fire_at,"
        " missed_firings = t.missed_firings + u.missed"
        " FROM unnest($1::uuid[], $2::timestamptz[], $3::int[])"
        " AS u(id, next_fire_at, missed) WHERE t.id = u.id",
        [
            [a.trigger_id for a in advances],
            [a.next_fire_at for a in advances],
            [a.missed for a in advances],
        ],
    )


async def forget_deferred(conn: Any, tests: Sequence[DeferredTestRun]) -> None:
    """Test runs fired in this transaction: they run once."""
    if tests:
        await DeferredTest.filter(id__in=[t.id for t in tests]).using_db(conn).delete()


async def next_due_at() -> datetime | None:
    """The earliest time a scheduled trigger or a test run is due; None when nothing is."""
    trigger = (
        await Trigger.filter(kind=TriggerKind.SCHEDULED, paused=False, next_fire_at__isnull=False)
        .order_by("next_fire_at")
        .only("id", "next_fire_at")
        .first()
    )
    deferred = await DeferredTest.all().order_by("fire_at").only("id", "fire_at").first()
    times: list[datetime] = []
    if trigger is not None and trigger.next_fire_at is not None:
        times.append(trigger.next_fire_at)
    if deferred is not None:
        times.append(deferred.fire_at)
    return min(times) if times else None
