"""Reading a JSON request body with a size cap enforced while streaming."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

# Deeper documents are refused before they reach the schema check or the database.
MAX_JSON_DEPTH = 64


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


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise MalformedJson("the body is empty; send a JSON document")
    try:
        value = json.loads(body, parse_constant=_reject_constant)
    except MalformedJson:
        raise
    except RecursionError:
        raise MalformedJson(f"JSON nesting is deeper than {MAX_JSON_DEPTH} levels") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedJson(f"the body is not valid JSON: {error}") from None
    if _depth_exceeds(value, MAX_JSON_DEPTH):
        raise MalformedJson(f"JSON nesting is deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
