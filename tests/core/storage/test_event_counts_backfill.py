"""migrations/0003_event_counts: the rollup's backfill of events written before it existed."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from types import SimpleNamespace
from uuid import UUID

import pytest
from tortoise.connection import get_connection

from core.events.counts import count_events_by_trigger
from core.events.records import NewEvent
from core.events.retention import RetentionWindows
from core.events.sources import EventSource
from core.storage.models import EventCount
from core.triggers.kinds import TriggerKind
from tests.conftest import Server


@pytest.mark.asyncio
async def test_the_migration_counts_events_written_before_the_rollup(clean: Server) -> None:
    for n in range(5):
        await clean.services.event_log.append(
            NewEvent(
                trigger_id=UUID(int=1 + n % 2),
                trigger_name="t",
                kind=TriggerKind.API,
                source=EventSource.API,
                payload={"n": n},
            )
        )
    now = datetime.now(UTC)
    windows = RetentionWindows(active_seconds=7200, retention_seconds=172800)
    before = await count_events_by_trigger(now=now, windows=windows)
    await EventCount.all().delete()
    migration = importlib.import_module("migrations.0003_event_counts")
    editor = SimpleNamespace(client=get_connection("default"))
    await migration.count_existing_events(None, editor)
    assert await count_events_by_trigger(now=now, windows=windows) == before
    assert sorted((c.active, c.archived) for c in before) == [(2, 0), (3, 0)]
    # Later events add to the rows the backfill wrote, not to look-alike rows beside them.
    await clean.services.event_log.append(
        NewEvent(
            trigger_id=UUID(int=1),
            trigger_name="t",
            kind=TriggerKind.API,
            source=EventSource.API,
            payload={},
        )
    )
    rows = await EventCount.all()
    assert len(rows) == len({(row.trigger_id, row.minute) for row in rows})
