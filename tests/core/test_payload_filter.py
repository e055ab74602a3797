"""payloadContains: the Python containment (SQLite) agrees with Postgres's jsonb @> case by case,
and hostile patterns are refused."""

from __future__ import annotations

import json
import os

import asyncpg
import pytest

from core.payload_filter import MAX_BYTES, contains, payload_filter

CASES = [
    ({"a": 1, "b": 2}, {"a": 1}),
    ({"a": 1}, {"a": 1.0}),
    ({"a": 1}, {"a": "1"}),
    ({"a": True}, {"a": 1}),
    ({"a": None}, {"a": None}),
    ({"a": {"b": {"c": 3, "d": 4}}}, {"a": {"b": {"c": 3}}}),
    ({"a": {"b": 1}}, {"b": 1}),
    ({"tags": ["x", "y", "z"]}, {"tags": ["z", "x"]}),
    ({"tags": ["x", "y"]}, {"tags": "x"}),
    ({"tags": ["x"]}, {"tags": ["x", "x"]}),
    ({"tags": [["x", "y"], "z"]}, {"tags": [["y"]]}),
    ({"tags": [{"k": 1, "v": 2}]}, {"tags": [{"k": 1}]}),
    ({"a": []}, {"a": []}),
    ({"a": [1]}, {"a": {}}),
    ({"a": 1}, {}),
    ([1, 2, {"a": 3}], [{"a": 3}, 1]),
    ([1, 2], [3]),
    ({"a": 1}, []),
    ([], {}),
    ("text", {}),
    (None, {"a": 1}),
]


@pytest.mark.parametrize(("document", "pattern"), CASES)
async def test_containment_agrees_with_postgres(document: object, pattern: object) -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    try:
        conn = await asyncpg.connect(url, timeout=3)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.skip(f"Postgres unreachable: {error}")
    try:
        expected = await conn.fetchval(
            "SELECT $1::jsonb @> $2::jsonb", json.dumps(document), json.dumps(pattern)
        )
    finally:
        await conn.close()
    assert contains(document, pattern) is expected


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
