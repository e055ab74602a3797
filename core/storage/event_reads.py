"""Reads of the event log: pages, single events, the live catch-up and the log's version.

Every list query seeks an index (tests/core/storage/test_query_plans.py checks the plans).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.connection import get_connection
from tortoise.queryset import QuerySet

from core.events.pages import EventCursor, EventFilter
from core.events.records import StoredEvent
from core.events.retention import FiredAtRange
from core.platform.json_encoding import RawJSON
from core.storage.models import Event, EventSource, TriggerKind

_PAGE_COLUMNS = (
    "id, trigger_id, trigger_name, kind, source, is_test, payload, scheduled_for, fired_at"
)


def page_sql(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> tuple[str, list[Any]]:
    """Newest first within `bounds`, after the cursor. Plain SQL: building the ORM query and
    model instances cost more than the query itself (docs/performance.md)."""
    params: list[Any] = [bounds.newer_than]
    where = ["fired_at > $1"]

    def param(value: Any) -> str:
        params.append(value)
        return f"${len(params)}"

    if bounds.not_after is not None:
        where.append(f"fired_at <= {param(bounds.not_after)}")
    if filters.trigger_id is not None:
        where.append(f"trigger_id = {param(filters.trigger_id)}")
    if not filters.include_test:
        where.append("is_test = false")
    if after is not None:
        # The redundant fired_at <= bound keeps the seek on the index.
        at, event_id = param(after.fired_at), param(after.id)
        where.append(f"fired_at <= {at} AND (fired_at < {at} OR id < {event_id})")
    sql = (
        f"SELECT {_PAGE_COLUMNS} FROM events WHERE {' AND '.join(where)}"
        f" ORDER BY fired_at DESC, id DESC LIMIT {param(limit)}"
    )
    return sql, params


async def event_page(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> list[StoredEvent]:
    sql, params = page_sql(filters, bounds, after=after, limit=limit)
    _, records = await get_connection("default").execute_query(sql, params)
    return [_from_row(record) for record in records]


# Dict lookups: calling the Enum class costs several times more, once per row.
_KINDS: dict[str, TriggerKind] = {kind.value: kind for kind in TriggerKind}
_SOURCES: dict[str, EventSource] = {source.value: source for source in EventSource}


def _from_row(row: Any) -> StoredEvent:
    payload = row[6]
    return StoredEvent(
        id=row[0],
        trigger_id=row[1],
        trigger_name=row[2],
        kind=_KINDS[row[3]],
        source=_SOURCES[row[4]],
        is_test=row[5],
        payload=RawJSON(payload) if payload is not None else None,
        scheduled_for=row[7],
        fired_at=row[8],
    )


def _filtered(filters: EventFilter) -> QuerySet[Event]:
    query = Event.all()
    if filters.trigger_id is not None:
        query = query.filter(trigger_id=filters.trigger_id)
    if not filters.include_test:
        query = query.filter(is_test=False)
    return query


def oldest_fired_after_query(filters: EventFilter, moment: datetime) -> QuerySet[Event]:
    return _filtered(filters).filter(fired_at__gt=moment).order_by("fired_at").only("fired_at")


async def oldest_fired_after(filters: EventFilter, moment: datetime) -> datetime | None:
    row = await oldest_fired_after_query(filters, moment).first()
    return row.fired_at if row is not None else None


async def event_by_id(event_id: int) -> StoredEvent | None:
    row = await Event.get_or_none(id=event_id)
    return StoredEvent.from_model(row) if row is not None else None


async def event_by_idempotency_key(trigger_id: UUID, key: str) -> StoredEvent | None:
    row = await Event.get_or_none(trigger_id=trigger_id, idempotency_key=key)
    return StoredEvent.from_model(row) if row is not None else None


async def log_version() -> str:
    """Changes with every commit to the event log: one index probe.

    Ids grow in commit order (core/storage/event_log.py), so the newest id changes with any
    commit; its fired_at is there too because ids restart when a database is truncated or
    restored.
    """
    rows = await get_connection("default").execute_query_dict(
        "SELECT id, fired_at FROM events ORDER BY id DESC LIMIT 1"
    )
    return f"{rows[0]['id']}@{rows[0]['fired_at']}" if rows else "empty"


async def latest_event_id() -> int:
    row = await Event.all().order_by("-id").only("id").first()
    return row.id if row is not None else 0


async def events_after(
    event_id: int,
    *,
    limit: int,
    up_to: int | None = None,
    trigger_id: UUID | None = None,
    include_test: bool = True,
) -> list[StoredEvent]:
    """In id (= commit) order: what a live reader resuming after `event_id` has not seen."""
    query = Event.filter(id__gt=event_id)
    if up_to is not None:
        query = query.filter(id__lte=up_to)
    if trigger_id is not None:
        query = query.filter(trigger_id=trigger_id)
    if not include_test:
        query = query.filter(is_test=False)
    rows = await query.order_by("id").limit(limit)
    return [StoredEvent.from_model(row) for row in rows]
