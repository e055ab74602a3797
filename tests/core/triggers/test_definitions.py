"""The trigger definitions service (core/triggers/definitions.py) on real Postgres, with the clock
in the test's hands: every next fire time is checked against the time the test set, not the
time the test happened to run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.errors import ErrorCode, UserError
from core.platform.clock import ManualClock
from core.storage import trigger_rows
from core.triggers.definitions import (
    ApiTriggerInput,
    Owner,
    ScheduledTriggerInput,
    TriggerChanges,
    create_api_trigger,
    create_scheduled_trigger,
    delete_trigger,
    list_triggers,
    rotate_hook_token,
    set_paused,
    update_trigger,
)
from core.triggers.kinds import TriggerKind
from core.triggers.records import StoredTrigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import Server
from tests.core.storage import tables

pytestmark = pytest.mark.asyncio

# Half a minute past noon: an every-minute schedule's next time (13:01) differs from "now + 60 s".
NOON = datetime(2030, 1, 1, 12, 0, 30, tzinfo=UTC)
EVERY_MINUTE = ScheduleInput(every_seconds=60)


@pytest.fixture
def clock(clean: Server) -> ManualClock:
    return ManualClock(NOON)


def codes(result: object) -> list[ErrorCode]:
    assert isinstance(result, list), f"expected refusals, got {result!r}"
    return [error.code for error in result if isinstance(error, UserError)]


def saved(result: StoredTrigger | list[UserError]) -> StoredTrigger:
    assert isinstance(result, StoredTrigger), f"expected a trigger, got {result!r}"
    return result


async def scheduled(
    clock: ManualClock, name: str = "nightly", schedule: ScheduleInput = EVERY_MINUTE, **extra: Any
) -> StoredTrigger:
    data = ScheduledTriggerInput(name=name, schedule=schedule, **extra)
    return saved(await create_scheduled_trigger(data, now=clock.now()))


async def stored(trigger: StoredTrigger) -> StoredTrigger:
    """The row as the database has it now (not the instance the service returned)."""
    row = await trigger_rows.trigger_by_id(trigger.id)
    assert row is not None
    return row


# ---- create ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "first"),
    [
        pytest.param(EVERY_MINUTE, datetime(2030, 1, 1, 12, 1, tzinfo=UTC), id="every minute"),
        pytest.param(
            ScheduleInput(cron="0 3 * * *"), datetime(2030, 1, 2, 3, 0, tzinfo=UTC), id="cron"
        ),
        pytest.param(
            ScheduleInput(cron="0 3 * * *", timezone="Europe/Paris"),
            datetime(2030, 1, 2, 2, 0, tzinfo=UTC),
            id="cron in a zone",
        ),
        pytest.param(ScheduleInput(in_seconds=90), NOON + timedelta(seconds=90), id="in seconds"),
        pytest.param(ScheduleInput(at=NOON + timedelta(days=3)), NOON + timedelta(days=3), id="at"),
    ],
)
async def test_a_new_schedule_first_fires_at_its_next_time_after_the_clock(
    clock: ManualClock, schedule: ScheduleInput, first: datetime
) -> None:
    trigger = await scheduled(clock, schedule=schedule)
    assert (await stored(trigger)).next_fire_at == first


async def test_a_scheduled_trigger_keeps_its_payload_and_default_grace(clock: ManualClock) -> None:
    trigger = await scheduled(clock, payload={"job": "report"}, description="daily report")
    row = await stored(trigger)
    assert (row.kind, row.payload, row.description) == (
        TriggerKind.SCHEDULED,
        {"job": "report"},
        "daily report",
    )
    assert row.misfire_grace_seconds == 60
    assert row.hook_token is None and not row.paused


async def test_an_invalid_definition_reports_every_problem_and_writes_nothing(
    clock: ManualClock,
) -> None:
    result = await create_scheduled_trigger(
        ScheduledTriggerInput(
            name=" ",
            schedule=ScheduleInput(every_seconds=60, cron="* * * * *"),
            misfire_grace_seconds=-1,
        ),
        now=clock.now(),
    )
    assert codes(result) == [ErrorCode.INVALID] * 3
    assert await tables.count_triggers() == 0


async def test_a_time_already_past_on_the_clock_is_refused(clock: ManualClock) -> None:
    result = await create_scheduled_trigger(
        ScheduledTriggerInput(name="late", schedule=ScheduleInput(at=NOON - timedelta(seconds=1))),
        now=clock.now(),
    )
    assert codes(result) == [ErrorCode.INVALID]
    assert await tables.count_triggers() == 0


async def test_an_api_trigger_gets_a_hook_token_and_no_fire_time(clock: ManualClock) -> None:
    trigger = saved(
        await create_api_trigger(ApiTriggerInput(name="payments", api_schema={"amount": "float"}))
    )
    row = await stored(trigger)
    assert row.kind is TriggerKind.API
    assert row.hook_token and len(row.hook_token) >= 43
    assert row.next_fire_at is None
    assert row.api_schema == {"amount": "float"}


async def test_an_unusable_api_schema_writes_nothing(clock: ManualClock) -> None:
    result = await create_api_trigger(ApiTriggerInput(name="payments", api_schema={"a": "nope"}))
    assert codes(result) == [ErrorCode.INVALID]
    assert await tables.count_triggers() == 0


async def test_a_second_trigger_of_the_same_name_is_a_conflict(clock: ManualClock) -> None:
    await scheduled(clock, name="nightly")
    again = await create_api_trigger(ApiTriggerInput(name="nightly", api_schema={"a": "int"}))
    assert codes(again) == [ErrorCode.CONFLICT]
    assert await tables.count_triggers() == 1


async def test_a_key_at_its_quota_creates_nothing_more(clock: ManualClock) -> None:
    owner = Owner(key_id="key-1", max_triggers=2)
    for name in ("one", "two"):
        data = ScheduledTriggerInput(name=name, schedule=EVERY_MINUTE)
        saved(await create_scheduled_trigger(data, now=clock.now(), owner=owner))
    third = ScheduledTriggerInput(name="three", schedule=EVERY_MINUTE)
    assert codes(await create_scheduled_trigger(third, now=clock.now(), owner=owner)) == [
        ErrorCode.FORBIDDEN
    ]
    # Another key's quota is its own.
    other = Owner(key_id="key-2", max_triggers=2)
    saved(await create_scheduled_trigger(third, now=clock.now(), owner=other))
    assert await tables.count_triggers(created_by_key="key-1") == 2


# ---- update ---------------------------------------------------------------------------------


async def test_a_new_schedule_takes_its_next_time_from_the_clock_at_the_edit(
    clock: ManualClock,
) -> None:
    trigger = await scheduled(clock)
    clock.advance(3600)
    changes = TriggerChanges(
        given=frozenset({"schedule"}), schedule=ScheduleInput(every_seconds=600)
    )
    saved(await update_trigger(str(trigger.id), changes, now=clock.now()))
    assert (await stored(trigger)).next_fire_at == datetime(2030, 1, 1, 13, 10, tzinfo=UTC)


async def test_fields_left_out_of_an_edit_stay_and_null_can_be_set(clock: ManualClock) -> None:
    trigger = await scheduled(clock, description="old", payload={"v": 1})
    changes = TriggerChanges(given=frozenset({"description", "payload"}), payload={"v": 2})
    saved(await update_trigger(str(trigger.id), changes, now=clock.now()))
    row = await stored(trigger)
    assert (row.name, row.description, row.payload) == ("nightly", None, {"v": 2})
    assert row.next_fire_at == trigger.next_fire_at


async def test_an_edit_that_does_not_apply_to_the_kind_changes_nothing(clock: ManualClock) -> None:
    trigger = await scheduled(clock, payload={"v": 1})
    changes = TriggerChanges(
        given=frozenset({"payload", "api_schema"}), payload={"v": 2}, api_schema={"a": "int"}
    )
    result = await update_trigger(str(trigger.id), changes, now=clock.now())
    assert codes(result) == [ErrorCode.INVALID]
    row = await stored(trigger)
    assert (row.payload, row.updated_at) == ({"v": 1}, trigger.updated_at)


async def test_renaming_onto_a_taken_name_is_a_conflict(clock: ManualClock) -> None:
    await scheduled(clock, name="taken")
    trigger = await scheduled(clock, name="mine")
    changes = TriggerChanges(given=frozenset({"name"}), name="taken")
    assert codes(await update_trigger(str(trigger.id), changes, now=clock.now())) == [
        ErrorCode.CONFLICT
    ]
    assert (await stored(trigger)).name == "mine"


async def test_a_new_schedule_on_a_paused_trigger_leaves_it_without_a_fire_time(
    clock: ManualClock,
) -> None:
    trigger = await scheduled(clock)
    saved(await set_paused(str(trigger.id), True, now=clock.now()))
    changes = TriggerChanges(
        given=frozenset({"schedule"}), schedule=ScheduleInput(cron="0 * * * *")
    )
    saved(await update_trigger(str(trigger.id), changes, now=clock.now()))
    row = await stored(trigger)
    assert row.paused and row.next_fire_at is None
    assert row.schedule["cron"] == "0 * * * *"


@pytest.mark.parametrize("raw_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
async def test_an_edit_of_an_unknown_trigger_is_not_found(clock: ManualClock, raw_id: str) -> None:
    changes = TriggerChanges(given=frozenset({"name"}), name="x")
    assert codes(await update_trigger(raw_id, changes, now=clock.now())) == [ErrorCode.NOT_FOUND]


# ---- pause and resume -----------------------------------------------------------------------


async def test_pausing_clears_the_fire_time_and_resuming_continues_from_the_clock(
    clock: ManualClock,
) -> None:
    trigger = await scheduled(clock)
    saved(await set_paused(str(trigger.id), True, now=clock.now()))
    row = await stored(trigger)
    assert row.paused and row.next_fire_at is None
    # Two hours paused: the 120 times due meanwhile are not replayed on resume.
    clock.advance(2 * 3600)
    saved(await set_paused(str(trigger.id), False, now=clock.now()))
    row = await stored(trigger)
    assert not row.paused
    assert row.next_fire_at == datetime(2030, 1, 1, 14, 1, tzinfo=UTC)


async def test_pausing_a_paused_trigger_changes_nothing(clock: ManualClock) -> None:
    trigger = await scheduled(clock)
    first = saved(await set_paused(str(trigger.id), True, now=clock.now()))
    clock.advance(60)
    again = saved(await set_paused(str(trigger.id), True, now=clock.now()))
    assert again.updated_at == first.updated_at


async def test_an_api_trigger_pauses_without_a_fire_time(clock: ManualClock) -> None:
    trigger = saved(await create_api_trigger(ApiTriggerInput(name="p", api_schema={"a": "int"})))
    saved(await set_paused(str(trigger.id), True, now=clock.now()))
    saved(await set_paused(str(trigger.id), False, now=clock.now()))
    row = await stored(trigger)
    assert not row.paused and row.next_fire_at is None


# ---- hook token, delete, list ---------------------------------------------------------------


async def test_rotating_the_hook_token_replaces_it(clock: ManualClock) -> None:
    trigger = saved(await create_api_trigger(ApiTriggerInput(name="p", api_schema={"a": "int"})))
    saved(await rotate_hook_token(str(trigger.id)))
    token = (await stored(trigger)).hook_token
    assert token and token != trigger.hook_token


async def test_a_scheduled_trigger_has_no_hook_token_to_rotate(clock: ManualClock) -> None:
    trigger = await scheduled(clock)
    assert codes(await rotate_hook_token(str(trigger.id))) == [ErrorCode.INVALID]
    assert (await stored(trigger)).hook_token is None


async def test_delete_removes_the_trigger_once(clock: ManualClock) -> None:
    trigger = await scheduled(clock)
    assert await delete_trigger(str(trigger.id)) == trigger.id
    assert await tables.count_triggers() == 0
    assert codes(await delete_trigger(str(trigger.id))) == [ErrorCode.NOT_FOUND]
    assert codes(await delete_trigger("not-a-uuid")) == [ErrorCode.NOT_FOUND]


async def test_triggers_list_by_name_a_page_at_a_time(clock: ManualClock) -> None:
    for name in ("c", "a", "d", "b"):
        await scheduled(clock, name=name)
    saved(await create_api_trigger(ApiTriggerInput(name="api", api_schema={"a": "int"})))
    first = await list_triggers(kind=TriggerKind.SCHEDULED, first=3, after_name=None)
    assert ([t.name for t in first.triggers], first.has_next_page) == (["a", "b", "c"], True)
    rest = await list_triggers(kind=TriggerKind.SCHEDULED, first=3, after_name="c")
    assert ([t.name for t in rest.triggers], rest.has_next_page) == (["d"], False)
    every = await list_triggers(kind=None, first=10, after_name=None)
    assert [t.name for t in every.triggers] == ["a", "api", "b", "c", "d"]
