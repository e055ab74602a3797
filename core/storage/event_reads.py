"""Reads of the event log: pages, single events, the live catch-up and the log's version.

Every list query seeks an index (tests/core/storage/test_query_plans.py checks the plans).
"""

from __future__ import annotations

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


# payloadContains, second step: at most this many matches are read and sorted at once. A
# pattern with more in scope and none among the newest events (an old payload shape, say) is
# read block by block instead (_newest_by_blocks).
PAYLOAD_MATCHES_MAX = 10_000
# Ids in blocks of 2**16: the payload index holds each event's block
# (migrations/0008_event_payload_blocks.py), in commit and so fired_at order.
BLOCK_BITS = 16
# Blocks one step of the walk reads at most: the matches of a million events at worst.
BLOCKS_PER_STEP = 16


def matching_sql(
    filters: EventFilter,
    bounds: FiredAtRange,
    *,
    after: EventCursor | None,
    limit: int,
    capped: bool = True,
) -> tuple[str, list[Any]]:
    """The second step of a payloadContains page: the matches of all the filters, found
    through the GIN index on (trigger_id, id block, payload) (migrations/0007, 0008), at most
    PAYLOAD_MATCHES_MAX of them, then sorted. Each row carries how many were read: more than
    PAYLOAD_MATCHES_MAX means the page may miss newer ones (_newest_by_blocks takes over).
    `capped=False` reads every match (the plan before the block walk, for bench.payload_filter).
    MATERIALIZED keeps the planner from walking the time index instead: it takes the payload
    and the trigger for independent, so for a pattern common elsewhere but absent from this
    trigger it would expect a match every few rows and read all of the trigger's."""
    where, params = _matching_where(filters, bounds, after=after)
    cap, count = f"${len(params) + 1}", f"${len(params) + 2}"
    sql = (
        f"WITH matched AS MATERIALIZED (SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" LIMIT {cap})"
        f" SELECT {_PAGE_COLUMNS}, (SELECT count(*) FROM matched) AS read FROM matched"
        f" ORDER BY fired_at DESC, id DESC LIMIT {count}"
    )
    # LIMIT NULL is no limit.
    return sql, [*params, PAYLOAD_MATCHES_MAX + 1 if capped else None, limit]


def block_matches_sql(
    filters: EventFilter,
    bounds: FiredAtRange,
    *,
    after: EventCursor | None,
    limit: int,
    blocks: tuple[int, int],
) -> tuple[str, list[Any]]:
    """The newest matches in the id blocks blocks[0]..blocks[1]: the block range, the trigger
    and the pattern intersected inside the payload index, then only those matches read and
    sorted."""
    where, params = _matching_where(filters, bounds, after=after)
    low, high, count = (f"${len(params) + n}" for n in (1, 2, 3))
    sql = (
        f"SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" AND (id >> {BLOCK_BITS}) BETWEEN {low} AND {high}"
        f" ORDER BY fired_at DESC, id DESC LIMIT {count}"
    )
    return sql, [*params, blocks[0], blocks[1], limit]


def _matching_where(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None
) -> tuple[str, list[Any]]:
    where, params = _where(filters, bounds, after=after)
    params.append(filters.payload_contains)
    return f"{where} AND payload @> ${len(params)}::jsonb", params


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
        # The newest events held too few matches for a page: find them through the payload
        # index instead.
        records = await _matching_page(filters, bounds, after=after, limit=limit)
    return [_from_row(record) for record in records]


# The second step and the block walk read matches through bitmaps of the payload index (ANDed
# with the time or trigger index), planned for their values. Left to itself, the planner takes
# the pattern and the time for independent: for a pattern common in old events and absent from
# new ones it expects a match every few rows of a sequential or time-ordered scan under the
# LIMIT and reads the whole table to find none (docs/performance.md, bench.payload_filter).
PAYLOAD_INDEX_SETTINGS = {
    "plan_cache_mode": "force_custom_plan",
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "enable_indexonlyscan": "off",
}


async def _matching_page(
    filters: EventFilter, bounds: FiredAtRange, *, after: EventCursor | None, limit: int
) -> list[Any]:
    """asyncpg prepares and reuses statements, and after five runs Postgres may plan one
    generically, blind to the pattern and the times: such a plan can walk the time index over
    the whole table (tests/core/storage/test_query_plans.py caught one). Planned for its
    values, the second step always finds its matches through the payload index."""
    async with bounded(**PAYLOAD_INDEX_SETTINGS) as connection:
        sql, params = matching_sql(filters, bounds, after=after, limit=limit)
        _, records = await connection.execute_query(sql, params)
        if not records or records[0]["read"] <= PAYLOAD_MATCHES_MAX:
            return list(records)
        return await _newest_by_blocks(connection, filters, bounds, after=after, limit=limit)


async def _newest_by_blocks(
    connection: Any,
    filters: EventFilter,
    bounds: FiredAtRange,
    *,
    after: EventCursor | None,
    limit: int,
) -> list[Any]:
    """More than PAYLOAD_MATCHES_MAX matches: walk the id blocks newest first (1, 2, 4 ... up to
    BLOCKS_PER_STEP at a time) until a page's worth is found. Blocks hold consecutive ids and
    ids grow with fired_at, so the pages of successive steps follow each other in page order;
    a step reads only its own blocks' matches."""
    edges = await connection.execute_query_dict(
        "SELECT (SELECT id FROM events ORDER BY id DESC LIMIT 1) AS newest,"
        " (SELECT id FROM events WHERE fired_at > $1 ORDER BY fired_at, id LIMIT 1) AS oldest",
        [bounds.newer_than],
    )
    newest, oldest = edges[0]["newest"], edges[0]["oldest"]
    if newest is None or oldest is None:
        return []
    high = (min(newest, after.id) if after is not None else newest) >> BLOCK_BITS
    bottom = oldest >> BLOCK_BITS
    found: list[Any] = []
    width = 1
    while high >= bottom and len(found) < limit:
        low = max(bottom, high - width + 1)
        sql, params = block_matches_sql(
            filters, bounds, after=after, limit=limit - len(found), blocks=(low, high)
        )
        _, records = await connection.execute_query(sql, params)
        found += records
        high = low - 1
        width = min(2 * width, BLOCKS_PER_STEP)
    return found


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
    async with bounded():
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
) -> list[StoredEvent]:
    """In id (= commit) order: what a live reader resuming after `event_id` has not seen."""
    query = Event.filter(id__gt=event_id)
    if up_to is not None:
        query = query.filter(id__lte=up_to)
    if trigger_id is not None:
        query = query.filter(trigger_id=trigger_id)
    if not include_test:
        query = query.filter(is_test=False)
    async with bounded() as connection:
        rows = await query.using_db(connection).order_by("id").limit(limit)
    return [StoredEvent.from_model(row) for row in rows]
