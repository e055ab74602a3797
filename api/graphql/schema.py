"""The Strawberry schema: the domains' roots merged, and the limits every operation runs under."""

from __future__ import annotations

import logging

import strawberry
from graphql import ASTValidationRule, GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.graphql import fast_paths
from api.graphql.access.mutations import KeyMutation
from api.graphql.access.queries import KeyQuery
from api.graphql.access.scopes import ScopeCheck
from api.graphql.deliveries.mutations import DeliveryMutation
from api.graphql.deliveries.queries import DeliveryQuery
from api.graphql.deliveries.subscriptions import DeliverySubscription
from api.graphql.events.queries import EventQuery
from api.graphql.live.subscriptions import EventSubscription
from api.graphql.transport.depth import limit_rule
from api.graphql.transport.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from api.graphql.transport.outages import MaskErrorsExceptOutages, outage_of
from api.graphql.transport.parsed_documents import ParsedDocuments
from api.graphql.transport.quota import OperationCost
from api.graphql.triggers.mutations import TriggerMutation
from api.graphql.triggers.queries import ScheduleQuery, TriggerQuery

log = logging.getLogger("etp.graphql")

# Each domain (triggers/, events/, live/, deliveries/) brings its own root classes. The
# order of the classes is the order of the fields in schema.graphql.
Query = merge_types("Query", (TriggerQuery, EventQuery, ScheduleQuery, DeliveryQuery, KeyQuery))
Mutation = merge_types("Mutation", (TriggerMutation, DeliveryMutation, KeyMutation))
Subscription = merge_types("Subscription", (EventSubscription, DeliverySubscription))


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask internal failures; argument errors (ValueError) and GraphQL errors are for clients."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | ValueError)


# Built once: ValidationCache keys on the rules, so a new rule class per request (as Strawberry's
# limiters make) would never hit. Depth and aliases in one pass, linear in the document (transport/depth.py).
LIMIT_RULES: list[type[ASTValidationRule]] = [
    limit_rule(max_depth=MAX_DEPTH, max_aliases=MAX_ALIASES)
]
NO_INTROSPECTION_RULES = [*LIMIT_RULES, NoSchemaIntrospectionCustomRule]


# Caller-supplied text in a logged message is cut to this: a client's mistakes must not be able
# to fill the log (issue 11 saw 33 MB from one fuzzing run).
LOGGED_MESSAGE_MAX = 200


class PlatformSchema(strawberry.Schema):
    """Logs a client's mistakes at INFO without a traceback; ERROR only for the platform's own
    faults (Strawberry logs every error at ERROR with its traceback)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            outage = outage_of(error)
            if outage == "QUERY_TIMEOUT":
                log.info("GraphQL read timed out: %s", str(error.path)[:LOGGED_MESSAGE_MAX])
            elif outage is not None:
                # Logged once by the loop that sees the outage, not once per operation.
                log.debug("GraphQL operation met a database outage: %s", outage)
            elif _is_unexpected(error):
                log.error("GraphQL operation failed", exc_info=error.original_error)
            else:
                log.info(
                    "GraphQL client error: %s",
                    error.message[:LOGGED_MESSAGE_MAX],
                    extra={"code": (error.extensions or {}).get("code")},
                )


def build_schema(*, introspection: bool = True, fast_paths_on: bool = True) -> strawberry.Schema:
    rules = LIMIT_RULES if introspection else NO_INTROSPECTION_RULES
    return PlatformSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        execution_context_class=fast_paths.execution_context_class(enabled=fast_paths_on),
        extensions=[
            # Repeated operations skip parsing and validation (dashboards poll the same query).
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParsedDocuments(maxsize=256),
            lambda: AddValidationRules(rules),
            lambda: ValidationCache(maxsize=256),
            # Before the cost is charged: a refused operation spends nothing.
            ScopeCheck,
            OperationCost,
            lambda: MaskErrorsExceptOutages(should_mask_error=_is_unexpected),
        ],
    )


schema = build_schema()
