"""The Strawberry schema and the limits every operation runs under."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)

from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.graphql.subscriptions import Subscription


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask internal failures; argument errors (ValueError) and GraphQL errors are for clients."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | ValueError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            # Repeated operations skip parsing (dashboards poll the same query). No
            # ValidationCache: the limiters below build their rules per request, so its key never
            # repeats and it would only fill up.
            lambda: ParserCache(maxsize=256),
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxAliasesLimiter(max_alias_count=30),
            lambda: MaxTokensLimiter(max_token_count=5000),
            lambda: MaskErrors(should_mask_error=_is_unexpected),
        ],
    )


schema = build_schema()
