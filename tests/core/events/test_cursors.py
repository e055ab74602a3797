"""Event cursors: what encode_cursor writes, EventCursor.decode reads back exactly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.events.pages import EventCursor, encode_cursor


@pytest.mark.parametrize(
    ("fired_at", "event_id"),
    [
        (datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC), 1),
        (datetime(2026, 11, 23, 12, 0, 0, 999_999, tzinfo=UTC), 2**63 - 1),
        (datetime(1970, 1, 1, tzinfo=UTC), 0),
        (datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=UTC), 7),  # before the epoch
        (datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC), 123456789),
    ],
)
def test_cursors_round_trip_to_the_microsecond(fired_at: datetime, event_id: int) -> None:
    raw = encode_cursor(fired_at, event_id)
    assert "=" not in raw and "+" not in raw and "/" not in raw  # URL-safe, unpadded
    assert EventCursor.decode(raw) == EventCursor(fired_at, event_id)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "!!!",
        "bm90IGEgY3Vyc29y",  # "not a cursor"
        "MTox" + "A" * 5000,  # "1:1" and then thousands of NUL bytes
        "5pel",  # valid UTF-8, not digits
        encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), 1)[:-2],  # cut short
        encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), 2**63),  # past the ids' int64
        encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), -1),
    ],
)
def test_anything_else_is_not_a_cursor(raw: str) -> None:
    assert EventCursor.decode(raw) is None
