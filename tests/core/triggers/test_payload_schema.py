"""Payload schemas as tables: what a schema accepts, what it refuses, and how it says so."""

from __future__ import annotations

import functools
import time
from typing import Any

import pytest
import referencing.exceptions
from jsonschema.validators import Draft202012Validator

from core.errors import ErrorCode
from core.triggers.json_schema import REGISTRY, safe_validator_class
from core.triggers.payload_schema import compile_schema, is_long_form
from tests.recording_endpoint import recording_endpoint

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
        ({"amount": "flaot"}, ("api_schema", "amount"), "unknown type 'flaot' for field 'amount'"),
        ({"amount": 5}, ("api_schema", "amount"), "must be a type name"),
        ({"a": "int", "b": "integer"}, ("api_schema", "b"), "unknown type 'integer'"),
        ({}, ("api_schema",), "must not be empty"),
        ([], ("api_schema",), "must be a JSON object"),
        ("str", ("api_schema",), "must be a JSON object"),
        (
            {"type": "objekt", "$schema": "https://json-schema.org/draft/2020-12/schema"},
            ("api_schema", "type"),
            "not a valid JSON Schema",
        ),
        ({"properties": 5}, ("api_schema", "properties"), "not a valid JSON Schema"),
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


# --- hostile schemas (issue 11) ------------------------------------------------------------------

NESTED_70 = functools.reduce(lambda inner, _: {"properties": {"a": inner}}, range(70), {})
EXPLODING = {
    "type": "object",
    "$defs": {
        **{
            f"d{i}": {"allOf": [{"$ref": f"#/$defs/d{i + 1}"}, {"$ref": f"#/$defs/d{i + 1}"}]}
            for i in range(30)
        },
        "d30": {"type": "string"},
    },
    "$ref": "#/$defs/d0",
}


@pytest.mark.parametrize(
    ("spec", "field", "mentions"),
    [
        pytest.param(
            {"properties": {"a": {"$ref": "http://127.0.0.1:8201/healthz"}}},
            ("api_schema", "properties", "a", "$ref"),
            "points outside this schema",
            id="remote-ref",
        ),
        pytest.param(
            {"properties": {"a": {"$ref": "file:///etc/passwd"}}},
            ("api_schema", "properties", "a", "$ref"),
            "points outside this schema",
            id="file-ref",
        ),
        pytest.param(
            {"properties": {"a": {"$ref": "other.json#/x"}}},
            ("api_schema", "properties", "a", "$ref"),
            "points outside this schema",
            id="relative-ref",
        ),
        pytest.param(
            {"properties": {"a": {"$dynamicRef": "https://example.com/s#meta"}}},
            ("api_schema", "properties", "a", "$dynamicRef"),
            "points outside this schema",
            id="remote-dynamic-ref",
        ),
        pytest.param(
            {"type": "object", "items": {"$ref": "https://example.com/x"}},
            ("api_schema", "items", "$ref"),
            "points outside this schema",
            id="remote-ref-under-items",
        ),
        pytest.param(
            {"properties": {"a": {"$ref": "#/$defs/missing"}}},
            ("api_schema", "properties", "a", "$ref"),
            "does not resolve",
            id="missing-definition",
        ),
        pytest.param(
            {"properties": {"a": {"$ref": "#nowhere"}}},
            ("api_schema", "properties", "a", "$ref"),
            "does not resolve",
            id="missing-anchor",
        ),
        pytest.param(
            # The $id makes "#/a" mean http://evil.example/#/a, which only a fetch could read.
            {
                "x": {"$id": "http://evil.example/", "$ref": "#/a"},
                "properties": {"a": {"$ref": "#/x"}},
            },
            ("api_schema", "x", "$ref"),
            "does not resolve",
            id="id-rebases-a-fragment-outside",
        ),
        pytest.param(
            {"properties": {"a": {"$schema": "http://json-schema.org/draft-07/schema#"}}},
            ("api_schema", "properties", "a", "$schema"),
            "only at the top",
            id="nested-schema-dialect",
        ),
        pytest.param(
            {"$schema": "http://127.0.0.1:8201/meta", "type": "object"},
            ("api_schema", "$schema"),
            "unknown $schema",
            id="non-standard-metaschema",
        ),
        pytest.param(
            {"$schema": ["x"], "type": "object"},
            ("api_schema", "$schema"),
            "unknown $schema",
            id="metaschema-not-a-string",
        ),
        pytest.param(
            {"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"},
            ("api_schema", "$schema"),
            "draft 3",
            id="draft-3",
        ),
        pytest.param(
            {"properties": {"a": {"pattern": "(a)\\1"}}},
            ("api_schema", "properties", "a", "pattern"),
            "RE2",
            id="backreference",
        ),
        pytest.param(
            {"properties": {"a": {"pattern": "a(?=b)"}}},
            ("api_schema", "properties", "a", "pattern"),
            "RE2",
            id="lookahead",
        ),
        pytest.param(
            {"type": "object", "patternProperties": {"(?<!x)y": {}}},
            ("api_schema", "patternProperties", "(?<!x)y"),
            "RE2",
            id="pattern-property-lookbehind",
        ),
        pytest.param(
            {"properties": {"a": {"pattern": "a" * 1001}}},
            ("api_schema", "properties", "a", "pattern"),
            "longer than 1000",
            id="pattern-too-long",
        ),
        pytest.param(
            {"type": "object", "patternProperties": {"^a": {}}, "unevaluatedProperties": False},
            ("api_schema", "unevaluatedProperties"),
            "cannot be combined with patternProperties",
            id="unevaluated-with-pattern-properties",
        ),
        pytest.param(NESTED_70, ("api_schema",), "deeper than 64", id="too-deep"),
        pytest.param(
            {"properties": {f"p{i}": {"type": "string"} for i in range(2_500)}},
            ("api_schema",),
            "more than 5000 JSON values",
            id="too-many-nodes",
        ),
        pytest.param(
            {"type": "object", "$ref": "#"}, ("api_schema",), "too costly", id="ref-cycle"
        ),
        pytest.param(EXPLODING, ("api_schema",), "too costly", id="exponential-allof"),
    ],
)
def test_hostile_schemas_are_refused_on_save_naming_the_field(
    spec: dict[str, Any], field: tuple[str, ...], mentions: str
) -> None:
    errors = compile_schema(spec)
    assert isinstance(errors, list), "accepted"
    assert (errors[0].code, errors[0].field) == (ErrorCode.INVALID, field)
    assert mentions in errors[0].message


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(
            {"$defs": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/s"}}},
            id="local-definition",
        ),
        pytest.param(
            {
                "$defs": {"s": {"$anchor": "s", "type": "string"}},
                "properties": {"a": {"$ref": "#s"}},
            },
            id="anchor",
        ),
        pytest.param(
            {
                "$id": "https://example.com/order.json",
                "$defs": {"s": {"type": "string"}},
                "properties": {"a": {"$ref": "#/$defs/s"}},
            },
            id="root-id-with-fragment-refs",
        ),
        pytest.param(
            {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "definitions": {"s": {"type": "string"}},
                "properties": {"a": {"$ref": "#/definitions/s"}},
            },
            id="draft-7-definitions",
        ),
        pytest.param({"properties": {"$ref": {"type": "string"}}}, id="property-named-ref"),
        pytest.param(
            {"properties": {"a": {"enum": [{"$ref": "http://example.com"}]}}}, id="ref-in-data"
        ),
        pytest.param(
            {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#"}}},
            },
            id="recursive-tree",
        ),
    ],
)
def test_self_contained_schemas_are_accepted(spec: dict[str, Any]) -> None:
    assert not isinstance(compile_schema(spec), list)


def test_references_resolve_inside_the_document() -> None:
    spec = {"$defs": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/s"}}}
    assert violations(spec, {"a": "x"}) == []
    assert [path for path, _ in violations(spec, {"a": 1})] == [("a",)]


def test_validation_never_retrieves_even_a_schema_that_skipped_the_save_check() -> None:
    with recording_endpoint() as endpoint:
        spec = {"properties": {"a": {"$ref": endpoint.url}}}
        validator = safe_validator_class(Draft202012Validator)(spec, registry=REGISTRY)
        with pytest.raises(referencing.exceptions.Unresolvable):
            list(validator.iter_errors({"a": {}}))
    assert endpoint.requests == []


def test_a_refused_remote_ref_is_never_fetched_on_save() -> None:
    with recording_endpoint() as endpoint:
        assert isinstance(compile_schema({"properties": {"a": {"$ref": endpoint.url}}}), list)
    assert endpoint.requests == []


REDOS = {"properties": {"a": {"pattern": "^(a+)+$"}}}


@pytest.mark.parametrize("length", [26, 1_000, 200_000])
def test_backtracking_pattern_runs_in_linear_time(length: int) -> None:
    started = time.perf_counter()
    found = violations(REDOS, {"a": "a" * length + "!"})
    assert time.perf_counter() - started < 0.5
    assert [path for path, _ in found] == [("a",)]


def test_messages_quote_huge_values_in_part() -> None:
    [(_, message)] = violations(REDOS, {"a": "a" * 200_000 + "!"})
    assert len(message) < 400
    assert message.startswith("'aaa") and message.endswith("does not match '^(a+)+$'")


def test_violations_are_listed_up_to_a_hundred() -> None:
    found = violations({"type": "array", "items": {"type": "string"}}, list(range(50_000)))
    assert len(found) == 101
    assert found[-1] == ((), "more violations not listed (the first 100 are)")


def test_backtracking_pattern_still_matches() -> None:
    assert violations(REDOS, {"a": "a" * 30}) == []


def test_backtracking_pattern_property_runs_in_linear_time() -> None:
    spec = {
        "type": "object",
        "patternProperties": {"^(a+)+$": {"type": "integer"}},
        "additionalProperties": False,
    }
    started = time.perf_counter()
    found = violations(spec, {"a" * 30 + "!": 1, "aaa": "x"})
    assert time.perf_counter() - started < 0.5
    assert sorted(path for path, _ in found) == [(), ("aaa",)]


def test_unique_items_is_not_quadratic() -> None:
    # CPU time, not wall time: the suite shares its cores, and a quadratic check of 50,000 items
    # (1.25e9 comparisons) would spend minutes of CPU where a linear one spends a fraction of one.
    started = time.process_time()
    assert (
        violations({"type": "array", "uniqueItems": True}, [{"i": i} for i in range(50_000)]) == []
    )
    assert time.process_time() - started < 10


@pytest.mark.parametrize(
    ("items", "unique"),
    [
        ([1, 1.0], False),
        ([1, True], True),
        ([0, False], True),
        ([{"a": [1, {"b": 2}]}, {"a": [1, {"b": 2.0}]}], False),
        ([[1, 2], [2, 1]], True),
        ([None, "null"], True),
    ],
)
def test_unique_items_follows_json_equality(items: list[Any], unique: bool) -> None:
    assert (violations({"type": "array", "uniqueItems": True}, items) == []) is unique


def test_validation_that_explodes_with_the_payload_is_cut_off() -> None:
    # Both branches of each anyOf descend into the same property and fail at the bottom:
    # 2^depth checks for a single violation.
    spec = {
        "type": "object",
        "$defs": {
            "n": {"anyOf": [{"$ref": "#/$defs/m"}, {"$ref": "#/$defs/m"}]},
            "m": {"type": "object", "properties": {"a": {"$ref": "#/$defs/n"}}},
        },
        "$ref": "#/$defs/n",
    }
    payload = functools.reduce(lambda inner, _: {"a": inner}, range(40), {"a": 1})
    compiled = compile_schema(spec)
    assert not isinstance(compiled, list)
    started = time.perf_counter()
    found = compiled.violations(payload, seconds=0.2)
    # Uncut, this validation doubles with each of 40 levels; the margin is for a loaded machine.
    assert time.perf_counter() - started < 5
    assert [(v.path, "too costly" in v.message) for v in found] == [((), True)]


# ---- every answer is bounded, whatever the input (issue 18) ------------------------------------

MANY_UNKNOWN = {f"k{n:05d}": n for n in range(50_000)}
HUGE_NAME = "n" * 200_000


@pytest.mark.parametrize(
    ("schema", "payload"),
    [
        pytest.param(SHORT, {**BASE, **MANY_UNKNOWN}, id="short form, 50,000 unknown fields"),
        pytest.param(
            {f"f{n}": "int" for n in range(50_000)}, {}, id="short form, 50,000 missing fields"
        ),
        pytest.param(
            {"type": "object", "additionalProperties": {"type": "string"}},
            MANY_UNKNOWN,
            id="long form, 50,000 wrong fields",
        ),
    ],
)
def test_violations_are_listed_up_to_a_hundred_in_both_forms(schema: Any, payload: Any) -> None:
    compiled = compile_schema(schema)
    assert not isinstance(compiled, list), compiled
    # The count bound, not the time bound (tested above): a loaded machine (xdist, CI) must not
    # turn the list into "too costly".
    found = [(v.path, v.message) for v in compiled.violations(payload, seconds=60)]
    assert len(found) == 101
    assert found[-1] == ((), "more violations not listed (the first 100 are)")


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(SHORT, id="short form"),
        pytest.param(
            {"type": "object", "additionalProperties": {"type": "integer"}}, id="long form"
        ),
    ],
)
def test_a_huge_payload_key_is_quoted_in_part(schema: Any) -> None:
    found = violations(schema, {**BASE, HUGE_NAME: "x"})
    assert found, "the key is refused"
    for path, message in found:
        assert len(message) <= 400
        assert all(len(part) <= 110 for part in path)


def test_a_short_schema_with_many_bad_fields_gets_at_most_a_hundred_errors() -> None:
    errors = compile_schema({f"f{n}": "integer" for n in range(50_000)})
    assert isinstance(errors, list)
    assert len(errors) == 101
    assert errors[-1].message == "more violations not listed (the first 100 are)"


def test_a_short_schema_error_quotes_a_huge_name_in_part() -> None:
    errors = compile_schema({HUGE_NAME: "integer", "b": 5})
    assert isinstance(errors, list)
    assert len(errors) == 2
    for error in errors:
        assert len(error.message) <= 400
        assert all(len(part) <= 110 for part in error.field or ())
