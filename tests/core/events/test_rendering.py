"""The REST event: one JSON form for the hook answer, the export and deliveries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest

from core.events.records import StoredEvent
from core.events.rendering import render_event
from core.events.retention import EventStatus
from core.events.sources import EventSource
from core.triggers.kinds import TriggerKind

TRIGGER = UUID("12345678-1234-5678-1234-567812345678")


def event(**overrides: object) -> StoredEvent:
    values: dict[str, object] = {
        "id": 255,
        "trigger_id": TRIGGER,
        "trigger_name": "orders",
        "kind": TriggerKind.API,
        "source": EventSource.API,
        "payload": {"n": 1},
        "is_test": False,
        "scheduled_for": None,
        "fired_at": datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC),
    }
    values.update(overrides)
    return StoredEvent(**values)  # type: ignore[arg-type]


def test_an_event_renders_with_snake_case_keys_and_utc_times_ending_in_z() -> None:
    assert render_event(event(), status=EventStatus.ACTIVE) == {
        "id": "00000000000000ff",
        "trigger_id": "12345678-1234-5678-1234-567812345678",
        "trigger_name": "orders",
        "kind": "API",
        "source": "API",
        "status": "ACTIVE",
        "is_test": False,
        "payload": {"n": 1},
        "scheduled_for": None,
        "fired_at": "2026-12-08T01:02:03.456789Z",
    }


@pytest.mark.parametrize(
    ("overrides", "status", "expected"),
    [
        ({"trigger_id": None}, EventStatus.ACTIVE, {"trigger_id": None}),
        ({}, EventStatus.ARCHIVED, {"status": "ARCHIVED"}),
        ({}, None, {"status": None}),
        (
            {
                "kind": TriggerKind.SCHEDULED,
                "source": EventSource.SCHEDULE,
                "scheduled_for": datetime(2026, 12, 8, 1, 0, tzinfo=UTC),
            },
            EventStatus.ACTIVE,
            {"kind": "SCHEDULED", "source": "SCHEDULE", "scheduled_for": "2026-12-08T01:00:00Z"},
        ),
        # Stored times are UTC; another offset would be written as it is, not as Z.
        (
            {"fired_at": datetime(2026, 12, 8, 2, 0, tzinfo=timezone(timedelta(hours=1)))},
            EventStatus.ACTIVE,
            {"fired_at": "2026-12-08T02:00:00+01:00"},
        ),
        (
            {"is_test": True, "payload": None},
            EventStatus.ACTIVE,
            {"is_test": True, "payload": None},
        ),
    ],
)
def test_each_field_renders_in_the_one_form(
    overrides: dict[str, object], status: EventStatus | None, expected: dict[str, object]
) -> None:
    rendered = render_event(event(**overrides), status=status)
    assert {key: rendered[key] for key in expected} == expected
