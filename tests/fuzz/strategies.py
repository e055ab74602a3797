"""Hypothesis strategies for the fuzzing stage: JSON values, GraphQL literals for the custom
scalars, payload schemas and raw hook bodies.

The values lean on the edges where parsers and databases disagree: integers past 64 bits and
past Python's 4,300-digit str limit, floats at the ends of the range, NUL and lone surrogates,
deep nesting, dates at year 1 and 9999, time zones that are not zones.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

import graphql
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from core.triggers.storable_json import text_problem

__all__ = ["text_problem"]

# Python refuses int <-> str conversions past this many digits (sys.get_int_max_str_digits).
INT_MAX_STR_DIGITS = 4300

# Texts that each broke, or could break, some layer: NUL (Postgres), lone surrogates (UTF-8),
# right-to-left and zero-width marks, a BOM, astral characters, SQL and template noise.
EDGE_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\U0001d518\U0001d52b\U0001d526",  # astral letters
    "😀" * 3,
    "e\u0301",
    "'; DROP TABLE events; --",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "%s%n",
    "NaN",
    "Infinity",
    "-0",
    "1e400",
    "a" * 300,
]

texts = st.one_of(st.sampled_from(EDGE_TEXTS), st.text(max_size=20))
# Names that a schema or a GraphQL object literal can use as keys.
names = st.from_regex(r"[_A-Za-z][_0-9A-Za-z]{0,8}", fullmatch=True)

# Built from small descriptions so that Hypothesis's reprs of the strategies stay small.
huge_ints = st.one_of(
    st.sampled_from([(2, 31), (2, 53), (2, 63), (2, 64), (10, 100)]).flatmap(
        lambda base_exp: st.sampled_from([-1, 0, 1]).map(
            lambda delta: base_exp[0] ** base_exp[1] + delta
        )
    ),
    st.sampled_from([1, -1]).map(lambda sign: sign * (2**63)),
    # The longest an int may be and still be written as JSON text; longer ones are built as
    # bytes (huge_int_body) or as GraphQL literals (HugeInt).
    st.just(INT_MAX_STR_DIGITS).map(lambda digits: 10**digits - 1),
    st.integers(min_value=-(2**70), max_value=2**70),
)
ints = st.one_of(st.integers(min_value=-1000, max_value=1000), huge_ints)
floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1.7976931348623157e308]),
)
json_scalars = st.one_of(st.none(), st.booleans(), ints, floats, texts)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON document Python's json module can write (including texts JSON cannot store)."""
    return st.recursive(
        json_scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(names, texts), inner, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def nested(depth: int, *, leaf: Any = 1, kind: str = "list") -> Any:
    """A document nested `depth` levels deep, built without recursion."""
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


# As values, only as deep as json.dumps and Hypothesis's printer can recurse; deeper documents
# are built as bytes (deep_body).
deep_values = st.builds(
    nested,
    st.sampled_from([63, 64, 65, 100, 400]),
    kind=st.sampled_from(["list", "dict"]),
)

# Payload schemas: the short form, and JSON Schema from a safe subset of keywords. No $ref and no
# free-form `pattern`: those can hang the in-process server today (issue 11) and are covered by
# targeted regression tests against a separate process instead.
SHORT_TYPE_NAMES = ["str", "int", "float", "bool", "list", "dict"]
short_types = st.builds(
    lambda name, optional: name + ("?" if optional else ""),
    st.sampled_from(SHORT_TYPE_NAMES),
    st.booleans(),
)
short_schemas = st.dictionaries(names, st.one_of(short_types, texts), min_size=1, max_size=4)

JSON_SCHEMA_TYPE_NAMES = ["object", "array", "string", "number", "integer", "boolean", "null"]
SAFE_PATTERNS = ["^[a-z]+$", "^\\d{3}$", "a|b", "[", "(", "\\", "^(?P<x>a)$", "(?=a)a"]


def _long_form(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(
                st.sampled_from(JSON_SCHEMA_TYPE_NAMES),
                st.lists(st.sampled_from(JSON_SCHEMA_TYPE_NAMES), max_size=3),
                texts,
            ),
            "properties": st.dictionaries(names, children, max_size=3),
            "required": st.one_of(st.lists(names, max_size=3), texts),
            "additionalProperties": st.one_of(st.booleans(), children),
            "items": children,
            "minimum": st.one_of(ints, floats, texts),
            "maximum": st.one_of(ints, floats),
            "multipleOf": st.one_of(ints, floats),
            "minLength": st.one_of(ints, texts),
            "maxLength": ints,
            "maxItems": ints,
            "enum": st.lists(json_scalars, max_size=3),
            "const": json_scalars,
            "format": st.sampled_from(["date-time", "email", "uri", "ipv4", "regex", "bogus"]),
            "pattern": st.sampled_from(SAFE_PATTERNS),
            "$schema": st.sampled_from(
                [
                    "https://json-schema.org/draft/2020-12/schema",
                    "http://json-schema.org/draft-07/schema#",
                    "http://json-schema.org/draft-04/schema#",
                    "urn:unknown",
                ]
            ),
        },
    )


long_schemas = st.recursive(
    st.one_of(_long_form(st.nothing()), st.booleans()), _long_form, max_leaves=6
)
api_schemas = st.one_of(short_schemas, long_schemas, json_values(6))


# GraphQL literals: the JSON scalar takes any value literal, and an object literal's keys must be
# GraphQL names.
def json_to_node(value: Any) -> graphql.ValueNode:
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, HugeInt):
        return graphql.IntValueNode(value="9" * value.digits)
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([json_to_node(item) for item in value])
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=json_to_node(item))
            for key, item in value.items()
        ]
    )


_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


class HugeInt:
    """An integer literal longer than Python's int/str limit: graphql-core keeps it as text."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _literal_safe(value: Any) -> Any:
    """Object keys as GraphQL names; ints past the str limit as HugeInt."""
    if isinstance(value, dict):
        return {
            (k if _NAME.fullmatch(k) else f"k{i}"): _literal_safe(v)
            for i, (k, v) in enumerate(value.items())
        }
    if isinstance(value, list):
        return [_literal_safe(v) for v in value]
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and abs(value) >= 10**INT_MAX_STR_DIGITS
    ):
        return HugeInt(INT_MAX_STR_DIGITS + 1)
    return value


json_literal_values = st.one_of(
    json_values(),
    api_schemas,
    st.sampled_from(["list", "dict"]).map(lambda kind: nested(30, kind=kind)),
    st.just(INT_MAX_STR_DIGITS + 1).map(HugeInt),
).map(_literal_safe)
json_nodes = json_literal_values.map(json_to_node)

# DateTime literals: well-formed instants across the whole range, naive ones, offsets at their
# limits, and strings that are not dates at all.
_iso_datetimes = st.builds(
    lambda dt, tz: dt.isoformat() + tz,
    st.datetimes(),
    st.sampled_from(["Z", "+00:00", "+14:00", "-12:00", "+23:59", ""]),
)
datetime_strings = st.one_of(
    _iso_datetimes,
    st.sampled_from(
        [
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59-12:00",
            "2024-02-30T00:00:00Z",
            "2024-01-01",
            "now",
            "",
        ]
    ),
    texts,
)
datetime_nodes = datetime_strings.map(nodes.String)

TIMEZONES = ["UTC", "Europe/Berlin", "America", "Etc", "Etc/GMT+14", "", "x" * 300, "../etc"]
CRONS = [
    "* * * * *",
    "0 3 * * *",
    "*/0 * * * *",
    "0 0 30 2 *",
    "* * * * * *",
    "61 * * * *",
    "@daily",
]


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode()


# Cursors in the shape the server issues (base64 of a name, or "micros:id"), with values that
# do not fit: NUL, past int64, negative, not base64 at all.
CURSORS = [
    "AA==",
    _b64("\x00"),
    _b64("x" * 2000),
    _b64(f"0:{2**63}"),
    _b64(f"{2**63}:1"),
    _b64("-1:-1"),
    _b64(f"1:{'9' * 5000}"),
    "%%%",
    "=",
]
# Every GraphQL String argument draws from this: names, zones, cron lines and cursors that
# matter to the server, mixed with arbitrary text.
string_nodes = st.one_of(
    texts, st.sampled_from(TIMEZONES), st.sampled_from(CRONS), st.sampled_from(CURSORS)
).map(nodes.String)
int_nodes = st.one_of(
    st.integers(min_value=-5, max_value=200),
    st.sampled_from([-1, 0, 1, 1000, 10_000, 2**31 - 1, -(2**31)]),
).map(nodes.Int)


def id_nodes(pool: Callable[[], list[str]]) -> st.SearchStrategy[graphql.ValueNode]:
    """IDs of rows that exist (read from `pool` at draw time), mixed with arbitrary ones."""

    def pick(index: int) -> str:
        ids = pool()
        return ids[index % len(ids)] if ids else "0"

    existing = st.integers(min_value=0, max_value=1000).map(pick)
    return st.one_of(existing, existing, texts, st.integers().map(str)).map(nodes.String)


# Raw hook bodies: (bytes, content type). Most are JSON; the rest are what a broken client sends.
def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def huge_int_body(digits: int) -> bytes:
    return b'{"amount": ' + b"9" * digits + b"}"


def deep_body(depth: int, kind: str) -> bytes:
    opening, closing = (b"[", b"]") if kind == "list" else (b'{"a":', b"}")
    return opening * depth + b"1" + closing * depth


malformed_bodies = st.one_of(
    st.sampled_from([INT_MAX_STR_DIGITS + 1, 20_000]).map(huge_int_body),
    st.sampled_from([(1000, "list"), (5000, "dict"), (100_000, "list")]).map(
        lambda args: deep_body(*args)
    ),
    st.sampled_from(
        [
            b"",
            b" ",
            b"{",
            b'{"amount": 1',
            b"[1, 2",
            b"NaN",
            b"-Infinity",
            b'{"amount": NaN}',
            b'{"amount": Infinity}',
            b"\xff\xfe{}",
            b'{"a": "\xc3\x28"}',
            b'{"a": "\xed\xa0\x80"}',
            b'{"a": "\\ud800"}',
            b'{"a": "\\u0000"}',
            b"\xef\xbb\xbf{}",
            b"{}{}",
            b'{"a": 1, "a": 2}',
            b"null",
            b"true",
            b'"text"',
            b"1e999999",
            b"-0",
        ]
    ),
    st.binary(max_size=64),
)
json_bodies = st.one_of(json_values(), deep_values).map(json_bytes)
content_types = st.one_of(
    st.just("application/json"),
    st.sampled_from(
        [
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "",
        ]
    ),
)
