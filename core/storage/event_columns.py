"""The events table as the event log writes and reads it, derived from its two declarations:
the table (`models.Event`: each column's name and type) and the domain's records (`NewEvent`:
what a write carries; `StoredEvent`: what a read returns, in its field order).

Adding a column is therefore a field on `models.Event`, a migration, and a field on the record
that carries it: the INSERT, the SELECT list and the row mapping below follow. Everything is
built once at import: the append and the live reads run the prepared text and a precomputed
order, never a per-row lookup by name.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import fields
from enum import Enum
from typing import Any

from tortoise.fields import Field, JSONField

from core.events.records import NewEvent, StoredEvent
from core.platform.json_encoding import RawJSON
from core.storage.models import Event

_TABLE: dict[str, Field[Any]] = Event._meta.fields_map

# Drawn by the writer (id, under the commit-order lock) or by the database (fired_at, at the
# insert), never carried by a NewEvent.
DRAWN = ("id", "fired_at")
# What a NewEvent carries but no column stores: the write's condition.
_NOT_COLUMNS = ("guard",)

WRITTEN: tuple[str, ...] = tuple(f.name for f in fields(NewEvent) if f.name not in _NOT_COLUMNS)
READ: tuple[str, ...] = tuple(f.name for f in fields(StoredEvent))

_unknown = [name for name in (*DRAWN, *WRITTEN, *READ) if name not in _TABLE]
if _unknown:  # a record's field that no column stores: a missing column or migration
    raise RuntimeError(f"events has no column for {_unknown}")


def _array_type(column: str) -> str:
    """The type a column's values are sent as (one array per column): text for text and JSON
    (JSON goes as its text and is cast in the statement), else the column's own type."""
    sql_type = _TABLE[column].get_for_dialect("postgres", "SQL_TYPE").lower()
    return "text" if sql_type.startswith("varchar") or sql_type == "jsonb" else sql_type


def _value(column: str) -> str:
    return f"n.{column}::jsonb" if isinstance(_TABLE[column], JSONField) else f"n.{column}"


# The guarded append (core/storage/event_log.py): one array per column, the guard's two as well;
# an event whose trigger lost its token or changed since it was read is not written.
INSERT_EVENTS = f"""
INSERT INTO events (id, {", ".join(WRITTEN)}, fired_at)
SELECT n.id, {", ".join(_value(c) for c in WRITTEN)}, clock_timestamp()
FROM unnest($1::bigint[], {
    ", ".join(f"${i}::{_array_type(c)}[]" for i, c in enumerate(WRITTEN, start=2))
}, ${len(WRITTEN) + 2}::text[], ${len(WRITTEN) + 3}::timestamptz[])
     AS n(id, {", ".join(WRITTEN)}, guard_token, guard_version)
WHERE n.guard_token IS NULL OR EXISTS (
    SELECT 1 FROM triggers t
    WHERE t.id = n.trigger_id AND t.hook_token = n.guard_token AND t.updated_at = n.guard_version)
ORDER BY n.id
ON CONFLICT DO NOTHING
RETURNING id, fired_at
"""


# None too: a payload of JSON null is stored as JSON null, not as SQL NULL.
_json_text: Callable[[Any], str] = functools.partial(
    json.dumps, separators=(",", ":"), ensure_ascii=False
)


# In C: the append's encoding runs once per event on the hot path.
_enum_value: Callable[[Enum], Any] = operator.attrgetter("value")


def _encoder(column: str) -> Callable[[Any], Any] | None:
    field = _TABLE[column]
    if isinstance(field, JSONField):
        return _json_text
    if getattr(field, "enum_type", None) is not None:
        return _enum_value
    return None


_written_values = operator.attrgetter(*WRITTEN)
_ENCODERS = [(i, encode) for i, c in enumerate(WRITTEN) if (encode := _encoder(c)) is not None]


def insert_arrays(ids: Sequence[int], events: Sequence[NewEvent]) -> list[Sequence[Any]]:
    """INSERT_EVENTS's parameters: the ids, a column of each written field, the guards."""
    columns: list[Sequence[Any]] = list(zip(*map(_written_values, events), strict=True)) or [
        () for _ in WRITTEN
    ]
    for i, encode in _ENCODERS:
        columns[i] = list(map(encode, columns[i]))
    guards = [event.guard for event in events]
    return [
        ids,
        *columns,
        [guard.hook_token if guard else None for guard in guards],
        [guard.version if guard else None for guard in guards],
    ]


# Every read returns the record's fields in the record's order, so a row maps by position.
SELECT_LIST = ", ".join(READ)


def _decoders(*, decoded: bool) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(READ):
        field = _TABLE[column]
        enum_type = getattr(field, "enum_type", None)
        if enum_type is not None:
            # A dict lookup: calling the Enum class costs several times more, once per row.
            found.append((i, {member.value: member for member in enum_type}.__getitem__))
        elif isinstance(field, JSONField):
            # A page passes the stored text through (RawJSON); a live reader wants the value.
            found.append((i, _json_value if decoded else _raw_json))
    return tuple(found)


def _raw_json(text: str | None) -> RawJSON | None:
    return None if text is None else RawJSON(text)


def _json_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)


_AS_TEXT = _decoders(decoded=False)
_AS_VALUES = _decoders(decoded=True)


def stored_event(row: Sequence[Any], *, decoded: bool = False) -> StoredEvent:
    """A row of SELECT_LIST as the record. decoded: the payload as a value, not RawJSON."""
    values = list(row)
    for i, decode in _AS_VALUES if decoded else _AS_TEXT:
        values[i] = decode(values[i])
    return StoredEvent(*values)
