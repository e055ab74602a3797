"""payloadContains: hostile patterns are refused with a message, good ones become canonical JSON
(what Postgres then matches is tested against the database in tests/api/test_graphql_event_filters.py)."""

from __future__ import annotations

import pytest

from core.events.payload_filter import MAX_BYTES, payload_contains, payload_filter


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


# Each row's answer is what Postgres gives for `payload::jsonb @> pattern::jsonb` (checked with
# psql when the table was written): live events are matched in Python, pages in SQL, and a
# dashboard must see the same events either way.
@pytest.mark.parametrize(
    ("payload", "pattern", "contained"),
    [
        ({"a": 1, "b": 2}, {"a": 1}, True),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ({"a": 1}, {}, True),
        ({"a": {"b": [1, 2, 3]}}, {"a": {"b": [3, 1]}}, True),
        ({"a": {"b": [1, 2]}}, {"a": {"b": [4]}}, False),
        ({"a": [1, 2]}, {"a": 1}, False),
        ({"a": 1}, {"a": 1.0}, True),
        ({"a": 1}, {"a": "1"}, False),
        ({"a": True}, {"a": 1}, False),
        ({"a": 1}, {"a": True}, False),
        ({"a": None}, {"a": None}, True),
        ({"b": None}, {"a": None}, False),
        ([1, 2, 3], [3, 1, 1], True),
        ([1, [2, 3]], [[3]], True),
        ([1, [2, 3]], [3], False),
        ([{"a": 1, "b": 2}, 5], [{"a": 1}], True),
        ([{"a": 1}], {"a": 1}, False),
        ({"a": 1}, [{"a": 1}], False),
        ("x", ["x"], False),
        ({"currency": "EUR", "amount": 5}, {"currency": "EUR"}, True),
        ({"currency": "EUR"}, {"currency": "eur"}, False),
        ({"a": {"b": {}}}, {"a": {}}, True),
        ({"a": []}, {"a": {}}, False),
        ({"a": [[]]}, {"a": [[]]}, True),
        ([1, 2], 1, True),
        (["x"], "x", True),
        ([[1]], [1], False),
    ],
)
def test_containment_is_postgres_jsonb_containment(
    payload: object, pattern: object, contained: bool
) -> None:
    assert payload_contains(payload, pattern) is contained
