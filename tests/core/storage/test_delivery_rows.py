"""Delivery rows on the real database: the outbox commits with its events, claims never hand
one delivery to two workers, ordered destinations go one at a time, caps hold, requeues."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from core.deliveries import destinations
from core.deliveries.records import (
    AttemptResult,
    DeliveryStatus,
    DestinationSettings,
    ReplayRange,
    StoredAttempt,
    StoredDestination,
)
from core.events.records import NewEvent, StoredEvent
from core.events.sources import EventSource
from core.storage import delivery_rows
from core.storage.event_log import write_events
from core.storage.models import Delivery, DeliveryAttempt, Destination, Event
from core.storage.transactions import transaction
from core.triggers.kinds import TriggerKind
from tests.conftest import Server

TRIGGER = uuid4()
OTHER = uuid4()


def _event(trigger: UUID | None = TRIGGER, *, is_test: bool = False) -> NewEvent:
    return NewEvent(
        trigger_id=trigger,
        trigger_name="t",
        kind=TriggerKind.API,
        source=EventSource.API,
        payload={"n": 1},
        is_test=is_test,
    )


async def _destination(**settings: object) -> StoredDestination:
    created = await destinations.create_destination(
        DestinationSettings(**{"name": "d", "url": "https://example.com/h", **settings}),  # type: ignore[arg-type]
        allow_private=False,
    )
    assert isinstance(created, StoredDestination), created
    return created


async def _fire(server: Server, *events: NewEvent) -> list[StoredEvent]:
    results = await server.services.event_log.append_many(list(events))
    stored = [r for r in results if isinstance(r, StoredEvent)]
    assert len(stored) == len(events)
    return stored


async def test_the_outbox_matches_triggers_and_test_events(clean: Server) -> None:
    every = await _destination(name="every")
    only_trigger = await _destination(name="one", trigger_ids=(TRIGGER,))
    with_tests = await _destination(name="tests", include_test=True)
    disabled = await _destination(name="off")
    await Destination.filter(id=disabled.id).update(disabled_at=datetime.now(UTC))
    real, other, test = await _fire(clean, _event(), _event(OTHER), _event(None, is_test=True))
    pairs = {
        (d.event_id, d.destination_id)
        for d in await Delivery.all()
        if d.status is DeliveryStatus.PENDING and d.attempts == 0
    }
    assert pairs == {
        (real.id, every.id),
        (real.id, only_trigger.id),
        (real.id, with_tests.id),
        (other.id, every.id),
        (other.id, with_tests.id),
        (test.id, with_tests.id),
    }


async def test_deliveries_roll_back_with_their_events(clean: Server) -> None:
    await _destination()
    try:
        async with transaction() as conn:
            await write_events(conn, [_event()])
            raise RuntimeError("the transaction fails after the write")
    except RuntimeError:
        pass
    assert await Event.all().count() == 0
    assert await Delivery.all().count() == 0


async def test_purging_an_event_takes_its_deliveries_and_attempts(clean: Server) -> None:
    await _destination()
    (event,) = await _fire(clean, _event())
    now = datetime.now(UTC)
    (claimed,) = await _claim(now)
    await delivery_rows.record_attempt(claimed, _result(now, DeliveryStatus.DELIVERED))
    assert await DeliveryAttempt.all().count() == 1
    await Event.filter(id=event.id).delete()
    assert await Delivery.all().count() == 0
    assert await DeliveryAttempt.all().count() == 0


async def _claim(now: datetime, per_destination: int = 100) -> list[delivery_rows.ClaimedDelivery]:
    return await delivery_rows.claim_due(
        now=now, destinations=100, per_destination=per_destination, lease_margin_seconds=30
    )


def _result(
    now: datetime,
    status: DeliveryStatus,
    next_at: datetime | None = None,
    *,
    code: int | None = None,
    disable_reason: str | None = None,
) -> AttemptResult:
    attempt = StoredAttempt(
        delivery_id=0,  # record_attempt writes the claimed delivery's
        at=now,
        duration_ms=3,
        status_code=code or (200 if status is DeliveryStatus.DELIVERED else 500),
        error=None,
        response_headers=None,
        response_body="ok",
    )
    return AttemptResult(attempt, status, next_at, disable_reason)


async def test_concurrent_claims_never_share_a_delivery(clean: Server) -> None:
    for n in range(4):
        await _destination(name=f"d{n}")
    await _fire(clean, *[_event() for _ in range(25)])
    now = datetime.now(UTC)
    claims = await asyncio.gather(*[_claim(now, per_destination=7) for _ in range(6)])
    ids = [c.delivery.id for claim in claims for c in claim]
    assert len(ids) == len(set(ids))
    # Each destination gave at most its per-claim share; nothing is due again within the lease.
    assert len(ids) == 4 * 7
    assert await _claim(now, per_destination=7) == []
    # When the lease runs out (the worker died), they are due again, to a new lease.
    later = now + timedelta(seconds=15 + 31)
    again = await _claim(later, per_destination=100)
    assert {c.delivery.id for c in again} == {d.id for d in await Delivery.all()}


async def test_a_lapsed_lease_cannot_settle(clean: Server) -> None:
    await _destination()
    await _fire(clean, _event())
    now = datetime.now(UTC)
    (first,) = await _claim(now)
    (second,) = await _claim(now + timedelta(seconds=60))
    assert not await delivery_rows.record_attempt(first, _result(now, DeliveryStatus.DELIVERED))
    assert (await Delivery.get()).status is DeliveryStatus.PENDING
    assert await delivery_rows.record_attempt(second, _result(now, DeliveryStatus.DELIVERED))
    row = await Delivery.get()
    assert (row.status, row.attempts, row.leased_until) == (DeliveryStatus.DELIVERED, 1, None)
    assert await DeliveryAttempt.all().count() == 2  # both attempts happened


async def test_ordered_destination_sends_one_at_a_time_in_order(clean: Server) -> None:
    await _destination(ordered=True)
    events = await _fire(clean, *[_event() for _ in range(3)])
    now = datetime.now(UTC)
    sent: list[int] = []
    for step in range(4):
        claimed = await _claim(now)
        assert len(claimed) == 1
        assert await _claim(now) == []  # nothing else while one is in flight
        head = claimed[0]
        if step == 0:  # the first one fails once: the others wait for its retry
            await delivery_rows.record_attempt(
                head, _result(now, DeliveryStatus.PENDING, now + timedelta(seconds=5))
            )
            assert await _claim(now) == []
            now += timedelta(seconds=5)
            continue
        sent.append(head.event.id)
        await delivery_rows.record_attempt(head, _result(now, DeliveryStatus.DELIVERED))
    assert sent == [e.id for e in events]


async def test_max_in_flight_holds_across_claims(clean: Server) -> None:
    await _destination(max_in_flight=2)
    await _fire(clean, *[_event() for _ in range(5)])
    now = datetime.now(UTC)
    first = await _claim(now)
    assert len(first) == 2
    assert await _claim(now) == []
    await delivery_rows.record_attempt(first[0], _result(now, DeliveryStatus.DELIVERED))
    assert len(await _claim(now)) == 1


async def test_paused_destinations_keep_their_deliveries_for_later(clean: Server) -> None:
    target = await _destination()
    await destinations.pause_destination(target.id, now=datetime.now(UTC))
    await _fire(clean, _event())
    now = datetime.now(UTC)
    assert await _claim(now) == []
    await destinations.resume_destination(target.id, now=now)
    assert len(await _claim(now)) == 1


async def test_gone_disables_and_resume_enables(clean: Server) -> None:
    target = await _destination()
    await _fire(clean, _event(), _event())
    now = datetime.now(UTC)
    claimed = await _claim(now, per_destination=1)
    gone = _result(
        now, DeliveryStatus.FAILED, code=410, disable_reason="the endpoint answered 410 Gone"
    )
    await delivery_rows.record_attempt(claimed[0], gone)
    stored = await destinations.destination(target.id)
    assert stored is not None and stored.disabled_reason == "the endpoint answered 410 Gone"
    assert stored.failing_since == now
    assert await _claim(now) == []
    resumed = await destinations.resume_destination(target.id, now=now)
    assert isinstance(resumed, StoredDestination) and resumed.disabled_at is None
    assert len(await _claim(now)) == 1


async def test_recover_and_replay_requeue_exactly_their_sets(clean: Server) -> None:
    target = await _destination(trigger_ids=(TRIGGER,))
    events = await _fire(clean, *[_event() for _ in range(4)], _event(OTHER))
    now = datetime.now(UTC)
    claimed = sorted(await _claim(now), key=lambda c: c.delivery.id)
    for n, c in enumerate(claimed):
        status = DeliveryStatus.FAILED if n % 2 else DeliveryStatus.DELIVERED
        await delivery_rows.record_attempt(c, _result(now, status))
    recovered = await delivery_rows.recover_failed(target.id, since=now, now=now)
    assert recovered == 2
    pending = {d.event_id for d in await Delivery.filter(status=DeliveryStatus.PENDING)}
    assert pending == {claimed[1].event.id, claimed[3].event.id}
    # Replay: every event of the trigger in the range, the other trigger's too when not filtered.
    count = await delivery_rows.replay_events(
        target.id, ReplayRange(since=events[0].fired_at), now=now
    )
    assert count == 5
    only_other = ReplayRange(since=events[0].fired_at, trigger_id=OTHER)
    assert await delivery_rows.replay_events(target.id, only_other, now=now) == 1
    before_first = ReplayRange(since=events[0].fired_at, until=events[1].fired_at)
    assert await delivery_rows.replay_events(target.id, before_first, now=now) == 1
    assert await Delivery.filter(status=DeliveryStatus.PENDING).count() == 5
    # Same webhook-id on a requeue: the delivery row is the same one.
    assert await Delivery.all().count() == 5
    again = await delivery_rows.redeliver(events[0].id, target.id, now=now)
    assert again == claimed[0].delivery.id
    assert await delivery_rows.redeliver(10**12, target.id, now=now) is None


async def test_destination_settings_are_checked(clean: Server) -> None:
    refused = await destinations.create_destination(
        DestinationSettings(
            name="",
            url="http://127.0.0.1/h",
            timeout_seconds=0,
            headers={"webhook-id": "x"},
            retry_schedule=(-1,),
        ),
        allow_private=False,
    )
    assert isinstance(refused, list)
    assert {e.field for e in refused} == {
        ("name",),
        ("url",),
        ("timeout_seconds",),
        ("headers", "webhook-id"),
        ("retry_schedule",),
    }
    assert await Destination.all().count() == 0
    missing = await destinations.pause_destination(uuid4(), now=datetime.now(UTC))
    assert isinstance(missing, list) and missing[0].code.value == "NOT_FOUND"


async def test_rotation_keeps_the_old_secret_for_a_day(clean: Server) -> None:
    target = await _destination()
    now = datetime.now(UTC)
    rotated = await destinations.rotate_secret(target.id, now=now)
    assert isinstance(rotated, StoredDestination)
    assert rotated.secret != target.secret and rotated.previous_secret == target.secret
    assert rotated.previous_secret_until == now + timedelta(hours=24)
    assert target.secret not in repr(rotated)


async def test_queue_depth_and_oldest_due(clean: Server) -> None:
    target = await _destination()
    paused = await _destination(name="paused")
    await destinations.pause_destination(paused.id, now=datetime.now(UTC))
    await _fire(clean, _event(), _event())
    created = min(d.next_attempt_at for d in await Delivery.filter(destination_id=target.id))
    assert created is not None
    now = created + timedelta(seconds=90)
    assert await delivery_rows.due_queue(now) == (2, timedelta(seconds=90))  # not the paused
    await _claim(now, per_destination=1)
    depth, oldest = await delivery_rows.due_queue(now)
    assert depth == 1 and oldest is not None and oldest >= timedelta(seconds=90)


async def test_rate_per_second_paces_claims_across_workers(clean: Server) -> None:
    await _destination(rate_per_second=8.0)  # 8/s: two per quarter second
    await _fire(clean, *[_event() for _ in range(10)])
    now = datetime.now(UTC)
    claims = await asyncio.gather(*[_claim(now) for _ in range(4)])
    assert sum(len(c) for c in claims) == 2
    assert await _claim(now + timedelta(seconds=0.2)) == []
    assert len(await _claim(now + timedelta(seconds=0.25))) == 2
    # Two per quarter second until none is left: the rate, whoever claims.
    taken = [len(await _claim(now + timedelta(seconds=0.25 * n))) for n in range(2, 6)]
    assert taken == [2, 2, 2, 0]


async def test_an_attempt_on_a_deleted_destination_is_dropped(clean: Server) -> None:
    target = await _destination()
    await _fire(clean, _event())
    now = datetime.now(UTC)
    (claimed,) = await _claim(now)
    assert await destinations.delete_destination(target.id) == []
    assert not await delivery_rows.record_attempt(claimed, _result(now, DeliveryStatus.DELIVERED))
    assert await DeliveryAttempt.all().count() == 0
