"""Long-form payload schemas (JSON Schema), made safe to accept from any caller with a write key.

A schema document must be self-contained (every `$ref` resolves inside it, and validation can
never open a URL or a file), small, and its regular expressions run on RE2, whose matching time is
linear in the input: Python's `re` backtracks, and `^(a+)+$` against 30 characters takes seconds
(issue 11). Validation itself is metered, so that no schema and payload pair can hold a worker
for long; the costs that metering cannot see inside one keyword (`uniqueItems`) are replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from time import perf_counter
from typing import Any

import re2  # type: ignore[import-untyped]
import referencing
import referencing.exceptions
import referencing.jsonschema
from jsonschema import validators
from jsonschema.exceptions import SchemaError, ValidationError

# Bounds on the document: far above hand-written schemas (200 described fields are ~1,000
# values), and what keeps a save under a second: the metaschema check's cost grows with each value.
MAX_DEPTH = 64
MAX_NODES = 5_000
PATTERN_MAX_CHARS = 1_000
# Validation time: a schema that multiplies work (allOf/oneOf over the same recursive $ref) can
# take exponential time in the payload's depth, which no size bound on either prevents. Small
# payloads are checked on the event loop and get the short budget; big ones run in a thread.
VALIDATION_SECONDS_INLINE = 0.1
VALIDATION_SECONDS_MAX = 2.0
# A save tries the schema on a few tiny payloads with far less room: work that explodes
# without any payload to descend into is refused at once instead of on every fire.
TRIAL_SECONDS = 0.05
# The clock is read once per this many keyword evaluations, not after each cheap one.
STEPS_PER_CLOCK_READ = 32
TRIAL_PAYLOADS: tuple[object, ...] = (None, True, 0, "", [], {})

REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
# Keyword values that are data, not schemas: a "$ref" key inside them is just a key.
DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples", "required"})
# Keyword values that map names (not keywords) to subschemas.
MAP_KEYWORDS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
# Drafts whose identifier and applicator keywords this module knows (draft 3 differs in both).
SUPPORTED_DRAFTS = (
    validators.Draft4Validator,
    validators.Draft6Validator,
    validators.Draft7Validator,
    validators.Draft201909Validator,
    validators.Draft202012Validator,
)


class SchemaProblem(Exception):
    """Why a schema document is refused, and where: path of keys from the document root."""

    def __init__(self, message: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class ValidationTooCostly(Exception):
    pass


class RetrievalRefused(Exception):
    pass


def _refuse_retrieval(uri: str) -> referencing.Resource[Any]:
    # Reached only for a reference outside the document, which a save refuses: a schema stored
    # before that check existed still cannot make validation fetch anything.
    raise RetrievalRefused(uri)


# mypy's attrs support does not see the `retrieve` alias of Registry's `_retrieve` field.
REGISTRY: referencing.Registry[Any] = referencing.Registry(retrieve=_refuse_retrieval)  # type: ignore[call-arg]


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> Any:
    options = re2.Options()
    options.log_errors = False
    # ECMA-262 (JSON Schema's dialect) and RE2 agree on the common syntax; what RE2 lacks
    # (backreferences, lookaround) is refused on save rather than approximated.
    return re2.compile(pattern, options)


def _search(pattern: str, text: str) -> bool:
    return _regex(pattern).search(text) is not None


def regex_problem(pattern: str) -> str | None:
    if len(pattern) > PATTERN_MAX_CHARS:
        return f"regular expression longer than {PATTERN_MAX_CHARS} characters"
    try:
        _regex(pattern)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode(errors="replace")
        return (
            f"regular expression {pattern!r} is not supported: {reason} (patterns run on RE2: "
            "no backreferences or lookaround)"
        )
    return None


# --- keywords replaced with RE2 and linear-time versions -------------------------------------


def _pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _search(patrn, instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(
    validator: Any, additional: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = {
        key
        for key in instance
        if key not in properties and not any(_search(p, key) for p in patterns)
    }
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        joined = ", ".join(repr(each) for each in sorted(extras))
        if patterns:
            verb = "does" if len(extras) == 1 else "do"
            listed = ", ".join(repr(each) for each in sorted(patterns))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")
        else:
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(
                f"Additional properties are not allowed ({joined} {verb} unexpected)"
            )


def _canonical(value: Any) -> Any:
    """A hashable stand-in equal exactly when JSON Schema calls two values equal (1 == 1.0,
    true != 1)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _canonical(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def _unique_items(
    validator: Any, unique: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    # jsonschema compares unsortable items pairwise: quadratic in a 256 KiB array of objects.
    if (
        unique
        and validator.is_type(instance, "array")
        and len({_canonical(item) for item in instance}) != len(instance)
    ):
        yield ValidationError(f"{instance!r} has non-unique elements")


REPLACED: dict[str, Callable[..., Iterator[ValidationError]]] = {
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "uniqueItems": _unique_items,
}


@dataclass(slots=True)
class _Budget:
    deadline: float
    steps: int = 0


_budget: ContextVar[_Budget | None] = ContextVar("schema_validation_budget", default=None)


def _metered(keyword: Callable[..., Any]) -> Callable[..., Any]:
    def run(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        budget = _budget.get()
        if budget is not None:
            budget.steps += 1
            if budget.steps % STEPS_PER_CLOCK_READ == 0 and perf_counter() > budget.deadline:
                raise ValidationTooCostly
        return keyword(validator, value, instance, schema)

    return run


@cache
def safe_validator_class(base: Any) -> Any:
    keywords = {name: REPLACED.get(name, fn) for name, fn in base.VALIDATORS.items()}
    metered = {name: _metered(fn) for name, fn in keywords.items()}
    return validators.extend(base, metered)  # type: ignore[no-untyped-call]


# --- the document checks run on save -----------------------------------------------------------


@dataclass(slots=True)
class _Walk:
    specification: referencing.Specification[Any]
    unevaluated_properties_at: tuple[str, ...] | None = None
    pattern_properties_at: tuple[str, ...] | None = None


def check_document(spec: dict[str, Any]) -> Any:
    """The safe validator class for `spec`, or SchemaProblem naming the offending path."""
    base = _base_class(spec)
    _check_size(spec)
    try:
        base.check_schema(spec)
    except SchemaError as error:
        path = tuple(str(p) for p in error.absolute_path)
        raise SchemaProblem(f"not a valid JSON Schema: {error.message}", path) from None
    walk = _Walk(referencing.jsonschema.specification_with(base.ID_OF(base.META_SCHEMA)))
    resolver = REGISTRY.resolver_with_root(walk.specification.create_resource(spec))
    _check_node(spec, (), resolver, walk)
    if walk.unevaluated_properties_at is not None and walk.pattern_properties_at is not None:
        # jsonschema matches patterns for unevaluatedProperties with Python's re, out of reach.
        raise SchemaProblem(
            "unevaluatedProperties cannot be combined with patternProperties; "
            "use additionalProperties",
            walk.unevaluated_properties_at,
        )
    return safe_validator_class(base)


def _base_class(spec: dict[str, Any]) -> Any:
    if "$schema" not in spec:
        return validators.Draft202012Validator
    dialect = spec["$schema"]
    known = isinstance(dialect, str)
    # default=None: an unknown $schema is refused, not validated as the latest draft.
    base = validators.validator_for(spec, default=None) if known else None  # type: ignore[arg-type]
    if base is None:
        raise SchemaProblem(
            f"unknown $schema {dialect!r}: use a JSON Schema draft's own URL, such as "
            "https://json-schema.org/draft/2020-12/schema, or leave $schema out",
            ("$schema",),
        )
    if base not in SUPPORTED_DRAFTS:
        raise SchemaProblem(
            "JSON Schema draft 3 is not supported: use draft 4 or later", ("$schema",)
        )
    return base


def _check_size(spec: object) -> None:
    nodes = 0
    stack: list[tuple[object, int]] = [(spec, 1)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise SchemaProblem(f"schema is too large: more than {MAX_NODES} JSON values")
        if depth > MAX_DEPTH:
            raise SchemaProblem(f"schema nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _check_node(node: object, path: tuple[str, ...], resolver: Any, walk: _Walk) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _check_node(item, (*path, str(index)), resolver, walk)
        return
    if not isinstance(node, dict):
        return
    if path and "$schema" in node:
        # A nested $schema would switch validation to jsonschema's own class, whose `pattern`
        # runs on Python's re.
        raise SchemaProblem("$schema is allowed only at the top of the schema", (*path, "$schema"))
    resolver = resolver.in_subresource(walk.specification.create_resource(node))
    for keyword in REF_KEYWORDS:
        ref = node.get(keyword)
        if isinstance(ref, str):
            _check_reference(ref, (*path, keyword), resolver)
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        _check_regex(pattern, (*path, "pattern"))
    if "unevaluatedProperties" in node and walk.unevaluated_properties_at is None:
        walk.unevaluated_properties_at = (*path, "unevaluatedProperties")
    for keyword, value in node.items():
        if keyword in DATA_KEYWORDS:
            continue
        here = (*path, keyword)
        if keyword in MAP_KEYWORDS and isinstance(value, dict):
            if keyword == "patternProperties":
                walk.pattern_properties_at = here
                for name in value:
                    _check_regex(name, (*here, name))
            for name, subschema in value.items():
                _check_node(subschema, (*here, name), resolver, walk)
        else:
            # Unknown keywords too: a "$ref" can point into them with a JSON pointer.
            _check_node(value, here, resolver, walk)


def _check_reference(ref: str, path: tuple[str, ...], resolver: Any) -> None:
    if not ref.startswith("#"):
        raise SchemaProblem(
            f"{path[-1]} {ref!r} points outside this schema: references must start with # "
            "(such as #/$defs/name); schemas are self-contained and nothing is fetched",
            path,
        )
    try:
        resolver.lookup(ref)
    except referencing.exceptions.Unresolvable:
        raise SchemaProblem(
            f"{path[-1]} {ref!r} does not resolve to anything in this schema", path
        ) from None


def _check_regex(pattern: str, path: tuple[str, ...]) -> None:
    problem = regex_problem(pattern)
    if problem:
        raise SchemaProblem(problem, path)


def run_metered(seconds: float, validate: Callable[[], list[Any]]) -> list[Any]:
    """validate(), raising ValidationTooCostly once it has run for `seconds`."""
    token = _budget.set(_Budget(deadline=perf_counter() + seconds))
    try:
        return validate()
    finally:
        _budget.reset(token)


def trial_problem(validator: Any) -> str | None:
    """Validation that explodes or recurses forever on a tiny payload will on every fire."""
    deadline = perf_counter() + TRIAL_SECONDS
    for payload in TRIAL_PAYLOADS:

        def check(payload: object = payload) -> list[Any]:
            return list(validator.iter_errors(payload))

        try:
            run_metered(max(deadline - perf_counter(), 0.0), check)
        except ValidationTooCostly:
            return (
                "schema is too costly to check even on a tiny payload: "
                "nested allOf/anyOf/oneOf over the same $ref?"
            )
        except RecursionError:
            return (
                "schema is too costly to check even on a tiny payload: "
                "a $ref cycle that never descends into the payload?"
            )
    return None


def strip_dialect(spec: Mapping[str, Any]) -> dict[str, Any]:
    # A $ref to "#" re-reads the root; with $schema there, jsonschema would switch classes.
    return {k: v for k, v in spec.items() if k != "$schema"}
