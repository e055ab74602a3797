"""What one API key may spend: operations (API_RATE_LIMIT) and cost per minute (cost.py).

Both are counted in the process's RateLimits (Redis, shared by every process), spent from
slices of the key's budgets that this process holds (api/budget_leases.py), so an operation
rarely waits for Redis. Each HTTP operation and each websocket subscribe counts one operation,
before anything else runs (the view and the websocket handler call charge_operation). The cost is checked after validation and
before execution (OperationCost): above GRAPHQL_MAX_COST the operation is refused outright
(COST_LIMIT); otherwise the cost is charged to the key's API_COST_PER_MINUTE budget, and an
operation the budget cannot pay is refused (RATE_LIMITED) without running.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import GraphQLError
from limits import RateLimitItem
from strawberry.extensions import SchemaExtension

from api.graphql.context import Context, invalid_input
from api.graphql.transport.cost import operation_cost
from api.rate_limits import Verdict, parse_limit
from core.errors import invalid
from core.platform.settings import Settings


def rate_limited(verdict: Verdict, what: str) -> GraphQLError:
    return GraphQLError(
        f"this API key exceeded its {what} ({verdict.limit} per {verdict.window_seconds} s); "
        f"retry in {verdict.reset_seconds} s",
        extensions={
            "code": "RATE_LIMITED",
            "retryAfter": verdict.reset_seconds,
            "limit": verdict.limit,
            "windowSeconds": verdict.window_seconds,
        },
    )


async def charge_operation(ctx: Context) -> GraphQLError | None:
    """Counts one operation for the caller's key; the error to answer with if it is refused."""
    if ctx.rate_limits is None or ctx.principal is None:
        return None
    settings = ctx.platform.settings
    # Its cost is charged after validation: a slice of that budget is taken meanwhile, so that a
    # key's first operation waits for one round trip to Redis, not one per budget in turn.
    ctx.rate_limits.prepare(_cost_budget(settings), "api-cost", ctx.principal.key_id)
    item = parse_limit(settings.api_rate_limit)
    verdict = await ctx.rate_limits.hit(item, "api", ctx.principal.key_id)
    if verdict is None:
        return None
    ctx.verdict = verdict
    return None if verdict.allowed else rate_limited(verdict, "operation rate")


async def charge_cost(ctx: Context, cost: int) -> GraphQLError | None:
    settings = ctx.platform.settings
    if cost > settings.graphql_max_cost:
        return GraphQLError(
            f"this operation is too expensive: its estimated cost is {cost}, the limit is "
            f"{settings.graphql_max_cost}; ask for fewer items (first/count) or fewer fields",
            extensions={"code": "COST_LIMIT", "cost": cost, "maxCost": settings.graphql_max_cost},
        )
    if ctx.rate_limits is None or ctx.principal is None:
        return None
    verdict = await ctx.rate_limits.hit(
        _cost_budget(settings), "api-cost", ctx.principal.key_id, cost=max(cost, 1)
    )
    if verdict is None or verdict.allowed:
        return None
    ctx.verdict = verdict
    return rate_limited(verdict, "cost budget")


def _cost_budget(settings: Settings) -> RateLimitItem | None:
    if not settings.api_cost_per_minute:
        return None
    return parse_limit(f"{settings.api_cost_per_minute}/minute")


class OperationCost(SchemaExtension):
    """Refuses, before execution, what cost.py estimates above the limits."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        ctx = execution.context
        if isinstance(ctx, Context) and execution.graphql_document is not None:
            estimate = operation_cost(
                execution.schema._schema,
                execution.graphql_document,
                execution.operation_name,
                execution.variables,
            )
            if estimate.problems:
                unique = dict.fromkeys(estimate.problems)
                raise invalid_input([invalid(p.message, *p.field) for p in unique])
            error = await charge_cost(ctx, estimate.cost)
            if error is not None:
                raise error
        yield
