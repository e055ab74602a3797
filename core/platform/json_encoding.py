"""Compact JSON text for responses: orjson where it is exact, the standard library otherwise.

orjson encodes a page of events many times faster than json.dumps (docs/performance.md), and
encoding was a large part of a list request. It refuses what it cannot encode exactly: integers
beyond 64 bits, unpaired surrogates, non-string keys. Those values take the standard library's
path, so every value still comes out, and exact. (NaN and Infinity, which no stored value holds,
would come out as null where the standard library writes invalid JSON.) orjson's decoder is not
used anywhere: it silently turns integers beyond 64 bits into floats.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


class RawJSON:
    """A JSON document as Postgres returned it, passed to the response without being decoded.

    A page of events is usually sent straight back out: decoding each payload only to encode it
    again is work for nothing on every events(first: 50) request. Whatever needs the value calls decoded().
    Not a dataclass: orjson would encode one as an object of its fields.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"RawJSON({self.text!r})"

    def decoded(self) -> Any:
        return json.loads(self.text)


def dumps(value: object) -> str:
    """Text, not bytes: websocket messages must go out as text frames (graphql-transport-ws)."""
    try:
        return orjson.dumps(value, default=_as_fragment).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, separators=(",", ":"), default=_as_value)


def _as_fragment(value: object) -> orjson.Fragment:
    if isinstance(value, RawJSON):
        return orjson.Fragment(value.text)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _as_value(value: object) -> Any:
    if isinstance(value, RawJSON):
        return value.decoded()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# dumps_capped: how deep it takes a response apart (a GraphQL result is {"data": {field:
# {"edges": [...]}}}), and how many list items one encoding call takes. Deeper, or within a
# slice, values are encoded whole: their size is bounded by the limits on each field.
_CAPPED_DEPTH = 5
_SLICE = 16


class _Over(Exception):
    pass


def dumps_capped(value: object, max_chars: int) -> str | None:
    """dumps(value), or None as soon as its text passes max_chars: encoded a slice at a time, so
    an oversized value is never encoded in full (at most max_chars plus one slice)."""
    pieces: list[str] = []
    total = 0

    def emit(text: str) -> None:
        nonlocal total
        total += len(text)
        if total > max_chars:
            raise _Over
        pieces.append(text)

    def walk(item: object, depth: int) -> None:
        if depth >= _CAPPED_DEPTH:
            emit(dumps(item))
        elif type(item) is dict:
            emit("{")
            for n, (key, child) in enumerate(item.items()):
                emit(("," if n else "") + dumps(key) + ":")
                walk(child, depth + 1)
            emit("}")
        elif type(item) is list:
            emit("[")
            for start in range(0, len(item), _SLICE):
                chunk = item[start : start + _SLICE]
                if all(type(child) is not list for child in chunk):
                    emit(("," if start else "") + dumps(chunk)[1:-1])
                    continue
                for n, child in enumerate(chunk):
                    if start or n:
                        emit(",")
                    walk(child, depth + 1)
            emit("]")
        else:
            emit(dumps(item))

    try:
        walk(value, 0)
    except _Over:
        return None
    return "".join(pieces)
