"""events(source:, since:, until:, payloadContains:): filters that combine with the others,
page with cursors, refuse hostile patterns clearly, and never get a wrong answer from the cache."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.factories import EVENT_FIELDS, api_trigger, hook_path, scheduled_trigger

pytestmark = pytest.mark.asyncio

FILTERED = f"""
query($status: EventStatus, $triggerId: ID, $includeTest: Boolean, $first: Int, $after: String,
      $source: EventSource, $since: DateTime, $until: DateTime, $payloadContains: JSON) {{
  events(status: $status, triggerId: $triggerId, includeTest: $includeTest, first: $first,
         after: $after, source: $source, since: $since, until: $until,
         payloadContains: $payloadContains) {{
    edges {{ cursor node {{ {EVENT_FIELDS} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

SCHEMA = {"currency": "str", "amount": "float", "tags": "list?", "meta": "dict?"}
TEST_TRIGGER = "mutation($id: ID!, $p: JSON) { testTrigger(id: $id, payload: $p) { event { id } errors { message } } }"
RUN_NOW = "mutation($id: ID!) { fireTrigger(id: $id) { event { id source } errors { message } } }"


async def listed(gql: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    data = await gql(FILTERED, variables)
    return [edge["node"] for edge in data["events"]["edges"]]


async def fire(http: httpx.AsyncClient, trigger: dict[str, Any], payload: dict[str, Any]) -> str:
    response = await http.post(hook_path(trigger), json=payload)
    assert response.status_code == 202, response.text
    event_id: str = response.json()["event"]["id"]
    return event_id


@pytest.fixture
async def shop(gql: GraphQLClient, http: httpx.AsyncClient) -> dict[str, Any]:
    """Two API triggers with a mix of payloads, a test run and a scheduled run-now."""
    orders = await api_trigger(gql, name="orders", api_schema=SCHEMA)
    refunds = await api_trigger(gql, name="refunds", api_schema=SCHEMA)
    ids = {
        "eur": await fire(http, orders, {"currency": "EUR", "amount": 10, "tags": ["vip", "eu"]}),
        "usd": await fire(http, orders, {"currency": "USD", "amount": 10.0}),
        "eur_nested": await fire(
            http, orders, {"currency": "EUR", "amount": 3, "meta": {"country": "DE", "n": 1}}
        ),
        "refund_eur": await fire(http, refunds, {"currency": "EUR", "amount": 1}),
    }
    test = await gql(TEST_TRIGGER, {"id": orders["id"], "p": {"currency": "EUR", "amount": 2}})
    ids["test_eur"] = test["testTrigger"]["event"]["id"]
    nightly = await scheduled_trigger(gql, payload={"currency": "EUR"})
    ids["manual"] = (await gql(RUN_NOW, {"id": nightly["id"]}))["fireTrigger"]["event"]["id"]
    return {"orders": orders, "refunds": refunds, "nightly": nightly, "ids": ids}


def ids_of(events: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in events]


async def test_payload_contains_is_json_containment(
    gql: GraphQLClient, shop: dict[str, Any]
) -> None:
    ids = shop["ids"]
    eur = await listed(gql, payloadContains={"currency": "EUR"})
    assert ids_of(eur) == [ids["manual"], ids["refund_eur"], ids["eur_nested"], ids["eur"]]
    # Nested objects, arrays (a subset of the elements, any order), numbers by value.
    assert ids_of(await listed(gql, payloadContains={"meta": {"country": "DE"}})) == [
        ids["eur_nested"]
    ]
    assert ids_of(await listed(gql, payloadContains={"tags": ["eu"]})) == [ids["eur"]]
    assert ids_of(await listed(gql, payloadContains={"amount": 10})) == [ids["usd"], ids["eur"]]
    assert await listed(gql, payloadContains={"currency": "eur"}) == []
    assert await listed(gql, payloadContains={"tags": "eu"}) == []  # not an array element match
    assert len(await listed(gql, payloadContains={})) == 5  # {} is contained in every object


async def test_filters_combine(gql: GraphQLClient, shop: dict[str, Any]) -> None:
    ids, orders = shop["ids"], shop["orders"]
    by_trigger = await listed(gql, triggerId=orders["id"], payloadContains={"currency": "EUR"})
    assert ids_of(by_trigger) == [ids["eur_nested"], ids["eur"]]
    with_tests = await listed(
        gql, triggerId=orders["id"], payloadContains={"currency": "EUR"}, includeTest=True
    )
    assert ids_of(with_tests) == [ids["test_eur"], ids["eur_nested"], ids["eur"]]
    assert ids_of(await listed(gql, source="MANUAL")) == [ids["manual"]]
    assert ids_of(await listed(gql, source="MANUAL", includeTest=True)) == [
        ids["manual"],
        ids["test_eur"],
    ]
    assert len(await listed(gql, source="API")) == 4
    assert await listed(gql, source="SCHEDULE") == []
    assert await listed(gql, status="ARCHIVED", payloadContains={"currency": "EUR"}) == []


async def test_since_is_inclusive_and_until_exclusive(
    gql: GraphQLClient, shop: dict[str, Any]
) -> None:
    everything = await listed(gql, includeTest=True)
    oldest_first = list(reversed(everything))
    middle = oldest_first[2]
    since = await listed(gql, includeTest=True, since=middle["firedAt"])
    until = await listed(gql, includeTest=True, until=middle["firedAt"])
    assert ids_of(since) == ids_of(everything[: len(everything) - 2])
    assert ids_of(until) == ids_of(everything[len(everything) - 2 :])
    # Together they cover everything, once.
    assert sorted(ids_of(since) + ids_of(until)) == sorted(ids_of(everything))


async def test_cursors_page_through_a_filtered_list(
    gql: GraphQLClient, shop: dict[str, Any]
) -> None:
    expected = ids_of(await listed(gql, payloadContains={"currency": "EUR"}, includeTest=True))
    assert len(expected) == 5
    seen: list[str] = []
    after = None
    while True:
        page = (
            await gql(
                FILTERED,
                {
                    "first": 2,
                    "after": after,
                    "payloadContains": {"currency": "EUR"},
                    "includeTest": True,
                },
            )
        )["events"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"payloadContains": "EUR"}, "must be a JSON object or array"),
        ({"payloadContains": 7}, "must be a JSON object or array"),
        ({"payloadContains": True}, "must be a JSON object or array"),
        ({"payloadContains": {"k": "x" * 5000}}, "at most 4096 bytes"),
        ({"payloadContains": {"k": "nul\u0000"}}, "NUL"),
        ({"payloadContains": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}, "deeper than 16"),
        (
            {"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
            "since must be before until",
        ),
    ],
)
async def test_hostile_filters_are_invalid_with_a_clear_message(
    gql: GraphQLClient, variables: dict[str, Any], message: str
) -> None:
    body = await gql.raw(FILTERED, variables)
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert message in error["message"]


async def test_the_result_cache_keeps_filters_apart(
    gql: GraphQLClient, http: httpx.AsyncClient, shop: dict[str, Any]
) -> None:
    """The event list cache (on in tests) files results under the operation and its variables:
    the same document with another filter is another entry, never the first one's answer."""
    for _ in range(2):  # the second round reads from the cache
        eur = await listed(gql, payloadContains={"currency": "EUR"})
        usd = await listed(gql, payloadContains={"currency": "USD"})
        assert {e["payload"]["currency"] for e in eur} == {"EUR"}
        assert ids_of(usd) == [shop["ids"]["usd"]]
    newer = await fire(http, shop["orders"], {"currency": "USD", "amount": 1})
    assert ids_of(await listed(gql, payloadContains={"currency": "USD"}))[0] == newer
