"""The deliveries domain's mutations: destinations managed, a test sent, deliveries requeued.
Expected failures come back as payload errors and write nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID

import strawberry

from api.graphql.context import Context
from api.graphql.deliveries.ids import parse_destination_id
from api.graphql.deliveries.inputs import DestinationInput
from api.graphql.deliveries.types import (
    BulkPayload,
    Delivery,
    DeliveryPayload,
    Destination,
    DestinationPayload,
)
from api.graphql.triggers.types import DeletePayload
from api.graphql.user_errors import user_errors
from core.deliveries import deliveries as delivery_service
from core.deliveries import destinations as destination_service
from core.deliveries.deliveries import DeliveryWithAttempts
from core.deliveries.records import ReplayRange, StoredDelivery, StoredDestination
from core.deliveries.updates import UpdatePublisher
from core.errors import UserError, invalid, not_found
from core.events.records import parse_event_id
from core.triggers.definitions import parse_trigger_id


def _destination_payload(
    result: StoredDestination | list[UserError], *, with_secret: bool = False
) -> DestinationPayload:
    if isinstance(result, list):
        return DestinationPayload(errors=user_errors(result, under_input=True))
    return DestinationPayload(destination=Destination.from_stored(result, with_secret=with_secret))


def _delivery_payload(result: DeliveryWithAttempts | list[UserError]) -> DeliveryPayload:
    if isinstance(result, list):
        return DeliveryPayload(errors=user_errors(result, under_input=False))
    return DeliveryPayload(delivery=Delivery.from_core(result))


async def _published(ctx: Context, delivery: StoredDelivery) -> None:
    """deliveryUpdated hears of a delivery this operation changed."""
    services = ctx.services
    await UpdatePublisher(services.redis, prefix=services.settings.redis_prefix)(delivery)


def _bulk_payload(result: int | list[UserError]) -> BulkPayload:
    if isinstance(result, list):
        return BulkPayload(errors=user_errors(result, under_input=False))
    return BulkPayload(queued=result)


def _destination_id(raw: str, *field: str) -> UUID | list[UserError]:
    parsed = parse_destination_id(raw)
    return parsed if parsed is not None else [not_found("destination", *field)]


# pause, resume, rotate: the destination named by `id`, changed as of the operation's clock.
Change = Callable[..., Awaitable[StoredDestination | list[UserError]]]


async def _change(
    ctx: Context, raw_id: str, change: Change, *, with_secret: bool = False
) -> DestinationPayload:
    destination_id = _destination_id(raw_id, "id")
    if isinstance(destination_id, list):
        return _destination_payload(destination_id)
    return _destination_payload(await change(destination_id, now=ctx.now), with_secret=with_secret)


@strawberry.type
class DeliveryMutation:
    @strawberry.mutation(description="The payload shows the new secret; nothing else ever does.")
    async def create_destination(
        self, info: strawberry.Info[Context], input: DestinationInput
    ) -> DestinationPayload:
        ctx = info.context
        settings = await input.to_core()
        if isinstance(settings, list):
            return _destination_payload(settings)
        result = await destination_service.create_destination(
            settings,
            allow_private=ctx.services.settings.delivery_allow_private,
            created_by_key=ctx.principal.key_id if ctx.principal else None,
        )
        return _destination_payload(result, with_secret=True)

    @strawberry.mutation(description="Replaces every setting; queued deliveries use the new ones.")
    async def update_destination(
        self, info: strawberry.Info[Context], id: strawberry.ID, input: DestinationInput
    ) -> DestinationPayload:
        ctx = info.context
        destination_id = _destination_id(id, "id")
        if isinstance(destination_id, list):
            return _destination_payload(destination_id)
        settings = await input.to_core()
        if isinstance(settings, list):
            return _destination_payload(settings)
        result = await destination_service.update_destination(
            destination_id,
            settings,
            allow_private=ctx.services.settings.delivery_allow_private,
            now=ctx.now,
        )
        return _destination_payload(result)

    @strawberry.mutation(description="Its deliveries and their attempts go with it.")
    async def delete_destination(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DeletePayload:
        destination_id = _destination_id(id, "id")
        errors = (
            destination_id
            if isinstance(destination_id, list)
            else await destination_service.delete_destination(destination_id)
        )
        if errors:
            return DeletePayload(errors=user_errors(errors, under_input=False))
        return DeletePayload(deleted_id=id)

    @strawberry.mutation(description="Deliveries keep being queued, and go out on resume.")
    async def pause_destination(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DestinationPayload:
        return await _change(info.context, id, destination_service.pause_destination)

    @strawberry.mutation(description="Also re-enables a disabled destination.")
    async def resume_destination(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DestinationPayload:
        return await _change(info.context, id, destination_service.resume_destination)

    @strawberry.mutation(
        description="A new secret, in this payload only; the old one still "
        "signs beside it for 24 h."
    )
    async def rotate_destination_secret(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DestinationPayload:
        return await _change(info.context, id, destination_service.rotate_secret, with_secret=True)

    @strawberry.mutation(
        description="Fires a sample test event and sends it now, even when paused or disabled;"
        " answers once the attempt is over."
    )
    async def send_test_delivery(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DeliveryPayload:
        ctx = info.context
        destination_id = _destination_id(id, "id")
        if isinstance(destination_id, list):
            return _delivery_payload(destination_id)
        services = ctx.services
        result = await delivery_service.send_test_delivery(
            destination_id,
            event_log=services.event_log,
            windows=services.windows,
            clock=services.clock,
            allow_private=services.settings.delivery_allow_private,
        )
        if not isinstance(result, list):
            await _published(ctx, result.delivery)
        return _delivery_payload(result)

    @strawberry.mutation(description="Queues the event for the destination again, now.")
    async def redeliver(
        self, info: strawberry.Info[Context], event_id: strawberry.ID, destination_id: strawberry.ID
    ) -> DeliveryPayload:
        ctx = info.context
        destination = _destination_id(destination_id, "destination_id")
        if isinstance(destination, list):
            return _delivery_payload(destination)
        event = parse_event_id(event_id)
        if event is None:
            return _delivery_payload([not_found("event", "event_id")])
        queued = await delivery_service.redeliver(event, destination, now=ctx.now)
        if isinstance(queued, list):
            return _delivery_payload(queued)
        await _published(ctx, queued)
        return _delivery_payload(DeliveryWithAttempts(queued, []))

    @strawberry.mutation(
        description="Queues again every FAILED delivery to the destination whose last attempt"
        " was at or after `since`."
    )
    async def recover_failed_deliveries(
        self, info: strawberry.Info[Context], destination_id: strawberry.ID, since: datetime
    ) -> BulkPayload:
        ctx = info.context
        destination = _destination_id(destination_id, "destination_id")
        if isinstance(destination, list):
            return _bulk_payload(destination)
        return _bulk_payload(
            await delivery_service.recover_failed(destination, since=since, now=ctx.now)
        )

    @strawberry.mutation(
        description="Sends again every non-test event fired in [since, until) (of one trigger,"
        " or all), delivered before or not: for a receiver that lost its data."
    )
    async def replay_events(
        self,
        info: strawberry.Info[Context],
        *,
        # Keyword-only, so the arguments read in API.md's order (since after triggerId).
        destination_id: strawberry.ID,
        trigger_id: strawberry.ID | None = None,
        since: datetime,
        until: datetime | None = None,
    ) -> BulkPayload:
        ctx = info.context
        destination = _destination_id(destination_id, "destination_id")
        if isinstance(destination, list):
            return _bulk_payload(destination)
        trigger = parse_trigger_id(trigger_id) if trigger_id else None
        if trigger_id and trigger is None:
            return _bulk_payload([invalid("is not a trigger id", "trigger_id")])
        result = await delivery_service.replay_events(
            destination, ReplayRange(since=since, until=until, trigger_id=trigger), now=ctx.now
        )
        return _bulk_payload(result)
