"""Limits checked on a caller's text before anything parses it: websocket messages (JSON) and
GraphQL documents.

A parser walks whatever it is given: a 16 MiB message of nested arrays held the event loop for
seconds before any key was checked (issue 18). Here the length is checked first, then the
nesting, found by C-speed passes over the text (strings removed by a regular expression, brackets
counted by `accumulate`) rather than by a Python loop over characters or by walking the parsed
value: linear in the text, and cheap enough to run on the loop for the sizes allowed there.
"""

from __future__ import annotations

import re
from itertools import accumulate

from graphql import GraphQLError

from api.graphql.transport.limits import MAX_DOCUMENT_NESTING
from core.platform.settings import GRAPHQL_MAX_DOCUMENT_BYTES

# JSON strings, unrolled so that the engine never backtracks. An unterminated string runs to the
# end of the text: left in place, every quote after its opening one would start a scan to the
# end (quadratic: a 64 KB document of escaped quotes took 25 s), and the parser stops at it
# anyway, so no bracket after it is nesting.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
# GraphQL block strings, strings and comments: brackets inside them are not nesting. As above,
# an unterminated one runs to where the lexer stops at it (a string's line end, the text's end).
_GRAPHQL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\\?\Z)'
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|(?=\n)|\\?\Z)'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_STEP = {ord(c): n for c, n in (("[", 1), ("{", 1), ("(", 1), ("]", -1), ("}", -1), (")", -1))}
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _STEP)
# Measured a slice at a time: between slices another thread (the event loop, when this runs in
# a worker thread) may take the GIL.
_SLICE = 64 * 1024


def _brackets(text: str, strings: re.Pattern[str]) -> bytes:
    """The text's brackets outside strings, in order."""
    return strings.sub("", text).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)


def _deepest(brackets: bytes) -> int:
    deepest = depth = 0
    for start in range(0, len(brackets), _SLICE):
        steps = map(_STEP.__getitem__, brackets[start : start + _SLICE])
        levels = list(accumulate(steps, initial=depth))
        deepest = max(deepest, max(levels))
        depth = levels[-1]
    return deepest


def nesting(text: str, strings: re.Pattern[str] = _JSON_STRING) -> int:
    """The deepest bracket nesting outside strings (as written, whether or not it parses)."""
    return _deepest(_brackets(text, strings))


def json_problem(text: str, *, max_nesting: int, max_containers: int) -> str | None:
    """Why JSON text is refused before it is parsed (None: it may be parsed).

    Arrays and objects are counted as well as nested: each is an object the garbage collector
    tracks, and tens of thousands made at once set off a full collection, which holds the whole
    process (a 300 KB message of empty arrays: 0.4 s).
    """
    # Counting opening brackets costs one pass; only text that has enough of them is measured.
    if text.count("[") + text.count("{") <= min(max_nesting, max_containers):
        return None
    brackets = _brackets(text, _JSON_STRING)
    containers = brackets.count(b"[") + brackets.count(b"{")
    if containers > max_containers:
        return f"more than {max_containers} arrays and objects"
    if containers > max_nesting and _deepest(brackets) > max_nesting:
        return "nested too deeply"
    return None


def document_problem(query: object) -> GraphQLError | None:
    """Why a GraphQL document is refused before it is parsed (None: it may be parsed).

    Its tokens are bounded while parsing (MaxTokensLimiter), its depth and aliases by
    validation (depth.py); the size bounds the time both take, the nesting the parser's
    recursion.
    """
    if not isinstance(query, str):
        return None  # a missing document has its own error; other types never reach here
    if len(query) > GRAPHQL_MAX_DOCUMENT_BYTES:
        return too_complex(f"the document is longer than {GRAPHQL_MAX_DOCUMENT_BYTES} characters")
    opening = sum(query.count(c) for c in "[{(")
    if opening > MAX_DOCUMENT_NESTING and nesting(query, _GRAPHQL_NOISE) > MAX_DOCUMENT_NESTING:
        return too_complex(f"the document is nested deeper than {MAX_DOCUMENT_NESTING} levels")
    return None


def too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "TOO_COMPLEX"})
