"""Reads of the event log: pages, single events, the live catch-up and the log's version.

Every list query seeks an index (tests/core/storage/test_query_plans.py checks the plans).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.queryset import QuerySet

from core.events.pages import EventCursor, EventFilter
from core.events.records import StoredEvent
from core.events.retention import FiredAtRange
from core.platform.json_encoding import RawJSON
from core.storage.models import Event, EventSource, TriggerKind
from core.storage.read_bounds import bounded, fetch

_PAGE_COLUMNS = (
    "id, trigger_id, trigger_name, kind, source, is_test, payload, scheduled_for, fired_at"
)


# payloadContains: how many of the newest events a page looks through before it asks the payload
# index for every match (event_page). Dense matches end here after a page's worth; sparse ones
# cost this many row reads more (about 1 ms at 10 million events, docs/performance.md).
PAYLOAD_PROBE_ROWS = 1000


def page_sql(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> tuple[str, list[Any]]:
    """Newest first within `bounds`, after the cursor. Plain SQL: building the ORM query and
    model instances cost more than the query itself (docs/performance.md).

    With payloadContains this is the first of two steps (event_page): the newest
    PAYLOAD_PROBE_ROWS events of the other filters, through the same index, and the page of
    those that match."""
    where, params = _where(filters, bounds, after=after)
    order = f"ORDER BY fired_at DESC, id DESC LIMIT ${len(params) + 1}"
    if filters.payload_contains is None:
        return f"SELECT {_PAGE_COLUMNS} FROM events WHERE {where} {order}", [*params, limit]
    # The inner LIMIT keeps the planner on the (trigger_id, fired_at, id) or (fired_at, id)
    # index, reading at most the probe's rows whatever it guesses about the payload.
    probe, pattern = f"${len(params) + 2}", f"${len(params) + 3}"
    sql = (
        f"SELECT {_PAGE_COLUMNS} FROM (SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" ORDER BY fired_at DESC, id DESC LIMIT {probe}) AS recent"
        f" WHERE payload @> {pattern}::jsonb {order}"
    )
    return sql, [*params, limit, PAYLOAD_PROBE_ROWS, filters.payload_contains]


def matching_sql(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> tuple[str, list[Any]]:
    """The second step of a payloadContains page: every match of all the filters, found through
    the GIN index on (trigger_id, payload) (migrations/0007_event_payload_index.py), then
    sorted. MATERIALIZED keeps the planner from walking the time index instead: it takes the
    payload and the trigger for independent, so for a pattern common elsewhere but absent from
    this trigger it would expect a match every few rows and read all of the trigger's."""
    where, params = _where(filters, bounds, after=after)
    pattern, count = f"${len(params) + 1}", f"${len(params) + 2}"
    sql = (
        f"WITH matched AS MATERIALIZED (SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" AND payload @> {pattern}::jsonb)"
        f" SELECT {_PAGE_COLUMNS} FROM matched ORDER BY fired_at DESC, id DESC LIMIT {count}"
    )
    return sql, [*params, filters.payload_contains, limit]


def _where(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None
) -> tuple[str, list[Any]]:
    """Every filter but payloadContains, as a WHERE condition and its parameters ($1...)."""
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
    if filters.source is not None:
        where.append(f"source = {param(filters.source)}")
    if filters.since is not None:
        where.append(f"fired_at >= {param(filters.since)}")
    if filters.until is not None:
        where.append(f"fired_at < {param(filters.until)}")
    if after is not None:
        # The redundant fired_at <= bound keeps the seek on the index.
        at, event_id = param(after.fired_at), param(after.id)
        where.append(f"fired_at <= {at} AND (fired_at < {at} OR id < {event_id})")
    return " AND ".join(where), params


async def event_page(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> list[StoredEvent]:
    sql, params = page_sql(filters, bounds, after=after, limit=limit)
    records = await fetch(sql, params)
    if filters.payload_contains is not None and len(records) < limit:
        # The newest events held too few matches for a page: matches are sparse, so find them
        # all through the payload index instead.
        sql, params = matching_sql(filters, bounds, after=after, limit=limit)
        records = await _planned_for_values(sql, params)
    return [_from_row(record) for record in records]


async def _planned_for_values(sql: str, params: list[Any]) -> list[Any]:
    """asyncpg prepares and reuses statements, and after five runs Postgres may plan one
    generically, blind to the pattern and the times: such a plan can walk the time index over
    the whole table (tests/core/storage/test_query_plans.py caught one). Planned for its
    values, the second step always finds its matches through the payload index."""
    async with bounded(plan_cache_mode="force_custom_plan") as connection:
        _, records = await connection.execute_query(sql, params)
    return list(records)


# Dict lookups: calling the Enum class costs several times more, once per row.
_KINDS: dict[str, TriggerKind] = {kind.value: kind for kind in TriggerKind}
_SOURCES: dict[str, EventSource] = {source.value: source for source in EventSource}


def _from_row(row: Any, *, decoded: bool = False) -> StoredEvent:
    """decoded: the payload as a value (as the ORM gave live readers), not RawJSON."""
    text = row[6]
    payload = None if text is None else json.loads(text) if decoded else RawJSON(text)
    return StoredEvent(
        id=row[0],
        trigger_id=row[1],
        trigger_name=row[2],
        kind=_KINDS[row[3]],
        source=_SOURCES[row[4]],
        is_test=row[5],
        payload=payload,
        scheduled_for=row[7],
        fired_at=row[8],
    )


def _filtered(filters: EventFilter) -> QuerySet[Event]:
    """The filters but the status window and payloadContains: enough to find the next event
    to archive into a list (a broader set can only make that moment earlier, never wrong)."""
    query = Event.all()
    if filters.trigger_id is not None:
        query = query.filter(trigger_id=filters.trigger_id)
    if not filters.include_test:
        query = query.filter(is_test=False)
    if filters.source is not None:
        query = query.filter(source=filters.source)
    if filters.since is not None:
        query = query.filter(fired_at__gte=filters.since)
    if filters.until is not None:
        query = query.filter(fired_at__lt=filters.until)
    return query


def oldest_fired_after_query(filters: EventFilter, moment: datetime) -> QuerySet[Event]:
    return _filtered(filters).filter(fired_at__gt=moment).order_by("fired_at").only("fired_at")


async def oldest_fired_after(filters: EventFilter, moment: datetime) -> datetime | None:
    async with bounded() as connection:
        row = await oldest_fired_after_query(filters, moment).using_db(connection).first()
    return row.fired_at if row is not None else None


async def event_by_id(event_id: int) -> StoredEvent | None:
    async with bounded():
        row = await Event.get_or_none(id=event_id)
    return StoredEvent.from_model(row) if row is not None else None


async def event_by_idempotency_key(trigger_id: UUID, key: str) -> StoredEvent | None:
    # On the hook path: a unique-index probe, left out of `bounded()` like the token lookup.
    row = await Event.get_or_none(trigger_id=trigger_id, idempotency_key=key)
    return StoredEvent.from_model(row) if row is not None else None


async def log_version() -> str:
    """Changes with every commit to the event log: one index probe.

    Ids grow in commit order (core/storage/event_log.py), so the newest id changes with any
    commit; its fired_at is there too because ids restart when a database is truncated or
    restored.
    """
    rows = await fetch("SELECT id, fired_at FROM events ORDER BY id DESC LIMIT 1", [])
    return f"{rows[0]['id']}@{rows[0]['fired_at']}" if rows else "empty"


async def latest_event_id() -> int:
    rows = await fetch("SELECT id FROM events ORDER BY id DESC LIMIT 1", [])
    return int(rows[0]["id"]) if rows else 0


async def events_after(
    event_id: int,
    *,
    limit: int,
    up_to: int | None = None,
    trigger_id: UUID | None = None,
    include_test: bool = True,
    source: EventSource | None = None,
    payload_contains: str | None = None,
) -> list[StoredEvent]:
    """In id (= commit) order: what a live reader resuming after `event_id` has not seen.
    Plain SQL with the per-call time limit: the hub runs this on every wake-up, where a
    transaction for SET LOCAL would cost three more round trips."""
    params: list[Any] = [event_id, limit]
    where = ["id > $1"]
    if up_to is not None:
        params.append(up_to)
        where.append(f"id <= ${len(params)}")
    if trigger_id is not None:
        params.append(trigger_id)
        where.append(f"trigger_id = ${len(params)}")
    if not include_test:
        where.append("is_test = false")
    if source is not None:
        params.append(source.value)
        where.append(f"source = ${len(params)}")
    if payload_contains is not None:
        params.append(payload_contains)
        where.append(f"payload @> ${len(params)}::jsonb")
    rows = await fetch(
        f"SELECT {_PAGE_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id LIMIT $2",
        params,
    )
    return [_from_row(row, decoded=True) for row in rows]
