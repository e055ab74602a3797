"""Deliveries as the API sees them: listing them with their attempts, a test delivery sent
while the caller waits, and the requeues (redeliver one, recover the FAILED since a time,
replay a time range). Each requeue is one statement: interrupted, it has done all or nothing,
and what it queued is sent by the workers whatever happens to the process that asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core.deliveries.guarded_network import guarded_client
from core.deliveries.records import DeliveryStatus, ReplayRange, StoredAttempt, StoredDelivery
from core.deliveries.sender import attempt
from core.errors import UserError, invalid, not_found
from core.events.records import NewEvent, StoredEvent
from core.events.retention import RetentionWindows
from core.events.sources import EventSource
from core.platform.clock import Clock
from core.storage import delivery_rows, destination_rows
from core.storage.event_log import EventLog
from core.triggers.kinds import TriggerKind

TEST_EVENT_NAME = "etp.test-delivery"
MAX_PAGE = 100
# The lease of a test delivery sent inline, beyond its timeout.
INLINE_LEASE_MARGIN_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class DeliveryWithAttempts:
    delivery: StoredDelivery
    attempts: list[StoredAttempt]


async def deliveries(
    *,
    destination_id: UUID | None = None,
    event_id: int | None = None,
    status: DeliveryStatus | None = None,
    first: int = 20,
    before_id: int | None = None,
) -> list[DeliveryWithAttempts]:
    """Newest first; `before_id` is the cursor (the last id of the previous page)."""
    page = await delivery_rows.deliveries_page(
        destination_id=destination_id,
        event_id=event_id,
        status=status,
        # One beyond a page: a caller asks for first + 1 to tell whether a next page exists.
        limit=max(1, min(first, MAX_PAGE + 1)),
        before_id=before_id,
    )
    attempts = await delivery_rows.attempts_of([d.id for d in page])
    return [DeliveryWithAttempts(d, attempts[d.id]) for d in page]


async def delivery_with_attempts(delivery_id: int) -> DeliveryWithAttempts | None:
    """One delivery as it is now (deliveryUpdated reads it when told it changed)."""
    delivery = await delivery_rows.delivery_by_id(delivery_id)
    if delivery is None:
        return None
    attempts = await delivery_rows.attempts_of([delivery_id])
    return DeliveryWithAttempts(delivery, attempts[delivery_id])


async def deliveries_of_events(event_ids: Sequence[int]) -> dict[int, list[DeliveryWithAttempts]]:
    """Every delivery of each event with its attempts, in two queries whatever the number of
    events (Event.deliveries in a list of events)."""
    found = await delivery_rows.deliveries_of_events(event_ids)
    attempts = await delivery_rows.attempts_of([d.id for d in found])
    by_event: dict[int, list[DeliveryWithAttempts]] = {e: [] for e in event_ids}
    for delivery in found:
        by_event[delivery.event_id].append(DeliveryWithAttempts(delivery, attempts[delivery.id]))
    return by_event


async def redeliver(
    event_id: int, destination_id: UUID, *, now: datetime
) -> StoredDelivery | list[UserError]:
    """Queues the event for the destination again now (the same webhook-id if it was sent)."""
    if await destination_rows.destination_by_id(destination_id) is None:
        return [not_found("destination", "destination_id")]
    delivery_id = await delivery_rows.redeliver(event_id, destination_id, now=now)
    if delivery_id is None:
        return [not_found("event", "event_id")]
    delivery = await delivery_rows.delivery_by_id(delivery_id)
    return delivery if delivery is not None else [not_found("event", "event_id")]


async def recover_failed(
    destination_id: UUID, *, since: datetime, now: datetime
) -> int | list[UserError]:
    """Every FAILED delivery of the destination whose last attempt was at or after `since`."""
    if await destination_rows.destination_by_id(destination_id) is None:
        return [not_found("destination", "destination_id")]
    if since > now:
        return [invalid("must not be in the future", "since")]
    return await delivery_rows.recover_failed(destination_id, since=since, now=now)


async def replay_events(
    destination_id: UUID, events: ReplayRange, *, now: datetime
) -> int | list[UserError]:
    """Every non-test event of the range to the destination, whether it was sent before or
    not: for a receiver that lost its data."""
    if await destination_rows.destination_by_id(destination_id) is None:
        return [not_found("destination", "destination_id")]
    if events.until is not None and events.until <= events.since:
        return [invalid("must be after since", "until")]
    return await delivery_rows.replay_events(destination_id, events, now=now)


async def send_test_delivery(
    destination_id: UUID,
    *,
    event_log: EventLog,
    windows: RetentionWindows,
    clock: Clock,
    allow_private: bool,
) -> DeliveryWithAttempts | list[UserError]:
    """Fires a sample test event and sends it to the destination while the caller waits.

    The sample is a test event of no trigger, written like any other: destinations that take
    test events of every trigger get it too, through the outbox. This destination gets it
    whatever its settings (even paused or disabled: the operator asked for it)."""
    destination = await destination_rows.destination_by_id(destination_id)
    if destination is None:
        return [not_found("destination", "id")]
    stored = await event_log.append(
        NewEvent(
            trigger_id=None,
            trigger_name=TEST_EVENT_NAME,
            kind=TriggerKind.API,
            source=EventSource.MANUAL,
            payload={"message": "a test delivery from etp"},
            is_test=True,
        )
    )
    assert isinstance(stored, StoredEvent)  # no key nor guard: never refused
    now = clock.now()
    delivery_id = await delivery_rows.redeliver(stored.id, destination_id, now=now)
    if delivery_id is None:  # the destination was deleted meanwhile
        return [not_found("destination", "id")]
    claimed = await delivery_rows.claim_delivery(
        delivery_id, now=now, lease_margin_seconds=INLINE_LEASE_MARGIN_SECONDS
    )
    if claimed is not None:
        async with guarded_client(allow_private=allow_private) as client:
            result = await attempt(
                client, claimed, now=clock.now, windows=windows, disable_after=timedelta.max
            )
        await delivery_rows.record_attempt(claimed, result)
    delivery = await delivery_rows.delivery_by_id(delivery_id)
    assert delivery is not None
    attempts = await delivery_rows.attempts_of([delivery_id])
    return DeliveryWithAttempts(delivery, attempts[delivery_id])
