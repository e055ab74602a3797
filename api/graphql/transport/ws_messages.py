"""Reading websocket messages under limits: nothing is parsed before it is trusted or bounded.

Until connection_init is acknowledged a message may be at most WS_MAX_INIT_MESSAGE_BYTES long;
after, as long as a GraphQL request body. uvicorn, served as `etp` serves it (api/ws_protocol.py),
refuses a longer frame from its header with 1009; here, whatever the server, a longer message
closes the connection with 4400 unread,
as does one nested deeper than a request body may be or holding more than MAX_CONTAINERS arrays
and objects (both found without parsing it, see untrusted_text.py). Long messages are decoded in a worker thread, so the event loop keeps
serving while they are.

Every close goes out with a reason cut to what a close frame holds (123 bytes): Strawberry puts
caller text in some (an unknown message type, a duplicate id), and a longer reason made the
close itself fail, dropping the connection without a close frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncGenerator
from typing import Any

from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import NonJsonMessageReceived, NonTextMessageReceived

from api.graphql.transport import request_body
from api.graphql.transport.untrusted_text import json_problem
from api.ws_protocol import MESSAGE_LIMIT

BAD_MESSAGE = 4400
# A close frame's reason: at most 123 bytes of UTF-8.
CLOSE_REASON_BYTES = 123
# Longer messages are decoded in a worker thread.
DECODE_ON_LOOP_CHARS = 32 * 1024


# Arrays and objects in one message (untrusted_text.json_problem): far more than any
# subscription's variables hold.
MAX_CONTAINERS = 10_000


class Refused(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode(text: str) -> object:
    """JSON as request bodies are read (request_body.decode), measured before it is parsed."""
    problem = json_problem(
        text, max_nesting=request_body.MAX_NESTING, max_containers=MAX_CONTAINERS
    )
    if problem is not None:
        raise Refused(problem)
    return json.loads(text)


def allow_full_messages(socket: HTTPConnection) -> None:
    """Let the server read messages as long as a GraphQL request (api/ws_protocol.py): called
    before connection_ack goes out, as the client may send its next message at once."""
    limit = socket.scope.get("extensions", {}).get(MESSAGE_LIMIT)
    if limit is not None:
        limit["raise"]()


def close_reason(reason: str) -> str:
    raw = reason.encode("utf-8", "replace")[:CLOSE_REASON_BYTES]
    return raw.decode("utf-8", "ignore")


class BoundedWebSocketAdapter(ASGIWebSocketAdapter):
    def __init__(self, view: Any, request: WebSocket, response: WebSocket) -> None:
        super().__init__(view, request, response)
        limits: tuple[int, int] = view.ws_message_limits
        self._before_ack, self._after_ack = limits
        self.max_chars = self._before_ack

    def acknowledged(self) -> None:
        """connection_ack went out: messages may be as long as a GraphQL request."""
        self.max_chars = self._after_ack

    async def iter_json(
        self, *, ignore_parsing_errors: bool = False
    ) -> AsyncGenerator[object, None]:
        socket = self.ws
        try:
            while socket.application_state != WebSocketState.DISCONNECTED:
                text = await socket.receive_text()
                if len(text) > self.max_chars:
                    await self.close(BAD_MESSAGE, f"message longer than {self.max_chars} bytes")
                    return
                try:
                    if len(text) > DECODE_ON_LOOP_CHARS:
                        message = await asyncio.to_thread(decode, text)
                    else:
                        message = decode(text)
                except Refused as refused:
                    await self.close(BAD_MESSAGE, f"message {refused.reason}")
                    return
                except ValueError as error:  # JSONDecodeError, or a number Python cannot hold
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from error
                    continue
                except RecursionError as error:
                    raise NonJsonMessageReceived from error
                yield message
        except KeyError as error:  # a binary message has no "text"
            raise NonTextMessageReceived from error
        except WebSocketDisconnect:
            pass

    async def close(self, code: int, reason: str) -> None:
        if self.ws.application_state == WebSocketState.DISCONNECTED:
            return
        with contextlib.suppress(WebSocketDisconnect):  # the client went first
            await super().close(code, close_reason(reason))


# Operation ids are the client's names for its operations; they come back in every message.
MAX_ID_CHARS = 128
_OPTIONAL_OBJECT = (dict, type(None))


def message_problem(message: object) -> str | None:
    """Why a decoded message is not a graphql-transport-ws message (None: it is one).

    Checked before Strawberry reads it: a message of another shape made its handler raise
    (TypeError) and drop the connection without a close frame.
    """
    if not isinstance(message, dict):
        return "a message must be a JSON object"
    kind = message.get("type")
    if not isinstance(kind, str):
        return "a message needs a type"
    payload = message.get("payload")
    if kind in ("connection_init", "ping", "pong"):
        if not isinstance(payload, _OPTIONAL_OBJECT):
            return f"the payload of {kind} must be an object"
        return None
    if kind not in ("subscribe", "complete"):
        return "unknown message type"
    operation_id = message.get("id")
    if not isinstance(operation_id, str) or not 0 < len(operation_id) <= MAX_ID_CHARS:
        return f"an id must be a string of 1 to {MAX_ID_CHARS} characters"
    if kind == "complete":
        return None
    if not isinstance(payload, dict):
        return "the payload of subscribe must be an object"
    if not isinstance(payload.get("query"), str):
        return "subscribe needs a query"
    if not isinstance(payload.get("operationName"), str | None):
        return "operationName must be a string"
    if not isinstance(payload.get("variables"), _OPTIONAL_OBJECT):
        return "variables must be an object"
    if not isinstance(payload.get("extensions"), _OPTIONAL_OBJECT):
        return "extensions must be an object"
    return None
