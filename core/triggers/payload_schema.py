"""API trigger payload schemas: the short form and full JSON Schema, checked on save and on fire.

Short form: {"amount": "float", "currency": "str", "note": "str?"}; types str int float bool
list dict, "?" for optional (absent or null). An int is a valid float; a bool is neither; fields
not in the schema are rejected. Long form: a JSON Schema object, recognised by "$schema",
"properties", or a "type" whose value is a JSON Schema type name (so a short-form field called
"type", such as {"type": "str"}, stays short form).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

from core.errors import UserError, invalid
from core.triggers.json_schema import (
    REGISTRY,
    VALIDATION_SECONDS_INLINE,
    SchemaProblem,
    ValidationTooCostly,
    check_document,
    run_metered,
    strip_dialect,
    trial_problem,
)

SHORT_TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "dict": lambda v: isinstance(v, dict),
}
JSON_SCHEMA_TYPES = {"object", "array", "string", "number", "integer", "boolean", "null"}
FIELD = "api_schema"


@dataclass(frozen=True, slots=True)
class Violation:
    path: tuple[str, ...]
    message: str


class PayloadSchema(Protocol):
    def violations(
        self, payload: object, *, seconds: float = VALIDATION_SECONDS_INLINE
    ) -> list[Violation]:
        """Every way `payload` breaks the schema; `seconds` bounds the work (long form)."""
        ...


def json_type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class _ShortField:
    name: str
    type_name: str
    optional: bool
    check: Callable[[Any], bool]


class ShortSchema:
    def __init__(self, fields: list[_ShortField]) -> None:
        self._fields = fields
        self._names = frozenset(f.name for f in fields)
        self._allowed = ", ".join(f.name for f in fields)

    def violations(
        self, payload: object, *, seconds: float = VALIDATION_SECONDS_INLINE
    ) -> list[Violation]:
        if not isinstance(payload, dict):
            return [Violation((), f"expected a JSON object, got {json_type_name(payload)}")]
        return bounded(self._each_violation(payload))

    def _each_violation(self, payload: dict[str, Any]) -> Iterator[Violation]:
        for field in self._fields:
            if field.name not in payload or payload[field.name] is None:
                if not field.optional:
                    yield Violation((field.name,), f"{field.name}: required field missing")
                continue
            value = payload[field.name]
            if not field.check(value):
                yield Violation(
                    (field.name,),
                    f"{field.name}: expected {field.type_name}, got {json_type_name(value)}",
                )
        extras = (k for k in payload if k not in self._names)
        for extra in heapq.nsmallest(VIOLATIONS_MAX + 1, extras):
            yield Violation((extra,), f"{extra}: unknown field (allowed: {self._allowed})")


class JsonSchema:
    def __init__(self, validator: Any) -> None:
        self._validator = validator

    def violations(
        self, payload: object, *, seconds: float = VALIDATION_SECONDS_INLINE
    ) -> list[Violation]:
        def first_errors() -> list[Any]:
            return list(islice(self._validator.iter_errors(payload), VIOLATIONS_MAX + 1))

        try:
            errors = run_metered(seconds, first_errors)
        except ValidationTooCostly:
            return [_too_costly(f"more than {seconds:g} s")]
        except RecursionError:
            return [_too_costly("nested too deep")]
        found = sorted(
            (
                Violation(tuple(str(p) for p in error.absolute_path), error.message)
                for error in errors
            ),
            key=lambda v: v.path,
        )
        return bounded(found)


MESSAGE_MAX_CHARS = 300
# A payload key is quoted back in a path; a 256 KiB key would make a 256 KiB path.
NAME_MAX_CHARS = 100
# A 256 KiB array of wrong items made 128,000 violations, a 10 MB answer: the first ones suffice.
# Both forms, and a schema's own errors on save, list at most this many (issue 18).
VIOLATIONS_MAX = 100


def bounded(found: Iterable[Violation]) -> list[Violation]:
    """At most VIOLATIONS_MAX violations, each of bounded size, and a note when more exist."""
    first = list(islice(found, VIOLATIONS_MAX + 1))
    listed = [
        Violation(tuple(shortened(p, NAME_MAX_CHARS) for p in v.path), shortened(v.message))
        for v in first[:VIOLATIONS_MAX]
    ]
    if len(first) > VIOLATIONS_MAX:
        listed.append(Violation((), f"more violations not listed (the first {VIOLATIONS_MAX} are)"))
    return listed


def shortened(text: str, limit: int = MESSAGE_MAX_CHARS) -> str:
    """jsonschema quotes the whole offending value: a 256 KiB string made a 256 KiB message.
    Both ends stay, as the end says what was expected."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} ... {text[-half:]}"


def _too_costly(why: str) -> Violation:
    return Violation((), f"payload is too costly to check against this schema ({why})")


def is_long_form(spec: Mapping[str, Any]) -> bool:
    if "$schema" in spec or "properties" in spec:
        return True
    declared = spec.get("type")
    return isinstance(declared, list) or declared in JSON_SCHEMA_TYPES


def compile_schema(spec: object) -> PayloadSchema | list[UserError]:
    if not isinstance(spec, dict):
        return [invalid(f"apiSchema must be a JSON object, got {json_type_name(spec)}", FIELD)]
    if not spec:
        return [invalid("apiSchema must not be empty: name at least one field", FIELD)]
    if is_long_form(spec):
        return _compile_long(spec)
    return _compile_short(spec)


def _compile_short(spec: dict[str, Any]) -> PayloadSchema | list[UserError]:
    fields: list[_ShortField] = []
    problems: list[Violation] = []
    choices = ", ".join(SHORT_TYPES)
    for name, declared in spec.items():
        if not name:
            problems.append(Violation((), "field names must not be empty"))
            continue
        quoted = shortened(repr(name), NAME_MAX_CHARS)
        if not isinstance(declared, str):
            problems.append(
                Violation(
                    (name,),
                    f"type of field {quoted} must be a type name string, got {json_type_name(declared)}",
                )
            )
            continue
        optional = declared.endswith("?")
        base = declared.removesuffix("?")
        check = SHORT_TYPES.get(base)
        if check is None:
            problems.append(
                Violation(
                    (name,),
                    f"unknown type {shortened(repr(declared), NAME_MAX_CHARS)} for field {quoted}; "
                    f"use one of {choices} (add ? for optional)",
                )
            )
            continue
        fields.append(_ShortField(name, base, optional, check))
    if problems:
        return [invalid(v.message, FIELD, *v.path) for v in bounded(problems)]
    return ShortSchema(fields)


def _compile_long(spec: dict[str, Any]) -> PayloadSchema | list[UserError]:
    try:
        validator_class = check_document(spec)
    except SchemaProblem as problem:
        return [invalid(problem.message, FIELD, *problem.path)]
    # No retrieval, ever: the registry refuses anything outside the document.
    validator = validator_class(strip_dialect(spec), registry=REGISTRY)
    costly = trial_problem(validator)
    if costly:
        return [invalid(costly, FIELD)]
    return JsonSchema(validator)
