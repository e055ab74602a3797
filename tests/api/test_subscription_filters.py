"""eventFired takes the filters of `events`: the server decides them, for live and replayed
events alike, and refuses a bad one as `events` does."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.test_event_cache import fire as fire_user
from tests.api.test_subscriptions import fire, subscribed
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger, scheduled_trigger

pytestmark = pytest.mark.asyncio

FILTERED = """subscription($after: ID, $source: EventSource, $payloadContains: JSON) {
  eventFired(after: $after, source: $source, payloadContains: $payloadContains) {
    id source payload
  }
}"""

FIRE_NOW = "mutation($id: ID!, $p: JSON) { fireTrigger(id: $id, payload: $p) { event { id } } }"


async def test_payload_contains_selects_live_events(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    client = await subscribed(clean, api_key, FILTERED, payloadContains={"user_id": 1})
    try:
        fired = [await fire_user(http, trigger, n % 3) for n in range(6)]
        received = await client.events(2)
    finally:
        await client.close()
    # In order, and the others never came: the second match is what arrived after the first.
    assert [e["id"] for e in received] == [fired[1], fired[4]]
    assert all(e["payload"]["user_id"] == 1 for e in received)


async def test_payload_contains_selects_replayed_events_then_live_ones(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    [start] = await fire(http, trigger, 1)
    stored = [await fire_user(http, trigger, n % 2) for n in range(6)]
    client = await subscribed(
        clean, api_key, FILTERED, after=start, payloadContains={"user_id": 0, "currency": "EUR"}
    )
    try:
        live = [await fire_user(http, trigger, n % 2) for n in range(4)]
        received = await client.events(5)
    finally:
        await client.close()
    assert [e["id"] for e in received] == stored[0::2] + live[0::2]


async def test_source_selects_live_and_replayed_events(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    nightly = await scheduled_trigger(gql)  # run now: a MANUAL event, not a test
    [start] = await fire(http, trigger, 1)

    async def fire_now() -> str:
        data = await gql(FIRE_NOW, {"id": nightly["id"], "p": None})
        event_id: str = data["fireTrigger"]["event"]["id"]
        return event_id

    replayed = await fire_now()
    await fire(http, trigger, 2)
    client = await subscribed(clean, api_key, FILTERED, after=start, source="MANUAL")
    try:
        await fire(http, trigger, 2)
        live = await fire_now()
        received = await client.events(2)
    finally:
        await client.close()
    assert [(e["id"], e["source"]) for e in received] == [(replayed, "MANUAL"), (live, "MANUAL")]


@pytest.mark.parametrize(
    "pattern", ["EUR", {"k": "x" * 5000}, {"k\u0000": 1}], ids=["scalar", "long", "nul"]
)
async def test_a_bad_filter_is_refused_with_the_error_events_gives(
    clean: Server, api_key: str, gql: GraphQLClient, pattern: Any
) -> None:
    listed = await gql.raw(
        "query($p: JSON) { events(payloadContains: $p) { edges { cursor } } }", {"p": pattern}
    )
    client = await subscribed(clean, api_key, FILTERED, payloadContains=pattern)
    try:
        message = await client.receive()
    finally:
        await client.close()
    # As eventFired's other argument errors: its one result, with the error and no data.
    assert message["type"] == "next" and message["payload"]["data"] is None, message
    [refused] = message["payload"]["errors"]
    [expected] = listed["errors"]
    assert refused["message"] == expected["message"]
    assert refused["extensions"] == expected["extensions"]
    assert refused["extensions"]["code"] == "INVALID"
