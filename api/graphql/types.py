"""GraphQL output types, built from core's records (never ORM rows) with from_* constructors."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Generic, TypeVar

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Context, invalid_input
from api.graphql.field_paths import argument_path
from core import errors as core_errors
from core.events import retention, sources
from core.events.pages import encode_cursor
from core.events.records import StoredEvent, format_event_id
from core.triggers import kinds
from core.triggers.records import StoredTrigger
from core.triggers.schedule_text import describe_schedule
from core.triggers.schedules import COUNT_MAX, LIST_SECONDS, next_fire_times, validate_count
from core.triggers.schedules import Schedule as CoreSchedule

# Core's enums are the GraphQL enums: strawberry.enum marks the class itself, and the names
# below are plain aliases, so that type checkers see the enum classes.
strawberry.enum(kinds.TriggerKind, name="TriggerKind")
strawberry.enum(sources.EventSource, name="EventSource")
strawberry.enum(retention.EventStatus, name="EventStatus")
strawberry.enum(core_errors.ErrorCode, name="ErrorCode")
TriggerKind = kinds.TriggerKind
EventSource = sources.EventSource
EventStatus = retention.EventStatus
ErrorCode = core_errors.ErrorCode


# A refused firing's code in GraphQL; the REST shim maps the same reasons to HTTP statuses.
_REFUSAL_CODES = {
    core_errors.RefusalReason.INVALID: core_errors.ErrorCode.INVALID,
    core_errors.RefusalReason.UNKNOWN_TRIGGER: core_errors.ErrorCode.NOT_FOUND,
    core_errors.RefusalReason.PAUSED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.SCHEMA_MISMATCH: core_errors.ErrorCode.SCHEMA_MISMATCH,
    core_errors.RefusalReason.IDEMPOTENCY_KEY_REUSED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.TRIGGER_CHANGED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.OVER_QUOTA: core_errors.ErrorCode.FORBIDDEN,
}


@strawberry.type(name="UserError")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def from_core(
        cls, error: core_errors.UserError | core_errors.FireRefusal, *, under_input: bool
    ) -> UserError:
        code = (
            _REFUSAL_CODES[error.reason]
            if isinstance(error, core_errors.FireRefusal)
            else error.code
        )
        path = argument_path(error.field, under_input=under_input)
        return cls(code=code, field=path or None, message=error.message)


def user_errors(
    errors: Sequence[core_errors.UserError | core_errors.FireRefusal], *, under_input: bool
) -> list[UserError]:
    return [UserError.from_core(e, under_input=under_input) for e in errors]


@strawberry.type(name="Schedule")
class Schedule:
    at: datetime | None
    cron: str | None
    every_seconds: int | None
    timezone: str
    start_at: datetime | None
    end_at: datetime | None
    description: str = strawberry.field(
        description='Readable, in the schedule\'s time zone: "At 02:30 every day (Europe/Berlin)".'
    )

    @classmethod
    def from_core(cls, schedule: CoreSchedule) -> Schedule:
        return cls(
            at=schedule.at,
            cron=schedule.cron,
            every_seconds=schedule.every_seconds,
            timezone=schedule.timezone,
            start_at=schedule.start_at,
            end_at=schedule.end_at,
            description=describe_schedule(schedule),
        )


@strawberry.type(name="Trigger")
class Trigger:
    id: strawberry.ID
    name: str
    description: str | None
    kind: TriggerKind
    schedule: Schedule | None
    payload: JSON | None
    api_schema: JSON | None
    hook_url: str | None
    paused: bool
    misfire_grace_seconds: int | None
    missed_firings: int
    next_fire_at: datetime | None
    created_at: datetime
    updated_at: datetime
    _schedule: strawberry.Private[CoreSchedule | None]

    # The next time is stored; the rest is a schedule expansion from it (api/graphql/cost.py).
    @strawberry.field(
        description="The next firing times in UTC; empty when paused or finished.",
        metadata={"cost": 10, "size": (0, COUNT_MAX)},
    )
    async def upcoming(self, info: strawberry.Info[Context], count: int = 5) -> list[datetime]:
        errors = validate_count(count, "count", least=0)
        if errors:
            raise invalid_input(errors)
        if self._schedule is None or self.paused or self.next_fire_at is None:
            return []
        first = self.next_fire_at
        if count <= 1:
            return [first][:count]
        # Off the event loop: a rare cron may search for up to 20 ms, once per listed trigger.
        rest = await asyncio.to_thread(
            next_fire_times,
            self._schedule,
            after=first,
            count=count - 1,
            search_seconds=LIST_SECONDS,
        )
        return [first, *rest][:count]

    @classmethod
    def from_stored(cls, row: StoredTrigger, *, public_url: str) -> Trigger:
        schedule = CoreSchedule.from_json(row.schedule) if row.schedule else None
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            description=row.description,
            kind=row.kind,
            schedule=Schedule.from_core(schedule) if schedule else None,
            payload=row.payload if row.kind is kinds.TriggerKind.SCHEDULED else None,
            api_schema=row.api_schema,
            hook_url=f"{public_url}/hooks/{row.hook_token}" if row.hook_token else None,
            paused=row.paused,
            misfire_grace_seconds=row.misfire_grace_seconds,
            missed_firings=row.missed_firings,
            next_fire_at=None if row.paused else row.next_fire_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _schedule=schedule,
        )


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
    status = event.status(now=ctx.now, windows=ctx.services.windows)
    return Event.from_stored(event, status=status) if status else None


NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type(name="TriggerConnection")
class TriggerConnection:
    edges: list[Edge[Trigger]]
    page_info: PageInfo


@strawberry.type(name="EventConnection")
class EventConnection:
    edges: list[Edge[Event]]
    page_info: PageInfo


def page_info(cursors: list[str], *, has_next_page: bool, has_previous_page: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=has_previous_page,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def event_cursor(event: StoredEvent) -> str:
    return encode_cursor(event.fired_at, event.id)


@strawberry.type
class TriggerPayload:
    trigger: Trigger | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EventPayload:
    event: Event | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None = None
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
