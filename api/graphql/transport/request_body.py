"""Reading GraphQL request bodies: what Python cannot hold, or what is not one GraphQL operation,
is a request error (400), never a 500.

json.loads raises ValueError for an integer of more than 4,300 digits (Python's limit on
int(str)); nesting deeper than MAX_NESTING levels (3,000 in issue 11) is refused too. Both become
a 400 with a GraphQL response body, like malformed JSON (GraphQL over HTTP lets request errors
carry a 4xx status).
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from starlette.responses import Response
from strawberry.http import GraphQLRequestData

from api.graphql.transport.media_types import JSON

CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
}
# Python 3.11's decoder raised RecursionError at about 1,000 levels; 3.12 and newer parse tens of
# thousands, which code that walks the result recursively could not. Far above what a storable
# payload (64 levels, core/triggers/storable_json.py) needs inside its variables.
MAX_NESTING = 512


class Unreadable(json.JSONDecodeError):
    """JSON that Python cannot hold: refused like malformed JSON, with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "", 0)
        self.reason = reason


def decode(data: str | bytes) -> object:
    try:
        value: object = json.loads(data)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise Unreadable("the JSON is nested too deeply") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            raise Unreadable("the JSON holds a number of more than 4,300 digits") from None
        raise Unreadable("the JSON holds a value that cannot be read") from None
    # Counting brackets is cheap; only a body with that many of them is walked.
    raw = data.encode() if isinstance(data, str) else data
    brackets = raw.count(b"[") + raw.count(b"{")
    if brackets > MAX_NESTING and _nested_deeper_than(value, MAX_NESTING):
        raise Unreadable("the JSON is nested too deeply")
    return value


def _nested_deeper_than(value: object, limit: int) -> bool:
    """Iteratively: the depth is untrusted."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False


def operation(document: object) -> GraphQLRequestData:
    """The operation a decoded POST body asks for, or HTTPException(400) saying what is wrong
    with it. Batches are not supported: each operation is authorised, charged and rate limited
    on its own request."""
    if isinstance(document, list):
        raise HTTPException(400, "batches of operations are not supported: send one per request")
    if not isinstance(document, dict):
        raise HTTPException(
            400, 'the body must be a JSON object such as {"query": "{ viewer { name } }"}'
        )
    query = _member(document, "query", str, "a string")
    variables = _member(document, "variables", dict, "an object")
    operation_name = _member(document, "operationName", str, "a string")
    extensions = _member(document, "extensions", dict, "an object")
    return GraphQLRequestData(
        query=query,
        variables=variables,
        operation_name=operation_name,
        extensions=extensions,
        protocol="http",
    )


def _member(document: dict[str, Any], name: str, kind: type, described: str) -> Any:
    value = document.get(name)
    if value is not None and not isinstance(value, kind):
        raise HTTPException(400, f"`{name}` must be {described} or null")
    return value


def request_error(message: str, status: int, media_type: str = JSON) -> Response:
    """A GraphQL response with the error, and its 4xx status."""
    code = CODES.get(status, "BAD_REQUEST")
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(json.dumps(body), status_code=status, media_type=media_type)
