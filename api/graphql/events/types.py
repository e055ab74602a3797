"""The events domain's GraphQL types, built from core's StoredEvent."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from api.graphql.connections import Edge, PageInfo
from api.graphql.context import Context
from api.graphql.triggers.types import TriggerKind
from api.graphql.user_errors import UserError
from core.events import retention, sources
from core.events.pages import encode_cursor
from core.events.records import StoredEvent, format_event_id

# Core's enums are the GraphQL enums (as TriggerKind in triggers/types.py).
strawberry.enum(sources.EventSource, name="EventSource")
strawberry.enum(retention.EventStatus, name="EventStatus")
EventSource = sources.EventSource
EventStatus = retention.EventStatus


@strawberry.type(name="Event")
class Event:
    id: strawberry.ID = strawberry.field(
        description="Opaque and sortable: an event committed later has a greater id."
    )
    trigger_id: strawberry.ID | None
    trigger_name: str
    kind: TriggerKind
    source: EventSource
    status: EventStatus
    is_test: bool
    payload: JSON | None
    scheduled_for: datetime | None
    fired_at: datetime

    @classmethod
    def from_stored(cls, event: StoredEvent, *, status: retention.EventStatus) -> Event:
        return cls(
            id=strawberry.ID(format_event_id(event.id)),
            trigger_id=strawberry.ID(str(event.trigger_id)) if event.trigger_id else None,
            trigger_name=event.trigger_name,
            kind=event.kind,
            source=event.source,
            status=status,
            is_test=event.is_test,
            payload=event.payload,
            scheduled_for=event.scheduled_for,
            fired_at=event.fired_at,
        )


def event_or_none(event: StoredEvent, ctx: Context) -> Event | None:
    status = event.status(now=ctx.now, windows=ctx.platform.windows)
    return Event.from_stored(event, status=status) if status else None


@strawberry.type(name="EventConnection")
class EventConnection:
    edges: list[Edge[Event]]
    page_info: PageInfo


def event_cursor(event: StoredEvent) -> str:
    return encode_cursor(event.fired_at, event.id)


@strawberry.type
class EventPayload:
    event: Event | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TriggerEventCount:
    trigger_id: strawberry.ID
    trigger_name: str
    active: int
    archived: int


@strawberry.type(name="RateBucket")
class RateBucket:
    start: datetime
    count: int
