"""Everything that exists to outrun Strawberry, behind one switch (GRAPHQL_FAST_PATHS), and the
seam the rest of api/graphql reaches it through: this module. No other module outside this
package imports one of its modules (tests/test_architecture.py checks it).

- compiled_selections: plain objects completed from a compiled plan, not one resolver per field;
- shared_results and live_messages: a live event executed and encoded once per operation and
  sent as text to every subscriber of that operation;
- result_cache, cached_execution and event_list_cache: whole event-list results, rendered once
  and kept in Redis, never stale (EVENT_LIST_CACHE=1 opts in, under the switch);
- identity_cache: the bounded cache by object identity they share (and cost.py's estimates).

Each gives the same JSON as plain Strawberry (tests/api/test_fast_paths.py runs a table of
operations both ways, and `make test` runs the GraphQL suite with the switch off); with the
switch off none of them is installed, and what the ordinary modules call here does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.fast_paths.compiled_selections import CompiledSelectionsExecutor
from api.graphql.fast_paths.identity_cache import IdentityCache
from api.graphql.fast_paths.result_cache import ResultLifetime, bound_lifetime
from api.graphql.fast_paths.shared_results import LiveSender

if TYPE_CHECKING:
    import strawberry

    from api.graphql.fast_paths.cached_execution import CachedExecution
    from api.graphql.transport.ws_handlers import TransportWSHandler

__all__ = [
    "IdentityCache",
    "LiveSender",
    "ResultLifetime",
    "bound_lifetime",
    "cached_results",
    "execution_context_class",
    "websocket_handler",
]


def execution_context_class(*, enabled: bool) -> type[StrawberryGraphQLCoreExecutionContext] | None:
    """How the schema completes results: from compiled plans, or Strawberry's own (None)."""
    return CompiledSelectionsExecutor if enabled else None


# The two below import their modules when called, once per view: those build on the transport
# (cost, quota, the websocket handlers), which itself imports this module. (Their names differ
# from their modules': importing a submodule sets the package's attribute of that name.)


def cached_results(
    schema: strawberry.Schema, *, max_response_bytes: int, enabled: bool
) -> CachedExecution | None:
    """The view's shortcut for operations that read only event lists (None: every operation
    runs)."""
    if not enabled:
        return None
    from api.graphql.fast_paths.cached_execution import CachedExecution

    return CachedExecution(schema, max_response_bytes=max_response_bytes)


def websocket_handler(
    plain: type[TransportWSHandler], *, enabled: bool
) -> type[TransportWSHandler]:
    """The graphql-transport-ws handler: with prebuilt live messages, or `plain`."""
    if not enabled:
        return plain
    from api.graphql.fast_paths.live_messages import LiveTransportWSHandler

    return LiveTransportWSHandler
