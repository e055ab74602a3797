"""events and event: newest first, Relay cursors stable under concurrent inserts."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.factories import EVENTS, VALID_PAYMENT, api_trigger, events, hook_path

pytestmark = pytest.mark.asyncio


async def _fire(http: httpx.AsyncClient, trigger: dict[str, str], n: int) -> list[str]:
    ids = []
    for i in range(n):
        response = await http.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": i})
        ids.append(response.json()["event"]["id"])
    return ids


async def test_events_are_newest_first_with_sortable_ids(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    fired = await _fire(http, trigger, 5)
    assert fired == sorted(fired)
    listed = await events(gql)
    assert [e["id"] for e in listed] == list(reversed(fired))


async def test_pagination_is_stable_while_events_are_inserted(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    fired = await _fire(http, trigger, 7)
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(EVENTS, {"first": 3, "after": after}))["events"]
        seen += [e["node"]["id"] for e in page["edges"]]
        # New events land before the first page, never inside the pages still to come.
        await _fire(http, trigger, 2)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(reversed(fired))


async def test_events_filter_by_trigger(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    one = await api_trigger(gql, name="one")
    two = await api_trigger(gql, name="two")
    await _fire(http, one, 2)
    await _fire(http, two, 1)
    assert {e["triggerName"] for e in await events(gql, triggerId=two["id"])} == {"two"}
    assert len(await events(gql, triggerId=one["id"])) == 2
    assert await events(gql, triggerId="00000000-0000-0000-0000-000000000000") == []


async def test_event_by_id_and_unknown_ids(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    trigger = await api_trigger(gql)
    [event_id] = await _fire(http, trigger, 1)
    query = "query($id: ID!) { event(id: $id) { id status payload } }"
    found = await gql(query, {"id": event_id})
    assert found["event"] == {
        "id": event_id,
        "status": "ACTIVE",
        "payload": {**VALID_PAYMENT, "user_id": 0},
    }
    for unknown in ["ffffffffffffffff", "nope", ""]:
        assert (await gql(query, {"id": unknown}))["event"] is None


async def test_archived_filter_excludes_fresh_events(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    await _fire(http, trigger, 1)
    assert await events(gql, status="ARCHIVED") == []
    assert len(await events(gql, status=None)) == 1


@pytest.mark.parametrize(("first", "after"), [(0, None), (501, None), (5, "not-a-cursor")])
async def test_bad_page_arguments_are_clear_errors(
    gql: GraphQLClient, first: int, after: str | None
) -> None:
    body = await gql.raw(EVENTS, {"first": first, "after": after})
    assert body["data"] is None
    assert body["errors"][0]["message"]
    assert "Unexpected" not in body["errors"][0]["message"]


async def test_concurrent_firings_get_distinct_increasing_ids(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    responses = await asyncio.gather(
        *(http.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": n}) for n in range(30))
    )
    ids = sorted(r.json()["event"]["id"] for r in responses)
    listed = []
    after = None
    while True:
        page = (await gql(EVENTS, {"first": 10, "after": after}))["events"]
        listed += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert listed == list(reversed(ids))


async def test_event_counts_per_trigger(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    one = await api_trigger(gql, name="one")
    two = await api_trigger(gql, name="two")
    await _fire(http, one, 3)
    await _fire(http, two, 1)
    await http.post(hook_path(two) + "/test", json=VALID_PAYMENT)  # tests are not counted
    data = await gql("{ eventCounts { triggerId triggerName active archived } }")
    assert data["eventCounts"] == [
        {"triggerId": one["id"], "triggerName": "one", "active": 3, "archived": 0},
        {"triggerId": two["id"], "triggerName": "two", "active": 1, "archived": 0},
    ]
