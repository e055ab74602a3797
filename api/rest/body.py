"""Parsing a JSON request body strictly (it is read, capped in size and time, by api/body_limit.py)."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from core.triggers.storable_json import MAX_DEPTH, find_unstorable

# Caller-supplied text quoted back in an error is cut to this many characters.
EXCERPT_CHARS = 40


class MalformedJson(Exception):
    pass


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."


def _reject_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    # float() turns 1e400 (or 5,000 digits with a point) into inf, which no JSON column stores.
    value = float(text)
    if not math.isfinite(value):
        raise MalformedJson(f"the number {_excerpt(text)} is out of range for a float")
    return value


# Built once: json.loads with options constructs a decoder per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise MalformedJson("the body is empty; send a JSON document")
    try:
        # utf-8-sig: RFC 8259 section 8.1 lets a parser ignore a byte order mark.
        value = _DECODER.decode(body.decode("utf-8-sig"))
    except MalformedJson:
        raise
    except RecursionError:
        raise MalformedJson(f"JSON nesting is deeper than {MAX_DEPTH} levels") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedJson(f"the body is not valid JSON: {error}") from None
    except ValueError:
        # int() refuses more digits than sys.get_int_max_str_digits() (CVE-2020-10735).
        raise MalformedJson(
            f"a number has more than {sys.get_int_max_str_digits()} digits"
        ) from None
    problem = find_unstorable(value)
    if problem is not None:
        raise MalformedJson(f"the body cannot be stored: {problem.message}")
    return value
