"""Reading a JSON request body with a size cap enforced while streaming."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from core.json_values import MAX_DEPTH, find_unstorable


class BodyTooLarge(Exception):
    pass


class MalformedJson(Exception):
    pass


async def read_capped_body(request: Request, *, limit: int) -> bytes:
    """Starlette's request.body() reads without a limit; this stops at limit + 1 bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not valid JSON")


# Built once: json.loads with options constructs a decoder per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise MalformedJson("the body is empty; send a JSON document")
    try:
        value = _DECODER.decode(body.decode("utf-8"))
    except MalformedJson:
        raise
    except RecursionError:
        raise MalformedJson(f"JSON nesting is deeper than {MAX_DEPTH} levels") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedJson(f"the body is not valid JSON: {error}") from None
    problem = find_unstorable(value)
    if problem is not None:
        raise MalformedJson(f"the body cannot be stored: {problem.message}")
    return value
