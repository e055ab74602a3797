"""Deferred test runs (testTriggerDefinition with fireAt): kept in Postgres, not in a Redis
job, so that they survive worker restarts and Redis loss. The scheduler claims them
(core/storage/schedule_claims.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.storage.models import DeferredTest
from core.storage.row_records import record_of
from core.triggers.kinds import TriggerKind
from core.triggers.records import DeferredTestRun


def deferred_test_run(row: DeferredTest) -> DeferredTestRun:
    return record_of(DeferredTestRun, row)


async def insert_deferred_test(
    *, name: str, kind: TriggerKind, payload: Any, fire_at: datetime, created_by_key: str | None
) -> DeferredTestRun:
    row = await DeferredTest.create(
        name=name, kind=kind, payload=payload, fire_at=fire_at, created_by_key=created_by_key
    )
    return deferred_test_run(row)


async def count_created_by(key_id: str) -> int:
    count: int = await DeferredTest.filter(created_by_key=key_id).count()
    return count
