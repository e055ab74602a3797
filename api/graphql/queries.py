"""Query root: reads call one core function each and shape the result."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from api.graphql.context import Context, invalid_argument, invalid_input
from api.graphql.fast_paths.result_cache import bound_lifetime
from api.graphql.field_paths import argument_path
from api.graphql.inputs import ScheduleInput
from api.graphql.types import (
    Edge,
    Event,
    EventConnection,
    EventSource,
    EventStatus,
    RateBucket,
    Trigger,
    TriggerConnection,
    TriggerEventCount,
    TriggerKind,
    event_cursor,
    event_or_none,
    page_info,
)
from core.access.api_keys import Scope
from core.errors import UserError, UserErrors
from core.events import counts as event_counts
from core.events import queries as event_queries
from core.events import retention
from core.events.pages import EventCursor, event_filter
from core.triggers import definitions as triggers
from core.triggers.schedule_text import describe_schedule
from core.triggers.schedules import COUNT_MAX, preview_schedule, validate_schedule


def _argument_errors(errors: list[UserError]) -> GraphQLError:
    """Core's errors about a query's arguments, their fields named as the arguments are."""
    return invalid_input(
        [replace(e, field=tuple(argument_path(e.field, under_input=False) or ())) for e in errors]
    )


def _check_first(first: int, limit: int) -> None:
    if not 1 <= first <= limit:
        raise invalid_argument(f"first must be between 1 and {limit}", "first")


@strawberry.type
class Query:
    @strawberry.field
    async def trigger(self, info: strawberry.Info[Context], id: strawberry.ID) -> Trigger | None:
        info.context.require(Scope.READ)
        row = await triggers.get_trigger(id)
        return (
            Trigger.from_stored(row, public_url=info.context.services.settings.base_url)
            if row
            else None
        )

    @strawberry.field(description="Triggers ordered by name.", metadata={"size": (1, 500)})
    async def triggers(
        self,
        info: strawberry.Info[Context],
        kind: TriggerKind | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> TriggerConnection:
        info.context.require(Scope.READ)
        _check_first(first, 500)
        after_name = triggers.decode_trigger_cursor(after) if after else None
        if after and after_name is None:
            raise invalid_argument("after is not a cursor returned by triggers", "after")
        page = await triggers.list_triggers(kind=kind, first=first, after_name=after_name)
        public_url = info.context.services.settings.base_url
        edges = [
            Edge(
                cursor=triggers.encode_trigger_cursor(row.name),
                node=Trigger.from_stored(row, public_url=public_url),
            )
            for row in page.triggers
        ]
        return TriggerConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges],
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
            ),
        )

    @strawberry.field
    async def event(self, info: strawberry.Info[Context], id: strawberry.ID) -> Event | None:
        info.context.require(Scope.READ)
        ctx = info.context
        stored = await event_queries.get_event(id, now=ctx.now, windows=ctx.services.windows)
        return event_or_none(stored, ctx) if stored else None

    @strawberry.field(
        description=(
            "Newest first. status null selects every retained event. since <= firedAt < until."
            " payloadContains: JSON containment (an object or array the payload contains, as"
            ' jsonb @> does), e.g. {"currency": "EUR"}.'
        ),
        metadata={"size": (1, event_queries.PAGE_MAX)},
    )
    async def events(
        self,
        info: strawberry.Info[Context],
        status: EventStatus | None = retention.EventStatus.ACTIVE,
        trigger_id: strawberry.ID | None = None,
        include_test: bool = False,
        first: int = 20,
        after: str | None = None,
        source: EventSource | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        payload_contains: JSON | None = None,
    ) -> EventConnection:
        ctx = info.context
        ctx.require(Scope.READ)
        _check_first(first, event_queries.PAGE_MAX)
        cursor = EventCursor.decode(after) if after else None
        if after and cursor is None:
            raise invalid_argument("after is not a cursor returned by events", "after")
        try:
            filters = event_filter(
                status=status,
                trigger_id=trigger_id,
                include_test=include_test,
                source=source,
                since=since,
                until=until,
                payload_contains=payload_contains,
            )
        except UserErrors as error:
            raise invalid_input(error.errors) from None
        if filters is None:
            return EventConnection(
                edges=[], page_info=page_info([], has_next_page=False, has_previous_page=False)
            )
        windows = ctx.services.windows
        page = await event_queries.list_events(
            filters, first=first, after=cursor, now=ctx.now, windows=windows
        )
        if ctx.result_lifetime is not None:
            await bound_lifetime(
                ctx.result_lifetime, filters, page, services=ctx.services, now=ctx.now
            )
        edges = []
        for stored in page.events:
            node = event_or_none(stored, ctx)
            if node is not None:
                edges.append(Edge(cursor=event_cursor(stored), node=node))
        return EventConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges],
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
            ),
        )

    @strawberry.field(description="Per trigger: active and archived events within retention.")
    async def event_counts(self, info: strawberry.Info[Context]) -> list[TriggerEventCount]:
        ctx = info.context
        ctx.require(Scope.READ)
        counts = await event_counts.count_events_by_trigger(
            now=ctx.now, windows=ctx.services.windows
        )
        return [
            TriggerEventCount(
                trigger_id=strawberry.ID(str(c.trigger_id)),
                trigger_name=c.trigger_name,
                active=c.active,
                archived=c.archived,
            )
            for c in counts
        ]

    @strawberry.field(
        description=(
            "Non-test events per bucket, oldest first, from the per-minute rollup: every bucket"
            " from the one holding `since` (default: the active window ago; never before the"
            " retention window) to the one holding now, zero when none fired. bucketSeconds: a"
            " multiple of 60 up to 86400; buckets are aligned to multiples of it since the epoch."
            " triggerId null: all triggers."
        ),
        metadata={"cost": 100},
    )
    async def event_rate(
        self,
        info: strawberry.Info[Context],
        trigger_id: strawberry.ID | None = None,
        since: datetime | None = None,
        bucket_seconds: int = 60,
    ) -> list[RateBucket]:
        ctx = info.context
        ctx.require(Scope.READ)
        trigger_uuid = triggers.parse_trigger_id(trigger_id) if trigger_id else None
        windows = ctx.services.windows
        try:
            buckets = await event_counts.event_rate(
                trigger_id=trigger_uuid,
                since=since if since is not None else ctx.now - windows.active,
                now=ctx.now,
                bucket_seconds=bucket_seconds,
                windows=windows,
            )
        except UserErrors as error:
            raise invalid_input(error.errors) from None
        if trigger_id and trigger_uuid is None:  # no trigger has this id: nothing fired
            return [RateBucket(start=b.start, count=0) for b in buckets]
        return [RateBucket(start=b.start, count=b.count) for b in buckets]

    # Expanding an arbitrary schedule is the costliest thing a read does: a thousand fields'
    # worth (api/graphql/cost.py), so one operation holds at most about 20 of them.
    @strawberry.field(
        description="The next firing times of a schedule, in UTC, without saving it.",
        metadata={"cost": 1000, "size": (1, COUNT_MAX)},
    )
    async def preview_schedule(
        self, info: strawberry.Info[Context], schedule: ScheduleInput, count: int = 5
    ) -> list[datetime]:
        ctx = info.context
        ctx.require(Scope.READ)
        try:
            # Off the event loop: a rare cron may search for up to 20 ms per call, and an
            # operation may hold about 20 calls.
            return await asyncio.to_thread(
                preview_schedule, schedule.to_core(), now=ctx.now, count=count
            )
        except UserErrors as error:
            raise _argument_errors(error.errors) from None

    # Validating a cron looks for its first time once (croniter): a tenth of previewSchedule.
    @strawberry.field(
        description="The readable text of a schedule (Schedule.description) without saving it:"
        " for a form, as the person types. INVALID errors as previewSchedule's.",
        metadata={"cost": 100},
    )
    async def describe_schedule(
        self, info: strawberry.Info[Context], schedule: ScheduleInput
    ) -> str:
        ctx = info.context
        ctx.require(Scope.READ)
        # Off the event loop, as previewSchedule: a rare cron's first time takes a search.
        checked = await asyncio.to_thread(
            validate_schedule, schedule.to_core(), now=ctx.now, field=("schedule",)
        )
        if isinstance(checked, list):
            raise _argument_errors(checked)
        return describe_schedule(checked)
