"""The events table's statements follow the table and the records, declared once each."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from uuid import uuid4

from core.events.records import NewEvent, StoredEvent, TriggerGuard
from core.events.sources import EventSource
from core.platform.json_encoding import RawJSON
from core.storage import event_columns
from core.storage.models import Event
from core.triggers.kinds import TriggerKind


def test_every_column_of_the_table_is_written_or_drawn() -> None:
    written = {*event_columns.WRITTEN, *event_columns.DRAWN}
    assert written == set(Event._meta.db_fields)


def test_a_read_returns_the_stored_events_fields_in_their_order() -> None:
    assert ", ".join(f.name for f in fields(StoredEvent)) == event_columns.SELECT_LIST


def test_the_insert_names_each_written_column_once_with_one_array_each() -> None:
    sql = event_columns.INSERT_EVENTS
    listed = sql[sql.index("(") + 1 : sql.index(")")].split(", ")
    assert listed == ["id", *event_columns.WRITTEN, "fired_at"]
    # The ids, one array per written column, and the guard's token and version.
    assert f"${len(event_columns.WRITTEN) + 3}::" in sql
    assert f"${len(event_columns.WRITTEN) + 4}" not in sql


def test_arrays_hold_each_events_values_encoded_for_their_columns() -> None:
    trigger_id, version = uuid4(), datetime(2026, 1, 1, tzinfo=UTC)
    events = [
        NewEvent(trigger_id, "a", TriggerKind.API, EventSource.API, {"é": 1}, idempotency_key="k"),
        NewEvent(
            None,
            "b",
            TriggerKind.SCHEDULED,
            EventSource.SCHEDULE,
            None,
            guard=TriggerGuard(trigger_id, "token", version),
        ),
    ]
    arrays = event_columns.insert_arrays([7, 8], events)
    by_column = dict(zip(("id", *event_columns.WRITTEN), arrays, strict=False))
    assert list(by_column["id"]) == [7, 8]
    assert list(by_column["kind"]) == ["API", "SCHEDULED"]
    assert list(by_column["source"]) == ["API", "SCHEDULE"]
    # JSON text as the standard library writes it; a null payload is JSON null, not SQL NULL.
    assert list(by_column["payload"]) == ['{"é":1}', "null"]
    assert list(by_column["idempotency_key"]) == ["k", None]
    assert arrays[-2:] == [[None, "token"], [None, version]]


def test_no_events_still_give_one_array_per_parameter() -> None:
    arrays = event_columns.insert_arrays([], [])
    assert len(arrays) == len(event_columns.WRITTEN) + 3
    assert all(len(array) == 0 for array in arrays)


def test_a_row_maps_by_position_to_the_record() -> None:
    fired_at = datetime(2026, 1, 1, tzinfo=UTC)
    row = {f.name: None for f in fields(StoredEvent)}
    row.update(id=3, trigger_name="t", kind="API", source="MANUAL", payload='{"a":1}')
    row.update(is_test=True, fired_at=fired_at)
    as_text = event_columns.stored_event(list(row.values()))
    assert isinstance(as_text.payload, RawJSON) and as_text.payload.text == '{"a":1}'
    assert (as_text.kind, as_text.source) == (TriggerKind.API, EventSource.MANUAL)
    decoded = event_columns.stored_event(list(row.values()), decoded=True)
    assert decoded == StoredEvent(
        3, None, "t", TriggerKind.API, EventSource.MANUAL, {"a": 1}, True, None, fired_at
    )
