"""Payload schemas as tables: what a schema accepts, what it refuses, and how it says so."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import ErrorCode
from core.payload_schema import compile_schema, is_long_form

SHORT = {
    "amount": "float",
    "currency": "str",
    "user_id": "int",
    "note": "str?",
    "tags": "list?",
    "meta": "dict?",
    "ok": "bool?",
}
BASE = {"amount": 1.5, "currency": "EUR", "user_id": 3}


def violations(schema: Any, payload: Any) -> list[tuple[tuple[str, ...], str]]:
    compiled = compile_schema(schema)
    assert not isinstance(compiled, list), compiled
    return [(v.path, v.message) for v in compiled.violations(payload)]


@pytest.mark.parametrize(
    "payload",
    [
        BASE,
        {**BASE, "amount": 2},  # an int is a valid float
        {**BASE, "note": None},  # optional may be null
        {**BASE, "note": "hi", "tags": [1, "a"], "meta": {"k": [1]}, "ok": False},
    ],
)
def test_short_form_accepts(payload: dict[str, Any]) -> None:
    assert violations(SHORT, payload) == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({**BASE, "amount": "1.5"}, [(("amount",), "amount: expected float, got str")]),
        ({**BASE, "amount": True}, [(("amount",), "amount: expected float, got bool")]),
        ({**BASE, "user_id": True}, [(("user_id",), "user_id: expected int, got bool")]),
        ({**BASE, "user_id": 1.0}, [(("user_id",), "user_id: expected int, got float")]),
        ({**BASE, "tags": {}}, [(("tags",), "tags: expected list, got dict")]),
        ({"amount": 1, "currency": "EUR"}, [(("user_id",), "user_id: required field missing")]),
        ({**BASE, "user_id": None}, [(("user_id",), "user_id: required field missing")]),
        (
            {**BASE, "zeta": 1, "alpha": 2},
            [
                (
                    ("alpha",),
                    "alpha: unknown field (allowed: amount, currency, user_id, note, tags, meta, ok)",
                ),
                (
                    ("zeta",),
                    "zeta: unknown field (allowed: amount, currency, user_id, note, tags, meta, ok)",
                ),
            ],
        ),
        ([BASE], [((), "expected a JSON object, got list")]),
        ("x", [((), "expected a JSON object, got str")]),
        (None, [((), "expected a JSON object, got null")]),
        (3, [((), "expected a JSON object, got int")]),
    ],
)
def test_short_form_refuses_with_precise_messages(
    payload: Any, expected: list[tuple[tuple[str, ...], str]]
) -> None:
    assert violations(SHORT, payload) == expected


def test_short_form_reports_every_violation_in_schema_order() -> None:
    found = violations(SHORT, {"amount": "x", "ok": 1, "extra": 0})
    assert [path for path, _ in found] == [
        ("amount",),
        ("currency",),
        ("user_id",),
        ("ok",),
        ("extra",),
    ]


LONG = {
    "type": "object",
    "properties": {
        "amount": {"type": "number", "minimum": 0},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}},
                "required": ["sku"],
            },
        },
    },
    "required": ["amount"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("payload", "paths"),
    [
        ({"amount": 3}, []),
        ({"amount": -1}, [("amount",)]),
        ({"amount": True}, [("amount",)]),
        ({}, [()]),
        (
            {"amount": 1, "items": [{"sku": "a"}, {"sku": 5}, {}]},
            [("items", "1", "sku"), ("items", "2")],
        ),
        ({"amount": "x", "extra": 1}, [(), ("amount",)]),
    ],
)
def test_long_form_lists_every_violation_with_its_path(
    payload: Any, paths: list[tuple[str, ...]]
) -> None:
    assert [path for path, _ in violations(LONG, payload)] == paths


@pytest.mark.parametrize(
    ("spec", "long"),
    [
        ({"type": "object"}, True),
        ({"type": ["object", "null"]}, True),
        ({"properties": {}}, True),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema"}, True),
        ({"type": "str"}, False),  # a short-form field that happens to be called "type"
        ({"amount": "float"}, False),
    ],
)
def test_form_detection(spec: dict[str, Any], long: bool) -> None:
    assert is_long_form(spec) is long


@pytest.mark.parametrize(
    ("spec", "field", "mentions"),
    [
        ({"amount": "flaot"}, ("apiSchema", "amount"), "unknown type 'flaot' for field 'amount'"),
        ({"amount": 5}, ("apiSchema", "amount"), "must be a type name"),
        ({"a": "int", "b": "integer"}, ("apiSchema", "b"), "unknown type 'integer'"),
        ({}, ("apiSchema",), "must not be empty"),
        ([], ("apiSchema",), "must be a JSON object"),
        ("str", ("apiSchema",), "must be a JSON object"),
        (
            {"type": "objekt", "$schema": "https://json-schema.org/draft/2020-12/schema"},
            ("apiSchema", "type"),
            "not a valid JSON Schema",
        ),
        ({"properties": 5}, ("apiSchema", "properties"), "not a valid JSON Schema"),
    ],
)
def test_bad_schemas_are_refused_on_save_naming_the_field(
    spec: Any, field: tuple[str, ...], mentions: str
) -> None:
    errors = compile_schema(spec)
    assert isinstance(errors, list)
    assert errors[0].code is ErrorCode.INVALID
    assert errors[0].field == field
    assert mentions in errors[0].message


def test_short_form_fields_keep_int_for_float_but_not_bool_for_int() -> None:
    assert violations({"n": "int"}, {"n": False}) == [(("n",), "n: expected int, got bool")]
    assert violations({"x": "float"}, {"x": 10**30}) == []
