"""Event.deliveries: the deliveries of every event of a response in one batch (a DataLoader
per operation), not one query per event."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.graphql.context import Context
from api.graphql.deliveries.types import Delivery
from core.deliveries import deliveries as delivery_service

_LOADER = "event_deliveries"


async def _load(event_ids: Sequence[int]) -> list[list[Delivery]]:
    found = await delivery_service.deliveries_of_events(list(event_ids))
    return [[Delivery.from_core(d) for d in found[event_id]] for event_id in event_ids]


async def deliveries_of_event(ctx: Context, event_id: int) -> list[Delivery]:
    if ctx.result_lifetime is not None:
        # Deliveries change while the event log does not: a list that shows them is not
        # for the event list cache, which only the log's changes expire.
        ctx.result_lifetime.bound(ctx.now)
    loader = ctx.loaders.get(_LOADER)
    if loader is None:
        loader = ctx.loaders[_LOADER] = DataLoader(load_fn=_load)
    deliveries: list[Delivery] = await loader.load(event_id)
    return deliveries
