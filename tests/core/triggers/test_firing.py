"""The firing service (core/triggers/firing.py) on real Postgres and Redis, with the clock in the
test's hands: an Idempotency-Key's life and a deferred test run's time are reached by moving a
ManualClock, never by waiting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.errors import FireRefusal, RefusalReason
from core.events.records import StoredEvent
from core.events.retention import RetentionWindows
from core.events.sources import EventSource
from core.platform.clock import ManualClock
from core.scheduling.scheduler import Scheduler
from core.storage import trigger_rows
from core.triggers.definitions import (
    ApiTriggerInput,
    Owner,
    ScheduledTriggerInput,
    TriggerChanges,
    create_api_trigger,
    create_scheduled_trigger,
    rotate_hook_token,
    set_paused,
    update_trigger,
)
from core.triggers.firing import Firing, HookFired, HookRequest, HookResult
from core.triggers.kinds import TriggerKind
from core.triggers.records import StoredTrigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import Server
from tests.core.storage import tables

pytestmark = pytest.mark.asyncio

# Short, and the test's own: what matters is where the clock stands against them.
WINDOWS = RetentionWindows(active_seconds=60, retention_seconds=600)
SCHEMA = {"amount": "float", "currency": "str"}
PAYMENT = {"amount": 12.5, "currency": "EUR"}


@pytest.fixture
def clock(clean: Server) -> ManualClock:
    # Events are stamped by the database's clock, so this one starts at the real time; from
    # there on it moves only when a test moves it.
    return ManualClock(datetime.now(UTC))


@pytest.fixture
def firing(clean: Server, clock: ManualClock) -> Firing:
    return Firing(clean.services.event_log, windows=WINDOWS, clock=clock)


async def api_trigger(name: str = "payments", api_schema: Any = None) -> StoredTrigger:
    data = ApiTriggerInput(name=name, api_schema=api_schema or SCHEMA)
    trigger = await create_api_trigger(data)
    assert isinstance(trigger, StoredTrigger), trigger
    return trigger


async def hook(
    firing: Firing,
    trigger: StoredTrigger,
    payload: Any = PAYMENT,
    *,
    key: str | None = None,
    is_test: bool = False,
) -> HookRequest:
    """A request as the transport makes it: for the trigger its token finds."""
    assert trigger.hook_token is not None
    target = await firing.find_hook(trigger.hook_token)
    assert target is not None
    return HookRequest(
        target=target,
        payload=payload,
        is_test=is_test,
        raw_body=json.dumps(payload).encode(),
        idempotency_key=key,
    )


def fired(outcome: HookResult) -> StoredEvent:
    assert isinstance(outcome, HookFired) and not outcome.replayed, outcome
    return outcome.event


def replayed(outcome: HookResult) -> StoredEvent:
    assert isinstance(outcome, HookFired) and outcome.replayed, outcome
    return outcome.event


def refusal(outcome: HookResult) -> RefusalReason:
    """Why a hook was refused (one reason, however many details)."""
    assert isinstance(outcome, list), outcome
    [reason] = {refused.reason for refused in outcome}
    return reason


def event_of(result: object) -> StoredEvent:
    assert isinstance(result, StoredEvent), f"expected an event, got {result!r}"
    return result


def reasons(result: object) -> list[RefusalReason]:
    assert isinstance(result, list), f"expected refusals, got {result!r}"
    return [refused.reason for refused in result if isinstance(refused, FireRefusal)]


async def stored_ids() -> list[int]:
    return [e.id for e in await tables.stored_events()]


# ---- hooks ----------------------------------------------------------------------------------


async def test_a_hook_stores_one_api_event_with_its_payload(firing: Firing) -> None:
    trigger = await api_trigger()
    event = fired(await firing.fire_hook(await hook(firing, trigger)))
    assert (event.trigger_id, event.trigger_name, event.kind, event.source) == (
        trigger.id,
        "payments",
        TriggerKind.API,
        EventSource.API,
    )
    assert (event.payload, event.is_test) == (PAYMENT, False)
    assert await stored_ids() == [event.id]


async def test_a_payload_that_does_not_match_the_schema_writes_nothing(firing: Firing) -> None:
    trigger = await api_trigger()
    outcome = await firing.fire_hook(await hook(firing, trigger, {"amount": "lots"}))
    assert refusal(outcome) == RefusalReason.SCHEMA_MISMATCH
    assert isinstance(outcome, list)
    assert {refused.field for refused in outcome} == {
        ("payload", "amount"),
        ("payload", "currency"),
    }
    assert await tables.count_events() == 0


@pytest.mark.parametrize("token", ["A" * 43, "not a token!"])
async def test_a_token_no_trigger_has_finds_no_hook(firing: Firing, token: str) -> None:
    await api_trigger()
    assert await firing.find_hook(token) is None


async def test_a_paused_trigger_refuses_hooks_but_takes_test_hooks(
    firing: Firing, clock: ManualClock
) -> None:
    trigger = await api_trigger()
    await set_paused(str(trigger.id), True, now=clock.now())
    assert refusal(await firing.fire_hook(await hook(firing, trigger))) == RefusalReason.PAUSED
    assert await tables.count_events() == 0
    event = fired(await firing.fire_hook(await hook(firing, trigger, is_test=True)))
    assert event.is_test
    assert await stored_ids() == [event.id]


async def test_a_cached_hook_sees_a_resume_a_schema_edit_and_a_rotated_token(
    firing: Firing, clock: ManualClock
) -> None:
    """The hook cache may be stale; each refusal is confirmed from a fresh read."""
    trigger = await api_trigger()
    await set_paused(str(trigger.id), True, now=clock.now())
    assert (
        refusal(await firing.fire_hook(await hook(firing, trigger))) == RefusalReason.PAUSED
    )  # now cached
    await set_paused(str(trigger.id), False, now=clock.now())
    fired(await firing.fire_hook(await hook(firing, trigger)))
    # The new schema accepts what the cached one refused, and refuses what it accepted.
    changes = TriggerChanges(given=frozenset({"api_schema"}), api_schema={"amount": "str"})
    assert isinstance(
        await update_trigger(str(trigger.id), changes, now=clock.now()), StoredTrigger
    )
    assert (
        refusal(await firing.fire_hook(await hook(firing, trigger)))
        == RefusalReason.SCHEMA_MISMATCH
    )
    fired(await firing.fire_hook(await hook(firing, trigger, {"amount": "lots"})))
    old_token = await hook(firing, trigger)
    rotated = await rotate_hook_token(str(trigger.id))
    assert isinstance(rotated, StoredTrigger)
    assert refusal(await firing.fire_hook(old_token)) == RefusalReason.UNKNOWN_TRIGGER
    fired(await firing.fire_hook(await hook(firing, rotated, {"amount": "x"})))
    assert await tables.count_events() == 3


# ---- idempotency, with the clock ------------------------------------------------------------


@pytest.mark.parametrize(
    "later",
    [
        pytest.param(30, id="while active"),
        pytest.param(WINDOWS.retention_seconds - 1, id="archived, not yet past retention"),
    ],
)
async def test_a_repeated_idempotency_key_replays_the_first_event(
    firing: Firing, clock: ManualClock, later: int
) -> None:
    trigger = await api_trigger()
    first = fired(await firing.fire_hook(await hook(firing, trigger, key="order-1")))
    clock.advance(later)
    assert replayed(await firing.fire_hook(await hook(firing, trigger, key="order-1"))) == first
    assert await stored_ids() == [first.id]


async def test_a_key_past_retention_fires_afresh_in_place_of_the_expired_event(
    firing: Firing, clock: ManualClock
) -> None:
    trigger = await api_trigger()
    first = fired(await firing.fire_hook(await hook(firing, trigger, key="order-1")))
    clock.advance(WINDOWS.retention_seconds + 1)
    second = fired(await firing.fire_hook(await hook(firing, trigger, key="order-1")))
    assert second.id > first.id
    assert await stored_ids() == [second.id]


async def test_a_key_reused_with_another_body_is_refused_and_writes_nothing(
    firing: Firing,
) -> None:
    trigger = await api_trigger()
    first = fired(await firing.fire_hook(await hook(firing, trigger, key="order-1")))
    other = {"amount": 99.0, "currency": "EUR"}
    assert refusal(await firing.fire_hook(await hook(firing, trigger, other, key="order-1"))) == (
        RefusalReason.IDEMPOTENCY_KEY_REUSED
    )
    # A test request with the same body is another request too.
    assert refusal(
        await firing.fire_hook(await hook(firing, trigger, key="order-1", is_test=True))
    ) == (RefusalReason.IDEMPOTENCY_KEY_REUSED)
    assert await stored_ids() == [first.id]


async def test_keys_belong_to_their_trigger(firing: Firing) -> None:
    one, two = await api_trigger("one"), await api_trigger("two")
    first = fired(await firing.fire_hook(await hook(firing, one, key="order-1")))
    second = fired(await firing.fire_hook(await hook(firing, two, key="order-1")))
    assert await stored_ids() == [first.id, second.id]


# ---- fire now -------------------------------------------------------------------------------


async def test_firing_an_api_trigger_now_checks_the_payload(firing: Firing) -> None:
    trigger = await api_trigger()
    refused = await firing.fire_now(trigger, {"amount": 1}, payload_given=True, is_test=False)
    assert reasons(refused) == [RefusalReason.SCHEMA_MISMATCH]
    assert await tables.count_events() == 0
    event = event_of(await firing.fire_now(trigger, PAYMENT, payload_given=True, is_test=False))
    assert (event.source, event.is_test, event.payload) == (EventSource.API, False, PAYMENT)


async def test_a_paused_api_trigger_fires_only_test_events_now(
    firing: Firing, clock: ManualClock
) -> None:
    trigger = await api_trigger()
    paused = await set_paused(str(trigger.id), True, now=clock.now())
    assert isinstance(paused, StoredTrigger)
    refused = await firing.fire_now(paused, PAYMENT, payload_given=True, is_test=False)
    assert reasons(refused) == [RefusalReason.PAUSED]
    assert await tables.count_events() == 0
    event = event_of(await firing.fire_now(paused, PAYMENT, payload_given=True, is_test=True))
    assert (event.source, event.is_test) == (EventSource.MANUAL, True)


async def test_a_scheduled_trigger_run_now_sends_its_own_payload_unless_given_one(
    firing: Firing, clock: ManualClock
) -> None:
    data = ScheduledTriggerInput(
        name="nightly", schedule=ScheduleInput(cron="0 3 * * *"), payload={"job": "report"}
    )
    trigger = await create_scheduled_trigger(data, now=clock.now())
    assert isinstance(trigger, StoredTrigger)
    own = event_of(await firing.fire_now(trigger, None, payload_given=False, is_test=False))
    given = event_of(await firing.fire_now(trigger, {"job": "x"}, payload_given=True, is_test=True))
    assert [(e.payload, e.source, e.is_test, e.scheduled_for) for e in (own, given)] == [
        ({"job": "report"}, EventSource.MANUAL, False, None),
        ({"job": "x"}, EventSource.MANUAL, True, None),
    ]
    # Running now leaves the schedule as it was.
    now_stored = await trigger_rows.trigger_by_id(trigger.id)
    assert now_stored is not None and now_stored.next_fire_at == trigger.next_fire_at


async def test_a_payload_no_database_can_store_is_refused(firing: Firing) -> None:
    trigger = await api_trigger(api_schema={"note": "str"})
    refused = await firing.fire_now(trigger, {"note": "a\x00b"}, payload_given=True, is_test=False)
    assert reasons(refused) == [RefusalReason.INVALID]
    assert await tables.count_events() == 0


# ---- test runs of unsaved definitions -------------------------------------------------------


async def run_definition_test(firing: Firing, clock: ManualClock, **changes: Any) -> object:
    """Tests a definition: an API trigger's, with a matching payload, unless told otherwise."""
    definition: dict[str, Any] = {
        "name": "draft",
        "kind": TriggerKind.API,
        "schedule": None,
        "payload": PAYMENT,
        "api_schema": SCHEMA,
        "now": clock.now(),
    }
    return await firing.test_definition(**(definition | changes))


async def test_a_definition_test_fires_one_test_event_and_saves_no_trigger(
    firing: Firing, clock: ManualClock
) -> None:
    event = event_of(await run_definition_test(firing, clock, name=" draft "))
    assert (event.trigger_id, event.trigger_name, event.is_test) == (None, "draft", True)
    assert await tables.count_triggers() == 0
    assert await stored_ids() == [event.id]


async def test_a_definition_whose_payload_misses_its_schema_fires_nothing(
    firing: Firing, clock: ManualClock
) -> None:
    result = await run_definition_test(firing, clock, payload={"amount": "lots"})
    assert reasons(result) == [RefusalReason.SCHEMA_MISMATCH] * 2
    assert await tables.count_events() == 0


async def test_a_deferred_test_waits_for_its_time_on_the_clock(
    clean: Server, firing: Firing, clock: ManualClock
) -> None:
    fire_at = clock.now() + timedelta(minutes=5)
    result = await run_definition_test(
        firing,
        clock,
        name="later",
        kind=TriggerKind.SCHEDULED,
        schedule=ScheduleInput(every_seconds=60),
        payload={"x": 1},
        api_schema=None,
        fire_at=fire_at,
    )
    assert result is None
    [pending] = await tables.deferred_test_runs()
    assert (pending.name, pending.fire_at, pending.payload) == ("later", fire_at, {"x": 1})
    # The scheduler shares the clock: a tick a second early fires nothing, one at the time does.
    scheduler = Scheduler(event_log=clean.services.event_log, clock=clock)
    clock.set(fire_at - timedelta(seconds=1))
    assert (await scheduler.tick()).fired == 0
    assert await tables.count_events() == 0
    clock.set(fire_at)
    assert (await scheduler.tick()).fired == 1
    [event] = await tables.stored_events()
    assert (event.trigger_name, event.is_test, event.scheduled_for) == ("later", True, fire_at)
    assert await tables.count_deferred_tests() == 0


@pytest.mark.parametrize(
    "fire_at",
    [
        pytest.param(lambda now: now - timedelta(seconds=1), id="a second before the clock"),
        pytest.param(lambda now: now.replace(tzinfo=None) + timedelta(hours=1), id="no offset"),
    ],
)
async def test_a_fire_at_before_the_clock_or_without_an_offset_is_refused(
    firing: Firing, clock: ManualClock, fire_at: Any
) -> None:
    result = await run_definition_test(firing, clock, fire_at=fire_at(clock.now()))
    assert reasons(result) == [RefusalReason.INVALID]
    assert await tables.count_deferred_tests() == 0
    assert await tables.count_events() == 0


async def test_a_pending_test_run_counts_toward_the_key_quota(
    firing: Firing, clock: ManualClock
) -> None:
    owner = Owner(key_id="key-1", max_triggers=1)
    in_an_hour = clock.now() + timedelta(hours=1)
    assert await run_definition_test(firing, clock, fire_at=in_an_hour, owner=owner) is None
    refused = await run_definition_test(firing, clock, fire_at=in_an_hour, owner=owner)
    assert reasons(refused) == [RefusalReason.OVER_QUOTA]
    assert await tables.count_deferred_tests(created_by_key="key-1") == 1
