"""The Strawberry schema and the limits every operation runs under."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)

from api.graphql.compiled_selections import CompiledSelectionsExecutor
from api.graphql.depth import limit_rule
from api.graphql.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.graphql.quota import OperationCost
from api.graphql.subscriptions import Subscription


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask internal failures; argument errors (ValueError) and GraphQL errors are for clients."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | ValueError)


# Built once: ValidationCache keys on the rules, so a new rule class per request (as Strawberry's
# limiters make) would never hit. Depth and aliases in one pass, linear in the document (depth.py).
LIMIT_RULES = [limit_rule(max_depth=MAX_DEPTH, max_aliases=MAX_ALIASES)]
NO_INTROSPECTION_RULES = [*LIMIT_RULES, NoSchemaIntrospectionCustomRule]


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    rules = LIMIT_RULES if introspection else NO_INTROSPECTION_RULES
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        execution_context_class=CompiledSelectionsExecutor,
        extensions=[
            # Repeated operations skip parsing and validation (dashboards poll the same query).
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: AddValidationRules(rules),
            lambda: ValidationCache(maxsize=256),
            OperationCost,
            lambda: MaskErrors(should_mask_error=_is_unexpected),
        ],
    )


schema = build_schema()
