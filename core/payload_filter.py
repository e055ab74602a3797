"""The events filter `payloadContains`: JSON containment, as Postgres's jsonb `@>` defines it.

On Postgres the database evaluates it (`payload @> $1::jsonb`, through a GIN index); `contains`
below is the same rule for SQLite, where the embedded single-user setup filters in Python.
"""

from __future__ import annotations

import json

from core.errors import UserError, invalid
from core.json_values import find_unstorable

# A filter is typed by a person or built by a dashboard: a few keys. Bounded so that one
# request cannot make the database match against megabytes of pattern.
MAX_BYTES = 4096
MAX_DEPTH = 16


def payload_filter(value: object, *field: str) -> str | list[UserError]:
    """The pattern as canonical JSON text, or why it is refused."""
    if not isinstance(value, dict | list):
        return [
            invalid(
                'payloadContains must be a JSON object or array, e.g. {"currency": "EUR"}', *field
            )
        ]
    unstorable = find_unstorable(value, max_depth=MAX_DEPTH)
    if unstorable is not None:
        return [invalid(f"payloadContains: {unstorable.message}", *field)]
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    if len(text.encode()) > MAX_BYTES:
        return [invalid(f"payloadContains must be at most {MAX_BYTES} bytes of JSON", *field)]
    return text


def contains(document: object, pattern: object) -> bool:
    """jsonb `@>`: objects contain objects whose every key they have with a contained value,
    arrays contain arrays whose every element some element of theirs contains, scalars contain
    equal scalars. (Postgres's one special case, a top-level array containing a scalar, needs a
    scalar pattern, which payload_filter refuses.)"""
    if isinstance(pattern, dict):
        return isinstance(document, dict) and all(
            key in document and contains(document[key], value) for key, value in pattern.items()
        )
    if isinstance(pattern, list):
        return isinstance(document, list) and all(
            any(contains(element, wanted) for element in document) for wanted in pattern
        )
    if isinstance(document, list):
        return False
    return _same_scalar(document, pattern)


def _same_scalar(a: object, b: object) -> bool:
    # JSON has one number type (1 and 1.0 are equal in jsonb); booleans are not numbers.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b
