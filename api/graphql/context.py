"""The per-request GraphQL context: the process services and the caller's key."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError
from starlette.requests import HTTPConnection

from api.rate_limits import RateLimits, Verdict
from core.access.api_keys import Principal
from core.access.browser_sessions import SignedIn
from core.access.scopes import KeyScope
from core.errors import UserError, invalid
from core.live.hub import LiveHub
from core.runtime import ProcessServices
from core.triggers.definitions import Owner

if TYPE_CHECKING:
    from api.graphql.fast_paths import EventListCache, ResultLifetime


@dataclass(slots=True)
class Context:
    services: ProcessServices
    principal: Principal | None
    connection: HTTPConnection
    # One clock reading per operation, so every status in one response agrees.
    now: datetime
    live: LiveHub
    # graphql-transport-ws: the connection_init payload, where the API key may travel.
    connection_params: dict[str, object] | None = None
    # The event list cache when installed (a fast path), and the lifetime of the result being
    # computed for it (fast_paths/result_cache.py).
    event_lists: EventListCache | None = None
    result_lifetime: ResultLifetime | None = None
    # The process's rate limit counters (None: no limits, as in tests that execute directly),
    # and the latest verdict on this operation, which the HTTP view turns into headers.
    rate_limits: RateLimits | None = None
    verdict: Verdict | None = None
    # Set when the dashboard's session cookie authenticated the caller, not an API key.
    signed_in: SignedIn | None = None
    # A cookie-authenticated POST without the session's CSRF token: refused with 403.
    csrf_refused: bool = False
    # This request's DataLoaders by name, made on first use (triggers/activity.py,
    # Event.deliveries): one batch per field across a list.
    loaders: dict[str, Any] = field(default_factory=dict)

    def owner(self) -> Owner | None:
        """The caller as the owner of what it creates, for the per-key quotas."""
        if self.principal is None:
            return None
        return Owner(self.principal.key_id, self.services.settings.max_triggers_per_key)

    def may(self, scope: KeyScope) -> bool:
        """For a field shown only to some keys (hookUrl); root fields are checked by ScopeCheck."""
        return self.principal is not None and self.principal.can(scope)


def unauthenticated() -> GraphQLError:
    return GraphQLError(
        "a valid API key is required: send it as X-API-Key or Authorization: Bearer"
        " (or sign in: POST /session)",
        extensions={"code": "UNAUTHENTICATED"},
    )


def presented_key(headers: dict[str, str] | object) -> str | None:
    get = getattr(headers, "get", None)
    if get is None:
        return None
    key = get("x-api-key")
    if key:
        return str(key)
    authorization = get("authorization") or ""
    scheme, _, token = str(authorization).partition(" ")
    if scheme.lower() == "bearer" and token:
        return token.strip()
    return None


def invalid_input(errors: list[UserError]) -> GraphQLError:
    """For queries, which have no payload type: the errors as one top-level GraphQL error."""
    return GraphQLError(
        "; ".join(e.message for e in errors),
        extensions={
            "code": "INVALID",
            "errors": [{"field": list(e.field or ()), "message": e.message} for e in errors],
        },
    )


def invalid_argument(message: str, *field: str) -> GraphQLError:
    """A bad argument of a query field: INVALID, naming the argument."""
    return invalid_input([invalid(message, *field)])
