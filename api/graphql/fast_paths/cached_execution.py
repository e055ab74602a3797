"""HTTP operations answered from the event list cache while it holds (result_cache.py decides
which operations may be)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from api.graphql.context import Context
from api.graphql.fast_paths.event_list_cache import EventListCache, Lookup
from api.graphql.fast_paths.result_cache import (
    ResultLifetime,
    cache_identity,
    parsed,
    rendering_fingerprint,
)
from api.graphql.transport.cost import operation_cost
from api.graphql.transport.outages import query_timeout
from api.graphql.transport.quota import charge_cost
from api.graphql.transport.response_size import too_long
from core.access.scopes import KeyScope
from core.platform import json_encoding as json_text
from core.platform.json_encoding import RawJSON
from core.storage.transactions import QueryTimeout

log = logging.getLogger("etp.graphql")

Execute = Callable[[], Awaitable[Any]]


class CachedExecution:
    def __init__(self, schema: strawberry.Schema, *, max_response_bytes: int) -> None:
        self._schema = schema
        self._rendering = rendering_fingerprint(schema.as_str())
        self._max_response_bytes = max_response_bytes

    def identity(self, request_data: object, context: Context) -> str | None:
        """The cache key of an operation the cache may answer; None for any other."""
        if not (
            isinstance(request_data, GraphQLRequestData)
            and request_data.protocol == "http"
            and not request_data.extensions
            and context.principal is not None
            and context.principal.can(KeyScope.EVENTS_READ)
        ):
            return None
        return cache_identity(
            request_data.query,
            request_data.operation_name,
            request_data.variables,
            rendering=self._rendering,
        )

    async def execute(
        self,
        identity: str,
        request_data: GraphQLRequestData,
        context: Context,
        execute: Execute,
    ) -> Any:
        """An operation reading only event lists: from the event list cache while it holds."""
        cache = context.event_lists
        if cache is None:  # not installed
            return await execute()
        try:
            lookup = await cache.lookup(identity, now=context.now)
        except QueryTimeout as error:
            log.info("GraphQL read timed out: the event list cache's version probe")
            return ExecutionResult(data=None, errors=[query_timeout(error)])
        if lookup is None:  # Redis is failing, or the cache is not paying
            return await execute()
        if lookup.hit is not None:
            # Charged as if it ran: a key's budget does not depend on what others cached.
            refused = await self._charge_cached(request_data, context)
            if refused is not None:
                return ExecutionResult(data=None, errors=[refused])
            return ExecutionResult(data=RawJSON(lookup.hit), errors=None)  # type: ignore[arg-type]
        return await self._execute_and_store(identity, context, execute, cache, lookup)

    async def _charge_cached(
        self, request_data: GraphQLRequestData, context: Context
    ) -> GraphQLError | None:
        document = parsed(request_data.query or "")
        if document is None:  # only parsed documents were cached
            return None
        estimate = operation_cost(
            self._schema._schema,
            document,
            request_data.operation_name,
            request_data.variables,
        )
        return await charge_cost(context, estimate.cost)

    async def _execute_and_store(
        self,
        identity: str,
        context: Context,
        execute: Execute,
        cache: EventListCache,
        lookup: Lookup,
    ) -> Any:
        lifetime = context.result_lifetime = ResultLifetime(
            until=context.now + cache.longest, longest=cache.longest
        )
        result = await execute()
        if isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            text = json_text.dumps_capped(result.data, self._max_response_bytes)
            if text is None or too_long(text, self._max_response_bytes):
                return result  # the view refuses it; not worth a place in the cache
            cache.store_soon(
                identity,
                text,
                version=lookup.version,
                computed_at=context.now,
                until=lifetime.until,
            )
            # Encoded once: the response splices in the text just stored.
            return ExecutionResult(data=RawJSON(text), errors=None, extensions=result.extensions)  # type: ignore[arg-type]
        return result
