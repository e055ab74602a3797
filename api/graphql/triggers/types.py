"""The triggers domain's GraphQL types, built from core's records (never ORM rows) with
from_* constructors."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from api.graphql.connections import Edge, PageInfo
from api.graphql.context import Context, invalid_input
from api.graphql.triggers.activity import trigger_activity
from api.graphql.user_errors import UserError
from core.access.scopes import KeyScope
from core.triggers import kinds
from core.triggers.records import StoredTrigger
from core.triggers.schedule_text import describe_schedule
from core.triggers.schedules import COUNT_MAX, LIST_SECONDS, next_fire_times, validate_count
from core.triggers.schedules import Schedule as CoreSchedule

if TYPE_CHECKING:
    from api.graphql.events.types import Event

# Core's enums are the GraphQL enums: strawberry.enum marks the class itself, and the name
# below is a plain alias, so that type checkers see the enum class.
strawberry.enum(kinds.TriggerKind, name="TriggerKind")
TriggerKind = kinds.TriggerKind


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


def _hook_url(root: Trigger, info: strawberry.Info[Context]) -> str | None:
    # The URL carries the hook's credential: shown only to keys that may see hook credentials.
    return root._hook_url if info.context.may(KeyScope.HOOKS_READ) else None


@strawberry.type(name="Trigger")
class Trigger:
    id: strawberry.ID
    name: str
    description: str | None
    kind: TriggerKind
    schedule: Schedule | None
    payload: JSON | None
    api_schema: JSON | None
    hook_url: str | None = strawberry.field(resolver=_hook_url)
    paused: bool
    misfire_grace_seconds: int | None
    missed_firings: int
    next_fire_at: datetime | None
    created_at: datetime
    updated_at: datetime
    _schedule: strawberry.Private[CoreSchedule | None]
    _hook_url: strawberry.Private[str | None]

    # The next time is stored; the rest is a schedule expansion from it (api/graphql/transport/cost.py).
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
        # Off the event loop: a rare cron may search for up to LIST_SECONDS, once per listed trigger.
        rest = await asyncio.to_thread(
            next_fire_times,
            self._schedule,
            after=first,
            count=count - 1,
            search_seconds=LIST_SECONDS,
        )
        return [first, *rest][:count]

    @strawberry.field(description="The newest non-test event of this trigger, whatever its status.")
    async def last_event(
        self, info: strawberry.Info[Context]
    ) -> Annotated[Event, strawberry.lazy("api.graphql.events.types")] | None:
        from api.graphql.events.types import event_or_none  # events' types import this module

        stored = await trigger_activity(info.context).last_event.load(UUID(self.id))
        return event_or_none(stored, info.context) if stored is not None else None

    @strawberry.field(
        description="Non-test events fired since `since` (default, and at the earliest, 48 h "
        "ago), from the per-minute counts."
    )
    async def event_count(
        self, info: strawberry.Info[Context], since: datetime | None = None
    ) -> int:
        return await trigger_activity(info.context).event_count.load((UUID(self.id), since))

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
            _hook_url=f"{public_url}/hooks/{row.hook_token}" if row.hook_token else None,
            paused=row.paused,
            misfire_grace_seconds=row.misfire_grace_seconds,
            missed_firings=row.missed_firings,
            next_fire_at=None if row.paused else row.next_fire_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _schedule=schedule,
        )


@strawberry.type(name="TriggerConnection")
class TriggerConnection:
    edges: list[Edge[Trigger]]
    page_info: PageInfo


@strawberry.type
class TriggerPayload:
    trigger: Trigger | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
