"""payloadContains: hostile patterns are refused with a message, good ones become canonical JSON
(what Postgres then matches is tested against the database in tests/api/test_graphql_event_filters.py)."""

from __future__ import annotations

import pytest

from core.events.payload_filter import MAX_BYTES, payload_filter


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("EUR", "object or array"),
        (1, "object or array"),
        (None, "object or array"),
        ({"k": "x" * MAX_BYTES}, f"at most {MAX_BYTES} bytes"),
        ({"k\u0000": 1}, "NUL"),
        ({"k": float("nan")}, "not JSON"),
        ({"k": "\ud800"}, "surrogate"),
    ],
)
def test_hostile_patterns_are_refused(value: object, message: str) -> None:
    refused = payload_filter(value, "payloadContains")
    assert isinstance(refused, list)
    assert message in refused[0].message
    assert refused[0].field == ("payloadContains",)


def test_a_pattern_becomes_canonical_json() -> None:
    assert payload_filter({"b": 1, "a": ["é"]}) == '{"a":["é"],"b":1}'
