"""Reading the event log: newest first, keyset-paginated, status exact at read time."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.connection import get_connection
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core import payload_filter
from core.errors import UserError, UserErrors, invalid
from core.events import StoredEvent, parse_event_id
from core.json_text import RawJSON
from core.models import Event, EventSource, TriggerKind
from core.retention import EventStatus, RetentionWindows, fired_at_range

PAGE_MAX = 500
# payloadContains: how many of the newest events a page looks through before it asks the payload
# index for every match (list_events). Dense matches end here after a page's worth; sparse ones
# cost this many row reads more (about 5 ms at 10 million events, docs/performance.md).
PAYLOAD_PROBE_ROWS = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class EventCursor:
    """Position after an event in (fired_at DESC, id DESC) order.

    fired_at and id grow together (see core/event_log.py), but the cursor carries both so that the
    query can seek through the (fired_at, id) index instead of counting an offset.
    """

    fired_at: datetime
    id: int

    @classmethod
    def decode(cls, raw: str) -> EventCursor | None:
        try:
            text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
            micros, _, event_id = text.partition(":")
            position = cls(EPOCH + int(micros) * MICROSECOND, int(event_id))
        except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
            return None
        # Ids are signed 64-bit in both databases: a larger one would fail in the query.
        return position if 0 <= position.id < 2**63 else None


def encode_cursor(fired_at: datetime, event_id: int) -> str:
    """The cursor EventCursor.decode reads back, built without an EventCursor: pages encode one
    per row."""
    since = fired_at - EPOCH
    # Whole microseconds since the epoch: a float timestamp would round at this magnitude.
    micros = (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
    raw = f"{micros}:{event_id}".encode()
    return binascii.b2a_base64(raw, newline=False).translate(_URLSAFE).decode().rstrip("=")


# bytes.translate: str.translate with a mapping is several times slower than the whole encoding.
_URLSAFE = bytes.maketrans(b"+/", b"-_")


@dataclass(frozen=True, slots=True)
class EventFilter:
    status: EventStatus | None = EventStatus.ACTIVE
    trigger_id: UUID | None = None
    include_test: bool = False
    source: EventSource | None = None
    # since <= fired_at < until: consecutive ranges neither overlap nor leave a gap.
    since: datetime | None = None
    until: datetime | None = None
    # Canonical JSON text of a containment pattern (core/payload_filter.py).
    payload_contains: str | None = None


def event_filter(
    *,
    status: EventStatus | None = EventStatus.ACTIVE,
    trigger_id: str | None = None,
    include_test: bool = False,
    source: EventSource | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    payload_contains: object = None,
) -> EventFilter | None:
    """The events filter from a caller's arguments (GraphQL `events`, the NDJSON export): None
    when it can match nothing (an id that is no trigger's); UserErrors for a bad argument."""
    errors: list[UserError] = []
    if since is not None and until is not None and since >= until:
        errors.append(invalid("since must be before until", "since"))
    pattern = None
    if payload_contains is not None:
        checked = payload_filter.payload_filter(payload_contains, "payloadContains")
        if isinstance(checked, list):
            errors += checked
        else:
            pattern = checked
    if errors:
        raise UserErrors(errors)
    trigger_uuid = parse_uuid(trigger_id) if trigger_id else None
    if trigger_id and trigger_uuid is None:
        return None
    return EventFilter(
        status=status,
        trigger_id=trigger_uuid,
        include_test=include_test,
        source=source,
        since=since,
        until=until,
        payload_contains=pattern,
    )


def parse_uuid(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except (ValueError, TypeError, AttributeError):
        return None


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[StoredEvent]
    has_next_page: bool
    # When the row read ahead for has_next_page was fired: it too can leave the list.
    read_ahead_fired_at: datetime | None = None


def list_query(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> QuerySet[Event]:
    """One page plus one row read ahead, newest first, seeking through an index (see EXPLAIN
    in tests/core/test_event_query_plans.py)."""
    bounds = fired_at_range(filters.status, now=now, windows=windows)
    query = _filtered(filters).filter(fired_at__gt=bounds.newer_than)
    if bounds.not_after is not None:
        query = query.filter(fired_at__lte=bounds.not_after)
    if after is not None:
        # The redundant fired_at <= bound keeps the seek on the index.
        query = query.filter(
            Q(fired_at__lte=after.fired_at) & (Q(fired_at__lt=after.fired_at) | Q(id__lt=after.id))
        )
    return query.order_by("-fired_at", "-id").limit(first + 1)


_PAGE_COLUMNS = (
    "id, trigger_id, trigger_name, kind, source, is_test, payload, scheduled_for, fired_at"
)


def list_sql(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> tuple[str, list[Any]]:
    """list_query as plain Postgres SQL, for the hot path: building the ORM query and model
    instances cost more than the query itself (bench/read.py). Same filters, same index.

    With payloadContains this is the first of two steps (see list_events): the newest
    PAYLOAD_PROBE_ROWS events of the other filters, through the same index, and the page of
    those that match."""
    where, params = _where(filters, after=after, now=now, windows=windows)
    order = f"ORDER BY fired_at DESC, id DESC LIMIT ${len(params) + 1}"
    if filters.payload_contains is None:
        sql = f"SELECT {_PAGE_COLUMNS} FROM events WHERE {where} {order}"
        return sql, [*params, first + 1]
    # The inner LIMIT keeps the planner on the (trigger_id, fired_at, id) or (fired_at, id)
    # index, reading at most the probe's rows whatever it guesses about the payload.
    probe, pattern = f"${len(params) + 2}", f"${len(params) + 3}"
    sql = (
        f"SELECT {_PAGE_COLUMNS} FROM (SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" ORDER BY fired_at DESC, id DESC LIMIT {probe}) AS recent"
        f" WHERE payload @> {pattern}::jsonb {order}"
    )
    return sql, [*params, first + 1, PAYLOAD_PROBE_ROWS, filters.payload_contains]


def matching_sql(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> tuple[str, list[Any]]:
    """The second step of a payloadContains page: every match of all the filters, found through
    the GIN index on (trigger_id, payload) (migrations/0007_event_payload_index.py), then
    sorted. MATERIALIZED keeps the planner from walking the time index instead: it assumes
    the payload and the trigger independent, so for a pattern common elsewhere but absent
    from this trigger it would expect a match every few rows and read all of the trigger's."""
    where, params = _where(filters, after=after, now=now, windows=windows)
    pattern, limit = f"${len(params) + 1}", f"${len(params) + 2}"
    sql = (
        f"WITH matched AS MATERIALIZED (SELECT {_PAGE_COLUMNS} FROM events WHERE {where}"
        f" AND payload @> {pattern}::jsonb)"
        f" SELECT {_PAGE_COLUMNS} FROM matched ORDER BY fired_at DESC, id DESC LIMIT {limit}"
    )
    return sql, [*params, filters.payload_contains, first + 1]


def _where(
    filters: EventFilter,
    *,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> tuple[str, list[Any]]:
    """Every filter but payloadContains, as a WHERE condition and its parameters ($1...)."""
    bounds = fired_at_range(filters.status, now=now, windows=windows)
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
        where.append(f"source = {param(filters.source.value)}")
    if filters.since is not None:
        where.append(f"fired_at >= {param(filters.since)}")
    if filters.until is not None:
        where.append(f"fired_at < {param(filters.until)}")
    if after is not None:
        at, event_id = param(after.fired_at), param(after.id)
        where.append(f"fired_at <= {at} AND (fired_at < {at} OR id < {event_id})")
    return " AND ".join(where), params


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


async def list_events(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> EventPage:
    connection = get_connection("default")
    if connection.capabilities.dialect == "postgres":
        sql, params = list_sql(filters, first=first, after=after, now=now, windows=windows)
        _, records = await connection.execute_query(sql, params)
        if filters.payload_contains is not None and len(records) <= first:
            # The newest events held too few matches for a page: matches are sparse, so find
            # them all through the payload index instead.
            sql, params = matching_sql(filters, first=first, after=after, now=now, windows=windows)
            records = await _with_custom_plan(sql, params)
        events = [_from_row(record) for record in records]
    elif filters.payload_contains is not None:
        events = await _list_containing(filters, first=first, after=after, now=now, windows=windows)
    else:
        # SQLite (embedded, one laptop): the ORM's conversions, no hot path to save.
        rows = await list_query(filters, first=first, after=after, now=now, windows=windows)
        events = [StoredEvent.from_model(row) for row in rows]
    return EventPage(
        events=events[:first],
        has_next_page=len(events) > first,
        read_ahead_fired_at=events[first].fired_at if len(events) > first else None,
    )


async def _with_custom_plan(sql: str, params: list[Any]) -> list[Any]:
    """asyncpg prepares and reuses statements, and after five runs Postgres may plan one
    generically, blind to the pattern and the times: such a plan can walk the time index over
    the whole table (tests/core/test_event_query_plans.py caught one). Planned for its values,
    the second step always finds its matches through the payload index."""
    async with in_transaction("default") as connection:
        await connection.execute_script("SET LOCAL plan_cache_mode = force_custom_plan")
        _, records = await connection.execute_query(sql, params)
    return list(records)


# SQLite has no jsonb: containment is checked here, over the other filters' rows, this many at
# a time. The embedded database is one person's laptop; Postgres does this in an index.
SQLITE_SCAN_BATCH = 1000


async def _list_containing(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> list[StoredEvent]:
    pattern = json.loads(filters.payload_contains or "null")
    found: list[StoredEvent] = []
    position = after
    while len(found) <= first:
        rows = await list_query(
            filters, first=SQLITE_SCAN_BATCH - 1, after=position, now=now, windows=windows
        )
        found += [
            StoredEvent.from_model(row)
            for row in rows
            if payload_filter.contains(row.payload, pattern)
        ]
        if len(rows) < SQLITE_SCAN_BATCH:
            break
        position = EventCursor(rows[-1].fired_at, rows[-1].id)
    return found[: first + 1]


def _filtered(filters: EventFilter) -> QuerySet[Event]:
    """The filters other than the status window and payloadContains (see list_sql)."""
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


async def next_to_archive(
    filters: EventFilter, *, now: datetime, windows: RetentionWindows
) -> datetime | None:
    """When the oldest still-ACTIVE event matching the filters was fired: the next to archive."""
    row = await next_to_archive_query(filters, now=now, windows=windows).first()
    return row.fired_at if row is not None else None


def next_to_archive_query(
    filters: EventFilter, *, now: datetime, windows: RetentionWindows
) -> QuerySet[Event]:
    bounds = fired_at_range(EventStatus.ARCHIVED, now=now, windows=windows)
    assert bounds.not_after is not None
    return (
        _filtered(filters)
        .filter(fired_at__gt=bounds.not_after)
        .order_by("fired_at")
        .only("fired_at")
    )


async def log_version() -> str:
    """Changes with every commit to the event log: one index probe.

    Ids grow in commit order (core/event_log.py), so the newest id changes with any commit; its
    fired_at is there too because ids restart when a database is truncated or restored.
    """
    rows = await get_connection("default").execute_query_dict(
        "SELECT id, fired_at FROM events ORDER BY id DESC LIMIT 1"
    )
    return f"{rows[0]['id']}@{rows[0]['fired_at']}" if rows else "empty"


async def get_event(raw_id: str, *, now: datetime, windows: RetentionWindows) -> StoredEvent | None:
    """None for unknown ids and for events past retention, deleted or not yet."""
    event_id = parse_event_id(raw_id)
    if event_id is None:
        return None
    row = await Event.get_or_none(id=event_id)
    if row is None:
        return None
    event = StoredEvent.from_model(row)
    return event if event.status(now=now, windows=windows) is not None else None
