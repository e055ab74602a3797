"""The events domain's queries: one event, pages of them, counts and rates."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from api.graphql.connections import Edge, check_first, page_info
from api.graphql.context import Context, invalid_argument, invalid_input
from api.graphql.events.filters import checked_filter
from api.graphql.events.types import (
    Event,
    EventConnection,
    EventSource,
    EventStatus,
    RateBucket,
    TriggerEventCount,
    event_cursor,
    event_or_none,
)
from api.graphql.fast_paths import bound_lifetime
from core.errors import UserErrors
from core.events import counts as event_counts
from core.events import queries as event_queries
from core.events import retention
from core.events.pages import EventCursor
from core.triggers import definitions as triggers


@strawberry.type
class EventQuery:
    @strawberry.field
    async def event(self, info: strawberry.Info[Context], id: strawberry.ID) -> Event | None:
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
        check_first(first, event_queries.PAGE_MAX)
        cursor = EventCursor.decode(after) if after else None
        if after and cursor is None:
            raise invalid_argument("after is not a cursor returned by events", "after")
        filters = checked_filter(
            status=status,
            trigger_id=trigger_id,
            include_test=include_test,
            source=source,
            since=since,
            until=until,
            payload_contains=payload_contains,
        )
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
