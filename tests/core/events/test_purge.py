"""The retention sweep deletes each expired event once and nothing younger."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg
import pytest

from core.events.purge import purge_expired
from core.events.records import NewEvent, StoredEvent
from core.events.sources import EventSource
from core.storage.expired_events import PURGE_LOCK
from core.triggers.kinds import TriggerKind
from tests.conftest import Server
from tests.core.storage import tables

pytestmark = pytest.mark.asyncio


async def events_aged(server: Server, ages: list[timedelta]) -> list[int]:
    now = server.services.now()
    ids = []
    for n, age in enumerate(ages):
        stored = await server.services.event_log.append(
            NewEvent(
                trigger_id=None,
                trigger_name="t",
                kind=TriggerKind.API,
                source=EventSource.API,
                payload={"n": n},
            )
        )
        assert isinstance(stored, StoredEvent)
        await tables.set_event_columns(stored.id, fired_at=now - age)
        ids.append(stored.id)
    return ids


async def test_purge_removes_exactly_the_events_past_retention(clean: Server) -> None:
    retention = timedelta(seconds=clean.settings.event_retention_seconds)
    second = timedelta(seconds=1)
    ids = await events_aged(
        clean, [retention + second, retention - second, timedelta(0), retention + 3600 * second]
    )
    report = await purge_expired(
        now=clean.services.now(),
        windows=clean.services.windows,
    )
    assert report.deleted == 2
    assert await tables.event_ids() == [ids[1], ids[2]]


async def test_concurrent_sweeps_in_small_batches_delete_each_event_once(clean: Server) -> None:
    retention = timedelta(seconds=clean.settings.event_retention_seconds)
    await events_aged(
        clean, [retention + timedelta(seconds=n + 1) for n in range(40)] + [timedelta(0)] * 5
    )
    sweeps = await asyncio.gather(
        *(
            purge_expired(
                now=clean.services.now(),
                windows=clean.services.windows,
                batch_size=3,
            )
            for _ in range(2)
        )
    )
    assert sum(s.deleted for s in sweeps) == 40
    assert await tables.count_events() == 5


async def test_an_interrupted_sweep_is_finished_by_the_next(clean: Server) -> None:
    retention = timedelta(seconds=clean.settings.event_retention_seconds)
    await events_aged(
        clean, [retention + timedelta(seconds=n + 1) for n in range(10)] + [timedelta(0)]
    )
    windows = clean.services.windows
    first = await purge_expired(
        now=clean.services.now(), windows=windows, batch_size=4, max_batches=1
    )
    second = await purge_expired(now=clean.services.now(), windows=windows, batch_size=4)
    assert (first.deleted, second.deleted) == (4, 6)
    assert await tables.count_events() == 1


async def test_events_fired_in_the_same_instant_are_all_deleted_across_batches(
    clean: Server,
) -> None:
    # Batches resume after the last (fired_at, id) deleted: a bound on fired_at alone would skip
    # the rest of a batch's last instant.
    retention = timedelta(seconds=clean.settings.event_retention_seconds)
    await events_aged(clean, [retention + timedelta(seconds=5)] * 10 + [timedelta(0)] * 2)
    report = await purge_expired(
        now=clean.services.now(),
        windows=clean.services.windows,
        batch_size=3,
    )
    assert (report.deleted, report.batches) == (10, 4)
    assert await tables.count_events() == 2


async def test_a_sweep_that_finds_another_sweeping_leaves_the_rest_to_it(clean: Server) -> None:
    retention = timedelta(seconds=clean.settings.event_retention_seconds)
    await events_aged(clean, [retention + timedelta(seconds=n + 1) for n in range(6)])
    sweep = {"now": clean.services.now(), "windows": clean.services.windows}
    assert clean.settings.database_url
    other_worker = await asyncpg.connect(clean.settings.database_url)
    try:
        async with other_worker.transaction():
            await other_worker.execute("SELECT pg_advisory_xact_lock($1)", PURGE_LOCK)
            assert (await purge_expired(**sweep)).deleted == 0
        assert (await purge_expired(**sweep)).deleted == 6
    finally:
        await other_worker.close()
