"""The deliveries domain's queries: destinations, and deliveries with their attempts."""

from __future__ import annotations

from collections.abc import Sequence, Sized
from typing import Any

import strawberry

from api.graphql.connections import Edge, PageInfo, check_first, page_info
from api.graphql.context import Context, invalid_argument
from api.graphql.deliveries.ids import (
    delivery_filters,
    parse_delivery_cursor,
    parse_destination_id,
)
from api.graphql.deliveries.types import (
    Delivery,
    DeliveryConnection,
    DeliveryStatus,
    Destination,
    DestinationConnection,
)
from core.deliveries import deliveries as delivery_service
from core.deliveries import destinations as destination_service

DESTINATIONS_MAX = 500
DELIVERIES_MAX = delivery_service.MAX_PAGE


def _page_info(edges: Sequence[Edge[Any]], page: Sized, first: int, after: str | None) -> PageInfo:
    """`page` was read with first + 1 rows: one more tells that a next page exists."""
    return page_info(
        [e.cursor for e in edges],
        has_next_page=len(page) > first,
        has_previous_page=after is not None,
    )


@strawberry.type
class DeliveryQuery:
    @strawberry.field
    async def destination(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> Destination | None:
        destination_id = parse_destination_id(id)
        if destination_id is None:
            return None
        found = await destination_service.destination(destination_id)
        return Destination.from_stored(found) if found is not None else None

    @strawberry.field(description="In creation order.", metadata={"size": (1, DESTINATIONS_MAX)})
    async def destinations(
        self, info: strawberry.Info[Context], first: int = 50, after: str | None = None
    ) -> DestinationConnection:
        check_first(first, DESTINATIONS_MAX)
        after_id = parse_destination_id(after) if after else None
        if after and after_id is None:
            raise invalid_argument("after is not a cursor returned by destinations", "after")
        page = await destination_service.destinations(first=first + 1, after=after_id)
        edges = [Edge(cursor=str(d.id), node=Destination.from_stored(d)) for d in page[:first]]
        return DestinationConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges],
                has_next_page=len(page) > first,
                has_previous_page=after is not None,
            ),
        )

    @strawberry.field(
        description="Newest first, each with its attempts (oldest first).",
        metadata={"size": (1, DELIVERIES_MAX)},
    )
    async def deliveries(
        self,
        info: strawberry.Info[Context],
        destination_id: strawberry.ID | None = None,
        event_id: strawberry.ID | None = None,
        status: DeliveryStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> DeliveryConnection:
        check_first(first, DELIVERIES_MAX)
        destination_uuid, event = delivery_filters(destination_id, event_id)
        before_id = parse_delivery_cursor(after) if after else None
        if after and before_id is None:
            raise invalid_argument("after is not a cursor returned by deliveries", "after")
        page = await delivery_service.deliveries(
            destination_id=destination_uuid,
            event_id=event,
            status=status,
            first=first + 1,
            before_id=before_id,
        )
        edges = [
            Edge(cursor=str(found.delivery.id), node=Delivery.from_core(found))
            for found in page[:first]
        ]
        return DeliveryConnection(edges=edges, page_info=_page_info(edges, page, first, after))
