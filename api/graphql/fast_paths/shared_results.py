"""Live events executed once per (event, operation) and sent as prebuilt text to every subscriber.

Strawberry runs each subscription through graphql-core and its extension pipeline separately for
every subscriber and every event, then encodes the result again: at 1,000 dashboards that is
1,000 identical executions, extension passes and encodings of every event, and it was 60% of the
server's time in the fan-out bench. An `Event` node depends on nothing but the stored event and
its status (no per-viewer fields), so the result of a given operation on a given event is the same
for every subscriber that sent the same query and variables. The `eventFired` resolver therefore
sends such results itself, over the operation that runs it, and only yields (Strawberry's path)
what cannot be shared: results with errors, or a transport other than graphql-transport-ws.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLFormattedError,
    GraphQLSchema,
    execute_subscription_event,
    parse,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.events.types import Event
from api.graphql.identity_cache import IdentityCache
from core.events import retention
from core.events.records import StoredEvent
from core.platform import json_encoding as json_text
from core.platform.metrics import metrics

# Every live event of the last few seconds times a handful of distinct dashboard queries; an
# evicted entry costs one more execution, never a wrong answer.
SHARED_RESULTS_MAX = 4096

metrics.describe(
    "etp_live_executions_total", "Live event results executed (once per event and operation)"
)
metrics.describe("etp_live_messages_total", "Live event messages sent from shared results")
# Counted here and added to the metric when it is read: a locked metric update per message was
# a measurable share of the per-subscriber cost.
_sent = [0]


def _flush_sent() -> None:
    if _sent[0]:
        metrics.inc("etp_live_messages_total", _sent[0])
        _sent[0] = 0


metrics.collect_with(_flush_sent)


@dataclass(frozen=True, slots=True)
class RunningOperation:
    """The graphql-transport-ws operation a subscription resolver is running for."""

    id: str
    query: str
    variables: dict[str, object] | None
    operation_name: str | None
    # Sends a whole graphql-transport-ws message, already encoded as JSON text.
    send: Callable[[str], Awaitable[None]]
    # Ends the whole connection: its transport is what fell behind, for every operation on it.
    close: Callable[[int, str], Awaitable[None]]


current_operation: ContextVar[RunningOperation | None] = ContextVar(
    "current_operation", default=None
)


# `"payload":{...}` text by the event object the hub hands to every subscriber, then by status
# and operation.
shared_payloads: IdentityCache[str] = IdentityCache(SHARED_RESULTS_MAX)


@lru_cache(maxsize=256)
def _parsed(query: str) -> DocumentNode:
    return parse(query)


class LiveSender:
    """Sends one subscription's live events, sharing execution and encoding with its peers."""

    def __init__(self, operation: RunningOperation, schema: GraphQLSchema, context: Any) -> None:
        self._operation = operation
        self._id_json = json.dumps(operation.id)
        try:
            variables = json.dumps(operation.variables, sort_keys=True)
        except (TypeError, ValueError):
            variables = None
        self._key = (operation.query, operation.operation_name, variables)
        self._shareable = variables is not None
        self._schema = schema
        self._context = context
        self._executor: Any = None

    @classmethod
    def for_running_operation(cls, schema: GraphQLSchema, context: Any) -> LiveSender | None:
        operation = current_operation.get()
        return cls(operation, schema, context) if operation is not None else None

    async def send(
        self, event: StoredEvent, status: retention.EventStatus, *, shared: bool
    ) -> bool:
        """False when the result must take Strawberry's own path (it carries errors).

        shared: the event object is the hub's, handed to every live subscriber; replayed events
        are read per subscriber, so caching them would only fill the cache.
        """
        if not self._shareable:
            return False
        key = (status, *self._key)
        payload = shared_payloads.lookup(event, key)[1] if shared else None
        if payload is None:
            payload = self._execute(Event.from_stored(event, status=status))
            if payload is None:
                return False
            if shared:
                metrics.inc("etp_live_executions_total")
                shared_payloads.put(event, key, payload)
        await self._operation.send(f'{{"id":{self._id_json},"type":"next","payload":{payload}}}')
        _sent[0] += 1
        return True

    async def drop_slow_consumer(self, error: GraphQLFormattedError) -> None:
        """Tell the client why (as the operation's last result), then close with 1013.

        1013 (Try Again Later) is not one of graphql-transport-ws's terminal codes, so clients
        such as graphql-ws reconnect; the error's lastEventId tells them where to resume.
        """
        message = {"id": self._operation.id, "type": "next", "payload": {"errors": [error]}}
        await self._operation.send(json.dumps(message, separators=(",", ":")))
        await self._operation.close(1013, "slow consumer: resubscribe with after")

    def _execute(self, node: Event) -> str | None:
        if self._executor is None:
            # Strawberry has already parsed and validated this operation before the resolver ran.
            built = StrawberryGraphQLCoreExecutionContext.build(
                self._schema,
                _parsed(self._operation.query),
                None,
                self._context,
                self._operation.variables,
                self._operation.operation_name,
            )
            if isinstance(built, list):  # variable errors: Strawberry reports them its own way
                self._shareable = False
                return None
            self._executor = built
        result = execute_subscription_event(self._executor.build_per_event_executor(node))
        if not isinstance(result, ExecutionResult) or result.errors or result.data is None:
            return None
        # Encoded as the view encodes everything else.
        return json_text.dumps({"data": result.data})
