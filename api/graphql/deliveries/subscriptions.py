"""deliveryUpdated: a delivery each time it changes (an attempt recorded, queued again)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from api.graphql.context import Context
from api.graphql.deliveries.ids import delivery_filters
from api.graphql.deliveries.types import Delivery
from core.deliveries import deliveries as delivery_service
from core.deliveries.updates import DeliveryUpdateHub, UpdateFilter, UpdatesLost


@strawberry.type
class DeliverySubscription:
    @strawberry.subscription(
        description="Each change of a matching delivery from now on, as the delivery reads"
        " then. Missed updates are not replayed: read `deliveries` after reconnecting."
    )
    async def delivery_updated(
        self,
        info: strawberry.Info[Context],
        destination_id: strawberry.ID | None = None,
        event_id: strawberry.ID | None = None,
    ) -> AsyncGenerator[Delivery, None]:
        ctx = info.context
        destination, event = delivery_filters(destination_id, event_id)
        hub: DeliveryUpdateHub = ctx.connection.state.delivery_updates
        followed = hub.follow(UpdateFilter(destination_id=destination, event_id=event))
        try:
            async for changed in followed:
                found = await delivery_service.delivery_with_attempts(changed.delivery_id)
                if found is not None:  # deleted with its destination or event meanwhile
                    yield Delivery.from_core(found)
        except UpdatesLost:
            raise GraphQLError(
                "this subscriber fell too far behind and was dropped; read deliveries and"
                " subscribe again",
                extensions={"code": "SLOW_CONSUMER"},
            ) from None
        finally:
            await followed.aclose()
