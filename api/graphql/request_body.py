"""Reading GraphQL request bodies: what Python cannot hold is a request error, never a 500.

json.loads raises ValueError for an integer of more than 4,300 digits (Python's limit on
int(str)) and RecursionError for deep nesting (3,000 levels in issue 11); both become a 400
with a GraphQL response body, like malformed JSON (GraphQL over HTTP lets request errors carry a
4xx status).
"""

from __future__ import annotations

import json

from starlette.responses import Response

CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


class Unreadable(json.JSONDecodeError):
    """JSON that Python cannot hold: refused like malformed JSON, with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "", 0)
        self.reason = reason


def decode(data: str | bytes) -> object:
    try:
        return json.loads(data)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise Unreadable("the JSON is nested too deeply") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            raise Unreadable("the JSON holds a number of more than 4,300 digits") from None
        raise Unreadable("the JSON holds a value that cannot be read") from None


def request_error(message: str, status: int) -> Response:
    """A GraphQL response with the error, and its 4xx status."""
    code = CODES.get(status, "BAD_REQUEST")
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(json.dumps(body), status_code=status, media_type="application/json")
