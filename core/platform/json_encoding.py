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
    again was 7% of an events(first: 50) request. Whatever needs the value calls decoded().
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
