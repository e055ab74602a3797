"""Subscription root: eventFired, resumable with `after`, in commit order, nothing lost."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from api.graphql.context import Context, invalid_argument
from api.graphql.events.filters import checked_filter
from api.graphql.events.types import Event, EventSource
from api.graphql.fast_paths import LiveSender
from core.events.records import StoredEvent, format_event_id, parse_event_id
from core.live.hub import FellBehind, LiveFilter, LiveSink

REPLAY_PAGE = 500


class _SubscriberFeed:
    """Delivers one subscription's events: sent directly when shareable, else yielded."""

    def __init__(self, info: strawberry.Info[Context]) -> None:
        self._ctx = info.context
        self._sender = LiveSender.for_running_operation(info.schema._schema, info.context)

    def sink(self) -> LiveSink | None:
        """Where the hub may hand live events itself (LiveHub.follow), if anywhere."""
        sender = self._sender
        if sender is None or not sender.sends_now:
            return None
        services = self._ctx.services

        def take(event: StoredEvent) -> bool:
            status = event.status(now=services.now(), windows=services.windows)
            return status is None or sender.send_now(event, status)

        return take

    async def dropped_slow_consumer(self, error: GraphQLError) -> bool:
        if self._sender is None:
            return False
        await self._sender.drop_slow_consumer(error.formatted)
        return True

    async def node_to_yield(self, event: StoredEvent, *, live: bool) -> Event | None:
        # Status as of sending, not as of the connection's start.
        status = event.status(now=self._ctx.services.now(), windows=self._ctx.services.windows)
        if status is None:  # past retention: as if deleted
            return None
        if self._sender is not None and await self._sender.send(event, status, shared=live):
            return None
        return Event.from_stored(event, status=status)


@strawberry.type
class EventSubscription:
    @strawberry.subscription(
        description="Every event committed after the subscription starts, in commit order; with "
        "`after`, first every stored event after that id, then live, with no gap and no duplicate."
    )
    async def event_fired(
        self,
        info: strawberry.Info[Context],
        trigger_id: strawberry.ID | None = None,
        include_test: bool = False,
        after: strawberry.ID | None = None,
        source: EventSource | None = None,
        payload_contains: JSON | None = None,
    ) -> AsyncGenerator[Event, None]:
        ctx = info.context
        feed = _SubscriberFeed(info)
        filters = checked_filter(
            status=None,
            trigger_id=trigger_id,
            include_test=include_test,
            source=source,
            payload_contains=payload_contains,
        )
        if filters is None:
            raise invalid_argument("triggerId is not a trigger id", "triggerId")
        after_id = parse_event_id(after) if after else None
        if after and after_id is None:
            raise invalid_argument("after is not an event id", "after")
        live_filter = LiveFilter.of(filters)
        followed = ctx.live.follow(
            live_filter, after=after_id, replay_page=REPLAY_PAGE, sink=feed.sink()
        )
        try:
            async for event, live in followed:
                node = await feed.node_to_yield(event, live=live)
                if node is not None:
                    yield node
        except FellBehind as behind:
            last = format_event_id(behind.last_delivered) if behind.last_delivered else None
            error = GraphQLError(
                "this subscriber fell too far behind and was dropped; subscribe again "
                f"with after: {last!r} to resume without loss",
                extensions={"code": "SLOW_CONSUMER", "lastEventId": last},
            )
            if await feed.dropped_slow_consumer(error):
                return
            raise error from None
        finally:
            # Unsubscribes now, not whenever the generator is collected.
            await followed.aclose()
