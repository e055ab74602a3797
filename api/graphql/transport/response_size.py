"""The answer in place of a response too large to send (GRAPHQL_MAX_RESPONSE_BYTES).

A few aliases of a large page (`events(first: 20) { payload }` over 1 MB payloads) build a
response of hundreds of megabytes; the process would hold it several times while sending.
The view encodes every response a slice at a time and stops at the cap (json_encoding's
dumps_capped), so an oversized answer is never encoded in full; above the cap it sends this
error instead: for HTTP, the
whole response; on a websocket, the operation's message with the error as its payload.
"""

from __future__ import annotations

from typing import Any


def too_large_error(max_bytes: int) -> dict[str, Any]:
    return {
        "message": f"the response would exceed {max_bytes} bytes; ask for fewer items "
        "(first/count), fewer fields or fewer aliases",
        "extensions": {"code": "RESPONSE_TOO_LARGE", "maxBytes": max_bytes},
    }


def response_too_large(message: object, max_bytes: int) -> object:
    error = too_large_error(max_bytes)
    if isinstance(message, dict) and "payload" in message and "type" in message:
        # graphql-transport-ws: `next` carries a result, `error` a list of errors.
        payload: object = (
            [error] if message["type"] == "error" else {"data": None, "errors": [error]}
        )
        return {**message, "payload": payload}
    return {"data": None, "errors": [error]}


def too_long(text: str, max_bytes: int) -> bool:
    """Whether the UTF-8 form of `text` exceeds max_bytes, without encoding it when avoidable."""
    if len(text) > max_bytes:
        return True
    if text.isascii() or len(text) * 4 <= max_bytes:
        return False
    return len(text.encode()) > max_bytes
