"""Deliveries against a real receiver (uvicorn in a subprocess): each outcome, signatures,
and the attempts recorded. The dispatcher is driven tick by tick on a manual clock, so retries
scheduled minutes away are reached without waiting and nothing depends on timing luck."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from standardwebhooks.webhooks import Webhook

from core.deliveries import deliveries, destinations
from core.deliveries.dispatcher import Dispatcher
from core.deliveries.records import (
    DeliveryStatus,
    DestinationSettings,
    ReplayRange,
    StoredDestination,
)
from core.events.records import NewEvent, StoredEvent
from core.events.sources import EventSource
from core.platform.clock import ManualClock
from core.platform.metrics import metrics
from core.triggers.kinds import TriggerKind
from tests.conftest import Server
from tests.core.storage import tables
from tests.delivery_receiver import Receiver, free_port, running_receiver


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    with running_receiver(tmp_path_factory.mktemp("receiver")) as running:
        yield running


async def _destination(url: str, **settings: object) -> StoredDestination:
    created = await destinations.create_destination(
        DestinationSettings(name="r", url=url, **settings),  # type: ignore[arg-type]
        allow_private=True,
    )
    assert isinstance(created, StoredDestination), created
    return created


async def _fire(server: Server, n: int = 1) -> list[StoredEvent]:
    new = NewEvent(
        trigger_id=None,
        trigger_name="orders",
        kind=TriggerKind.API,
        source=EventSource.API,
        payload={"order": 7, "note": "ü"},
    )
    results = await server.services.event_log.append_many([new] * n)
    return [r for r in results if isinstance(r, StoredEvent)]


def _dispatcher(server: Server, clock: ManualClock, **kw: object) -> Dispatcher:
    return Dispatcher(
        allow_private=kw.pop("allow_private", True),  # type: ignore[arg-type]
        windows=server.services.windows,
        disable_after=kw.pop("disable_after", timedelta(days=5)),  # type: ignore[arg-type]
        clock=clock,
    )


async def _round(dispatcher: Dispatcher) -> int:
    claimed = await dispatcher.tick()
    await dispatcher.drain()
    return claimed


def _mine(receiver: Receiver, destination: StoredDestination) -> list[dict[str, object]]:
    path = "/" + destination.url.split("/", 3)[3]
    return [r for r in receiver.requests() if r["path"] == path]


async def test_delivered_once_signed_and_recorded(clean: Server, receiver: Receiver) -> None:
    target = await _destination(receiver.url("ok/signed"), headers={"x-team": "blue"})
    (event,) = await _fire(clean)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock)
    before = metrics.value("etp_delivery_attempts_total", outcome="delivered")
    assert await _round(dispatcher) == 1
    assert await _round(dispatcher) == 0
    (request,) = _mine(receiver, target)
    headers = request["headers"]
    assert isinstance(headers, dict) and isinstance(request["body"], str)
    assert headers["x-team"] == "blue" and headers["content-type"] == "application/json"
    document = Webhook(target.secret).verify(request["body"].encode(), headers)
    assert document["id"] == f"{event.id:016x}" and document["payload"]["note"] == "ü"
    (delivery,) = await tables.stored_deliveries()
    assert headers["webhook-id"] == f"msg_{delivery.id:016x}"
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    (attempt,) = await tables.delivery_attempts()
    assert attempt.status_code == 200 and attempt.error is None
    assert attempt.response_headers is not None
    assert attempt.response_headers["content-type"] == "text/plain"
    assert "set-cookie" not in attempt.response_headers
    assert attempt.response_body is not None and len(attempt.response_body) == 4096
    assert metrics.value("etp_delivery_attempts_total", outcome="delivered") == before + 1


async def test_failures_follow_the_schedule_then_fail(clean: Server, receiver: Receiver) -> None:
    target = await _destination(receiver.url("fail/a"), retry_schedule=(5, 60))
    await _fire(clean)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock)
    assert await _round(dispatcher) == 1
    (row,) = await tables.stored_deliveries()
    assert row.status is DeliveryStatus.PENDING and row.next_attempt_at is not None
    wait = (row.next_attempt_at - clock.now()).total_seconds()
    assert 4 <= wait <= 6  # 5 s with jitter
    assert await _round(dispatcher) == 0  # not due yet
    clock.advance(6)
    assert await _round(dispatcher) == 1
    clock.advance(73)
    assert await _round(dispatcher) == 1
    (row,) = await tables.stored_deliveries()
    assert (row.status, row.attempts, row.next_attempt_at) == (DeliveryStatus.FAILED, 3, None)
    assert [a.status_code for a in await tables.delivery_attempts()] == [500, 500, 500]
    assert len(_mine(receiver, target)) == 3
    # The same webhook-id on every attempt.
    assert len({r["headers"]["webhook-id"] for r in _mine(receiver, target)}) == 1  # type: ignore[index]


async def test_gone_disables_the_destination(clean: Server, receiver: Receiver) -> None:
    target = await _destination(receiver.url("gone/b"))
    await _fire(clean, 2)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock)
    await _round(dispatcher)
    stored = await destinations.destination(target.id)
    assert stored is not None and stored.disabled_at is not None
    assert stored.disabled_reason == "the endpoint answered 410 Gone"
    clock.advance(3600)
    assert await _round(dispatcher) == 0  # disabled: nothing more is sent


async def test_throttled_waits_as_told(clean: Server, receiver: Receiver) -> None:
    await _destination(receiver.url("throttle/c"))
    await _fire(clean)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock)
    await _round(dispatcher)
    (row,) = await tables.stored_deliveries()
    assert row.next_attempt_at == clock.now() + timedelta(seconds=1)  # Retry-After: 1, no jitter


async def test_a_receiver_that_hangs_times_out(clean: Server, receiver: Receiver) -> None:
    await _destination(receiver.url("hang/d"), timeout_seconds=1)
    await _fire(clean)
    dispatcher = _dispatcher(clean, ManualClock(datetime.now(UTC)))
    await _round(dispatcher)
    (attempt,) = await tables.delivery_attempts()
    assert attempt.status_code is None and attempt.error == "no answer within 1 s"
    assert 900 <= attempt.duration_ms < 5000


async def test_a_receiver_that_is_down_is_retried(clean: Server) -> None:
    await _destination(f"http://127.0.0.1:{free_port()}/down")
    await _fire(clean)
    dispatcher = _dispatcher(clean, ManualClock(datetime.now(UTC)))
    await _round(dispatcher)
    (attempt,) = await tables.delivery_attempts()
    assert attempt.status_code is None and attempt.error is not None
    assert "ConnectError" in attempt.error
    (delivery,) = await tables.stored_deliveries()
    assert delivery.status is DeliveryStatus.PENDING


async def test_loopback_refused_unless_allowed(clean: Server, receiver: Receiver) -> None:
    target = await _destination(receiver.url("ok/private"))
    await _fire(clean)
    dispatcher = _dispatcher(clean, ManualClock(datetime.now(UTC)), allow_private=False)
    await _round(dispatcher)
    (attempt,) = await tables.delivery_attempts()
    assert attempt.error is not None and "127.0.0.1, a loopback address: refused" in attempt.error
    assert _mine(receiver, target) == []  # never reached


async def test_failing_for_too_long_disables(clean: Server, receiver: Receiver) -> None:
    target = await _destination(receiver.url("fail/e"))
    await _fire(clean)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock, disable_after=timedelta(seconds=60))
    await _round(dispatcher)
    clock.advance(61)  # past the first retry (5 s) and the disable period
    await _round(dispatcher)
    stored = await destinations.destination(target.id)
    assert stored is not None and stored.disabled_reason == "every attempt failed for 60 s"


async def test_secret_and_static_headers_never_in_errors(clean: Server) -> None:
    target = await _destination(
        f"http://127.0.0.1:{free_port()}/down", headers={"authorization": "Bearer s3cr3t"}
    )
    await _fire(clean)
    await _round(_dispatcher(clean, ManualClock(datetime.now(UTC))))
    (attempt,) = await tables.delivery_attempts()
    text = json.dumps([attempt.error, attempt.response_headers, attempt.response_body])
    assert "s3cr3t" not in text and target.secret not in text
    (stored,) = await tables.stored_destinations()
    assert target.secret not in repr(await destinations.destination(stored.id))


async def test_send_test_delivery_posts_now_and_returns_the_attempt(
    clean: Server, receiver: Receiver
) -> None:
    target = await _destination(receiver.url("ok/test-delivery"))
    other = await _destination(receiver.url("ok/not-for-tests"))  # takes no test events
    sent = await deliveries.send_test_delivery(
        target.id,
        event_log=clean.services.event_log,
        windows=clean.services.windows,
        clock=clean.services.clock,
        allow_private=True,
    )
    assert not isinstance(sent, list)
    assert sent.delivery.status is DeliveryStatus.DELIVERED
    (attempt,) = sent.attempts
    assert attempt.status_code == 200
    (request,) = _mine(receiver, target)
    assert isinstance(request["body"], str)
    document = Webhook(target.secret).verify(request["body"], request["headers"])  # type: ignore[arg-type]
    assert document["is_test"] is True
    assert await tables.count_deliveries(destination_id=other.id) == 0
    listed = await deliveries.deliveries(destination_id=target.id)
    assert [d.delivery.id for d in listed] == [sent.delivery.id]
    assert listed[0].attempts == sent.attempts


async def test_requeues_refuse_what_does_not_exist(clean: Server) -> None:
    now = datetime.now(UTC)
    missing = await deliveries.redeliver(1, uuid4(), now=now)
    assert isinstance(missing, list) and missing[0].field == ("destination_id",)
    target = await _destination("https://example.com/h")
    missing = await deliveries.redeliver(10**12, target.id, now=now)
    assert isinstance(missing, list) and missing[0].field == ("event_id",)
    backwards = await deliveries.replay_events(
        target.id, ReplayRange(since=now, until=now - timedelta(hours=1)), now=now
    )
    assert isinstance(backwards, list) and backwards[0].field == ("until",)
    future = await deliveries.recover_failed(target.id, since=now + timedelta(days=1), now=now)
    assert isinstance(future, list) and future[0].field == ("since",)
    assert await tables.count_deliveries() == 0


async def test_ordered_delivery_keeps_order_across_a_failing_receiver(
    clean: Server, receiver: Receiver
) -> None:
    target = await _destination(receiver.url("flaky/ordered"), ordered=True)
    events = await _fire(clean, 3)
    clock = ManualClock(datetime.now(UTC))
    dispatcher = _dispatcher(clean, clock)
    for _ in range(6):
        assert await _round(dispatcher) == 1  # one at a time
        clock.advance(7)  # past the 5 s retry, with its jitter
    assert await _round(dispatcher) == 0
    order = [json.loads(str(r["body"]))["id"] for r in _mine(receiver, target)]
    expected = [f"{e.id:016x}" for e in events]
    # Each is refused once (500), retried, delivered; the next waits for it.
    assert order == [expected[0]] * 2 + [expected[1]] * 2 + [expected[2]] * 2
    assert await tables.count_deliveries(status=DeliveryStatus.DELIVERED) == 3
