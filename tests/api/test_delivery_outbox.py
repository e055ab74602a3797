"""Every way an event is fired writes its deliveries with it: hooks, run-now, test runs (only to
destinations that take test events) and scheduled firings."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import httpx

from core.deliveries import destinations
from core.deliveries.records import DestinationSettings, StoredDestination
from core.events.sources import EventSource
from core.platform.clock import ManualClock
from core.scheduling.scheduler import Scheduler
from core.storage import trigger_rows
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path, scheduled_trigger

FIRE = "mutation($id: ID!) { fireTrigger(id: $id) { event { id } errors { message } } }"
TEST = "mutation($id: ID!) { testTrigger(id: $id) { event { id } errors { message } } }"


async def _destination(name: str, include_test: bool) -> StoredDestination:
    created = await destinations.create_destination(
        DestinationSettings(name=name, url="https://example.com/h", include_test=include_test),
        allow_private=False,
    )
    assert isinstance(created, StoredDestination)
    return created


async def _targets(source: EventSource, *, is_test: bool) -> set[str]:
    (event,) = await tables.stored_events(source=source, is_test=is_test)
    return {str(d.destination_id) for d in await tables.stored_deliveries(event_id=event.id)}


async def test_every_firing_path_writes_its_deliveries(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    plain = await _destination("plain", include_test=False)
    tests = await _destination("tests", include_test=True)
    both = {str(plain.id), str(tests.id)}

    hooked = await api_trigger(gql)
    assert (await http.post(hook_path(hooked), json=VALID_PAYMENT)).status_code == 202
    assert await _targets(EventSource.API, is_test=False) == both

    nightly = await scheduled_trigger(gql, payload={"x": 1})
    fired = await gql(FIRE, {"id": nightly["id"]})
    assert fired["fireTrigger"]["errors"] == []
    assert await _targets(EventSource.MANUAL, is_test=False) == both

    tested = await gql(TEST, {"id": nightly["id"]})
    assert tested["testTrigger"]["errors"] == []
    assert await _targets(EventSource.MANUAL, is_test=True) == {str(tests.id)}

    # The scheduler writes in its own transaction: ticked just after the trigger is due.
    trigger = await trigger_rows.trigger_by_id(UUID(nightly["id"]))
    assert trigger is not None
    due = trigger.next_fire_at
    assert due is not None
    clock = ManualClock(due + timedelta(seconds=1))
    scheduler = Scheduler(event_log=clean.services.event_log, clock=clock)
    await scheduler.tick()
    assert await _targets(EventSource.SCHEDULE, is_test=False) == both
