"""The tables as tests elsewhere check and arrange them: counts, the rows as records, a column
set by hand. The one place tests outside tests/core/storage reach the ORM (tests/test_architecture.py
holds them to it), so that a change of table touches storage and its tests, not the suite.

`where` takes the ORM's keyword filters (`trigger_id=...`, `fired_at__gt=...`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import connections

from core.deliveries.records import StoredAttempt, StoredDelivery, StoredDestination
from core.events.records import StoredEvent
from core.storage.deferred_test_rows import deferred_test_run
from core.storage.destination_rows import stored_destination
from core.storage.models import (
    ApiKey,
    BrowserSession,
    DeferredTest,
    Delivery,
    DeliveryAttempt,
    Destination,
    Event,
    EventCount,
    Trigger,
)
from core.storage.row_records import record_of
from core.triggers.records import DeferredTestRun


async def count_events(**where: Any) -> int:
    return await Event.filter(**where).count()


async def count_triggers(**where: Any) -> int:
    return await Trigger.filter(**where).count()


async def count_deferred_tests(**where: Any) -> int:
    return await DeferredTest.filter(**where).count()


async def count_browser_sessions(**where: Any) -> int:
    return await BrowserSession.filter(**where).count()


async def count_deliveries(**where: Any) -> int:
    return await Delivery.filter(**where).count()


async def count_delivery_attempts(**where: Any) -> int:
    return await DeliveryAttempt.filter(**where).count()


async def stored_deliveries(**where: Any) -> list[StoredDelivery]:
    """In id (= outbox) order."""
    rows = await Delivery.filter(**where).order_by("id")
    return [record_of(StoredDelivery, row) for row in rows]


async def delivery_attempts(**where: Any) -> list[StoredAttempt]:
    """Oldest first."""
    rows = await DeliveryAttempt.filter(**where).order_by("at", "id")
    return [record_of(StoredAttempt, row) for row in rows]


async def stored_destinations(**where: Any) -> list[StoredDestination]:
    """In creation order, secrets included (the records' repr leaves them out)."""
    rows = await Destination.filter(**where).order_by("created_at", "id")
    return [stored_destination(row) for row in rows]


async def stored_events(**where: Any) -> list[StoredEvent]:
    """In id (= commit) order, payloads decoded."""
    rows = await Event.filter(**where).order_by("id")
    return [record_of(StoredEvent, row) for row in rows]


async def event_ids(**where: Any) -> list[int]:
    return [event.id for event in await stored_events(**where)]


async def trigger_names() -> list[str]:
    return sorted(await Trigger.all().values_list("name", flat=True))


async def set_event_columns(event_id: int, **values: Any) -> None:
    """Rewrite stored columns, e.g. age an event by its fired_at."""
    await Event.filter(id=event_id).update(**values)


async def set_trigger_columns(trigger_id: UUID | str, **values: Any) -> None:
    """Rewrite columns no service sets directly, e.g. move next_fire_at."""
    await Trigger.filter(id=trigger_id).update(**values)


async def add_to_event_counts(trigger_id: UUID, minute: datetime, n: int) -> None:
    await EventCount.create(trigger_id=trigger_id, minute=minute, n=n)


async def deferred_test_runs() -> list[DeferredTestRun]:
    return [deferred_test_run(row) for row in await DeferredTest.all().order_by("fire_at")]


async def delete_all_rows() -> None:
    """Every table emptied, for a test that starts clean."""
    # Deliveries and attempts go with their events and destinations (ON DELETE CASCADE).
    for table in (Destination, Event, EventCount, Trigger, DeferredTest, BrowserSession, ApiKey):
        await table.all().delete()


async def expire_pooled_connections() -> None:
    """Close the pool's idle connections, as a database restart or a proxy would."""
    await connections.get("default")._pool.expire_connections()


@contextlib.asynccontextmanager
async def statements_sent() -> AsyncIterator[list[str]]:
    """Every statement any connection of the pool sends meanwhile, as Postgres receives it:
    each connection is opened and given asyncpg's query logger first."""
    pool: Any = connections.get("default")._pool
    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    raw = [proxy._con for proxy in held]
    sent: list[str] = []

    def log(record: Any) -> None:
        sent.append(record.query)

    for connection in raw:
        connection.add_query_logger(log)
    for proxy in held:
        await pool.release(proxy)
    try:
        yield sent
    finally:
        for connection in raw:
            connection.remove_query_logger(log)


async def seed_triggers(count: int) -> None:
    """Triggers without events, named to sort before the test's own."""
    await connections.get("default").execute_query(
        "INSERT INTO triggers (id, name, kind, paused, missed_firings, created_at, updated_at)"
        " SELECT gen_random_uuid(), 'bulk-' || lpad(n::text, 4, '0'), 'API', false, 0,"
        " now(), now() FROM generate_series(1, $1) AS n",
        [count],
    )
