"""The Strawberry schema and the limits every operation runs under."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)

from api.graphql.compiled_selections import CompiledSelectionsExecutor
from api.graphql.limits import MAX_TOKENS
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.graphql.subscriptions import Subscription


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask internal failures; argument errors (ValueError) and GraphQL errors are for clients."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | ValueError)


# Built once: Strawberry's QueryDepthLimiter and MaxAliasesLimiter make new rule classes for
# every request, which gives ValidationCache a new key every time (it keys on the rules).
LIMIT_RULES = [
    query_depth_limiter.create_validator(max_depth=12, should_ignore=None),
    max_aliases.create_validator(max_alias_count=30),
]


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        execution_context_class=CompiledSelectionsExecutor,
        extensions=[
            # Repeated operations skip parsing and validation (dashboards poll the same query).
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: AddValidationRules(LIMIT_RULES),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=_is_unexpected),
        ],
    )


schema = build_schema()
