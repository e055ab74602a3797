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
