"""The events filter `payloadContains`: which patterns a caller may ask for. Pure.

Postgres evaluates the containment itself (jsonb `@>`, core/storage/event_reads.py); a pattern
it could not take (NUL, lone surrogates, NaN) would be a server error there, so it is refused
here with a message instead.
"""

from __future__ import annotations

import json

from core.errors import UserError, invalid
from core.triggers.storable_json import find_unstorable

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


def payload_contains(payload: object, pattern: object) -> bool:
    """Whether `payload` contains `pattern` as Postgres's jsonb `@>` decides it, for live events
    the hub already holds (a query per event per subscriber would cost more than the event):
    objects contain objects key by key, arrays contain arrays element by element in any order,
    scalars are equal, and, at the top level only, an array contains a scalar it holds."""
    if isinstance(payload, list) and not isinstance(pattern, dict | list):
        return any(_scalar_equal(item, pattern) for item in payload)
    return _contains(payload, pattern)


def _contains(value: object, pattern: object) -> bool:
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and _contains(value[key], wanted) for key, wanted in pattern.items()
        )
    if isinstance(pattern, list):
        return isinstance(value, list) and all(
            any(_contains(item, wanted) for item in value) for wanted in pattern
        )
    return _scalar_equal(value, pattern)


def _scalar_equal(value: object, pattern: object) -> bool:
    if isinstance(value, dict | list) or isinstance(pattern, dict | list):
        return False
    # JSON's true is not its 1 (Python's True == 1); numbers compare by value (1 = 1.0).
    if isinstance(value, bool) or isinstance(pattern, bool):
        return value is pattern
    return value == pattern
