"""The deliveries domain's GraphQL types, built from core's records (never ORM rows)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.connections import Edge, PageInfo
from api.graphql.context import Context
from api.graphql.user_errors import UserError
from core.access.scopes import KeyScope
from core.deliveries import records
from core.deliveries.deliveries import DeliveryWithAttempts
from core.deliveries.records import StoredAttempt, StoredDestination
from core.events.records import format_event_id

# Core's enum is the GraphQL enum (as TriggerKind in triggers/types.py).
strawberry.enum(records.DeliveryStatus, name="DeliveryStatus")
DeliveryStatus = records.DeliveryStatus


def _json(headers: dict[str, str] | None) -> JSON | None:
    """Header maps as the JSON scalar (a plain object)."""
    return cast(JSON, headers)


# What a key without hooks:read sees of a static header's value: static headers often carry the
# receiver's credential (Authorization, an API key), as the secret does.
HIDDEN_VALUE = "[hidden: needs hooks:read]"


def _headers(root: Destination, info: strawberry.Info[Context]) -> JSON | None:
    if root._headers is None or info.context.may(KeyScope.HOOKS_READ):
        return _json(root._headers)
    return _json(dict.fromkeys(root._headers, HIDDEN_VALUE))


def _secret(root: Destination, info: strawberry.Info[Context]) -> str | None:
    # API.md: a destination's secret only with hooks:read (and only when just made).
    return root._secret if info.context.may(KeyScope.HOOKS_READ) else None


@strawberry.type(name="Destination")
class Destination:
    id: strawberry.ID
    name: str
    url: str
    headers: JSON | None = strawberry.field(resolver=_headers)
    timeout_seconds: int
    trigger_ids: list[strawberry.ID] | None = strawberry.field(description="null: every trigger.")
    include_test: bool
    ordered: bool
    max_in_flight: int | None
    rate_per_second: float | None
    retry_schedule: list[int] = strawberry.field(description="Seconds between attempts.")
    paused: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    secret: str | None = strawberry.field(
        resolver=_secret,
        description="whsec_...; only in the payload of create and rotate, else null.",
    )
    created_at: datetime
    updated_at: datetime
    _headers: strawberry.Private[dict[str, str] | None]
    _secret: strawberry.Private[str | None]

    @classmethod
    def from_stored(cls, stored: StoredDestination, *, with_secret: bool = False) -> Destination:
        return cls(
            id=strawberry.ID(str(stored.id)),
            name=stored.name,
            url=stored.url,
            _headers=stored.headers,
            timeout_seconds=stored.timeout_seconds,
            trigger_ids=(
                None
                if stored.trigger_ids is None
                else [strawberry.ID(str(t)) for t in stored.trigger_ids]
            ),
            include_test=stored.include_test,
            ordered=stored.ordered,
            max_in_flight=stored.max_in_flight,
            rate_per_second=stored.rate_per_second,
            retry_schedule=list(stored.retry_schedule),
            paused=stored.paused,
            disabled_at=stored.disabled_at,
            disabled_reason=stored.disabled_reason,
            _secret=stored.secret if with_secret else None,
            created_at=stored.created_at,
            updated_at=stored.updated_at,
        )


@strawberry.type(name="DeliveryAttempt")
class DeliveryAttempt:
    at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None
    response_headers: JSON | None
    response_body: str | None = strawberry.field(description="The first 4 KiB.")

    @classmethod
    def from_stored(cls, stored: StoredAttempt) -> DeliveryAttempt:
        return cls(
            at=stored.at,
            duration_ms=stored.duration_ms,
            status_code=stored.status_code,
            error=stored.error,
            response_headers=_json(stored.response_headers),
            response_body=stored.response_body,
        )


@strawberry.type(name="Delivery")
class Delivery:
    id: strawberry.ID = strawberry.field(
        description="The webhook-id header of its requests, the same on every attempt."
    )
    event_id: strawberry.ID
    destination_id: strawberry.ID
    status: DeliveryStatus
    attempts: list[DeliveryAttempt]
    next_attempt_at: datetime | None

    @classmethod
    def from_core(cls, found: DeliveryWithAttempts) -> Delivery:
        delivery = found.delivery
        return cls(
            # The webhook-id its requests carry: a receiver's log and this id match.
            id=strawberry.ID(delivery.message_id),
            event_id=strawberry.ID(format_event_id(delivery.event_id)),
            destination_id=strawberry.ID(str(delivery.destination_id)),
            status=delivery.status,
            attempts=[DeliveryAttempt.from_stored(a) for a in found.attempts],
            next_attempt_at=delivery.next_attempt_at,
        )


@strawberry.type(name="DestinationConnection")
class DestinationConnection:
    edges: list[Edge[Destination]]
    page_info: PageInfo


@strawberry.type(name="DeliveryConnection")
class DeliveryConnection:
    edges: list[Edge[Delivery]]
    page_info: PageInfo


@strawberry.type
class DestinationPayload:
    destination: Destination | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeliveryPayload:
    delivery: Delivery | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BulkPayload:
    queued: int = 0
    errors: list[UserError] = strawberry.field(default_factory=list)
