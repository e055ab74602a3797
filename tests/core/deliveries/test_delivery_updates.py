"""deliveryUpdated's hub over the real Redis: filtered fan-out, and a bounded queue that drops
a subscriber who lags instead of growing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from core.deliveries.records import DeliveryStatus, StoredDelivery
from core.deliveries.updates import (
    DeliveryChanged,
    DeliveryUpdateHub,
    UpdateFilter,
    UpdatePublisher,
    UpdatesLost,
)
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

DESTINATION = uuid4()


def _delivery(
    delivery_id: int, event_id: int = 1, destination_id: UUID = DESTINATION
) -> StoredDelivery:
    return StoredDelivery(
        id=delivery_id,
        event_id=event_id,
        destination_id=destination_id,
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=None,
        created_at=datetime.now(UTC),
        last_attempt_at=None,
    )


async def test_matching_changes_reach_the_follower_and_a_lagging_one_is_dropped(
    clean: Server,
) -> None:
    # A prefix of its own: the served app's hub listens on the run's channel.
    prefix = f"{clean.settings.redis_prefix}-updates-{uuid4().hex[:8]}"
    redis = clean.services.redis
    hub = DeliveryUpdateHub(redis, prefix=prefix, queue_size=2, poll_seconds=0.2)
    publish = UpdatePublisher(redis, prefix=prefix)
    await hub.start()
    try:
        await hub.listening()
        followed = hub.follow(UpdateFilter(destination_id=DESTINATION, event_id=7))
        first = asyncio.create_task(anext(followed))
        await asyncio.sleep(0)  # the follower registers before anything is published
        await publish(_delivery(1, event_id=8))  # another event
        await publish(_delivery(2, event_id=7, destination_id=uuid4()))  # another destination
        await publish(_delivery(3, event_id=7))
        assert await asyncio.wait_for(first, 10) == DeliveryChanged(3, 7, DESTINATION)
        # Not read while three more arrive: past the queue's two, the follower is dropped.
        # A second follower hears a marker published last: the hub offers in order, so by
        # then the first was offered all three.
        marker = hub.follow(UpdateFilter(event_id=99))
        marked = asyncio.create_task(anext(marker))
        await asyncio.sleep(0)
        for delivery_id in (4, 5, 6):
            await publish(_delivery(delivery_id, event_id=7))
        await publish(_delivery(9, event_id=99))
        assert (await asyncio.wait_for(marked, 10)).delivery_id == 9
        await marker.aclose()
        received = [(await anext(followed)).delivery_id for _ in range(2)]
        assert received == [4, 5]
        with pytest.raises(UpdatesLost):
            await asyncio.wait_for(anext(followed), 10)
    finally:
        await hub.close()
