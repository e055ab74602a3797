"""The fast paths (GRAPHQL_FAST_PATHS) change speed, never answers: a table of operations run
against the real app with them on and off gives the same JSON, byte for byte over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.api.served import client_for, served_with
from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server
from tests.factories import (
    EVENT_FIELDS,
    TRIGGER_FIELDS,
    VALID_PAYMENT,
    api_trigger,
    hook_path,
    scheduled_trigger,
)

pytestmark = pytest.mark.asyncio

PAGE = f"""query($first: Int, $after: String, $status: EventStatus, $includeTest: Boolean) {{
  events(first: $first, after: $after, status: $status, includeTest: $includeTest) {{
    edges {{ cursor node {{ {EVENT_FIELDS} }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}"""


def operations(ids: dict[str, str], cursor: str) -> list[tuple[str, dict[str, Any]]]:
    """(document, variables): every root field, nested objects, aliases, fragments, directives,
    variables, and errors of validation, of arguments and of nested fields."""
    return [
        (f"{{ triggers {{ edges {{ cursor node {{ {TRIGGER_FIELDS} }} }} }} }}", {}),
        (
            "query($after: String) { triggers(first: 1, after: $after) "
            "{ edges { node { name upcoming(count: 3) } } pageInfo { hasNextPage endCursor } } }",
            {"after": None},
        ),
        ("query($id: ID!) { trigger(id: $id) { " + TRIGGER_FIELDS + " } }", {"id": ids["api"]}),
        ("query($id: ID!) { trigger(id: $id) { name upcoming } }", {"id": ids["scheduled"]}),
        ('{ trigger(id: "00000000-0000-0000-0000-000000000000") { id } }', {}),
        (PAGE, {"first": 3}),
        (PAGE, {"first": 3, "after": cursor}),
        (PAGE, {"first": 50, "status": None, "includeTest": True}),
        (PAGE, {"first": 5, "status": "ARCHIVED"}),
        (
            "query($t: ID) { events(triggerId: $t, includeTest: true) "
            "{ edges { node { id isTest source } } } }",
            {"t": ids["api"]},
        ),
        ("query($id: ID!) { event(id: $id) { " + EVENT_FIELDS + " } }", {"id": ids["event"]}),
        ('{ event(id: "nope") { id } }', {}),
        ("{ eventCounts { triggerId triggerName active archived } }", {}),
        (
            "{ __typename events(first: 2) { __typename edges { __typename node { __typename id } }"
            " pageInfo { __typename hasNextPage } } }",
            {},
        ),
        (
            "{ a: events(first: 1) { edges { node { id } } } "
            "b: events(first: 2) { edges { node { firedAt: id id: triggerName } } } "
            "c: triggers(first: 1) { edges { node { kind: name name: kind } } } }",
            {},
        ),
        (
            "fragment E on Event { id payload } "
            "{ events(first: 4) { edges { node { ...E status ... on Event { triggerName } } } } }",
            {},
        ),
        (
            "fragment N on Event { id } fragment M on Event { ...N id isTest } "
            "{ events(first: 4) { edges { node { ...M ...N } } } }",
            {},
        ),
        (
            "query($with: Boolean!) { events(first: 3) { edges { node { id "
            "payload @include(if: $with) status @skip(if: $with) } } } }",
            {"with": True},
        ),
        (
            "query($with: Boolean!) { events(first: 3) { edges { node { id "
            "payload @include(if: $with) status @skip(if: $with) } } } }",
            {"with": False},
        ),
        (
            "query Recent { events(first: 2) { edges { node { id } } } } "
            "query Counts { eventCounts { active } }",
            {},
        ),
        ('{ previewSchedule(schedule: {cron: "0 3 * * *", timezone: "Europe/Paris"}) }', {}),
        ("{ events(first: 0) { edges { cursor } } }", {}),
        ('{ events(after: "not a cursor") { edges { cursor } } }', {}),
        ("{ events { edges { node { nope } } } }", {}),
        ("query($first: Int) { events(first: $first) { edges { cursor } } }", {"first": "x"}),
        (
            "query($id: ID!) { trigger(id: $id) { upcoming(count: 1000) } }",
            {"id": ids["scheduled"]},
        ),
        ('{ previewSchedule(schedule: {cron: "x", inSeconds: 5}) }', {}),
        ("{ events(first: 2) { edges { node { id } } } eventCounts { active } }", {}),
    ]


async def fired(http: httpx.AsyncClient, trigger: dict[str, Any], n: int, *, test: bool) -> str:
    path = hook_path(trigger) + ("/test" if test else "")
    response = await http.post(path, json={**VALID_PAYMENT, "user_id": n})
    assert response.status_code == 202, response.text
    event_id: str = response.json()["event"]["id"]
    return event_id


async def test_queries_read_the_same_with_and_without_fast_paths(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    api = await api_trigger(gql)
    await api_trigger(gql, name="other")
    scheduled = await scheduled_trigger(gql)
    event_ids = [await fired(http, api, n, test=n % 3 == 0) for n in range(7)]
    first_page = (await gql(PAGE, {"first": 3}))["events"]
    table = operations(
        {"api": api["id"], "scheduled": scheduled["id"], "event": event_ids[-1]},
        first_page["pageInfo"]["endCursor"],
    )
    async with (
        served_with(clean, graphql_fast_paths=False) as plain_url,
        client_for(plain_url, api_key) as plain,
        client_for(clean.base_url, api_key) as fast,
    ):
        for query, variables in table:
            body = {"query": query, "variables": variables}
            expected = await plain.post("/graphql", json=body)
            # Twice: the second may come from the event list cache.
            for _ in range(2):
                got = await fast.post("/graphql", json=body)
                assert (got.status_code, got.text) == (expected.status_code, expected.text), query


SUBSCRIPTIONS = [
    "subscription { eventFired { " + EVENT_FIELDS + " } }",
    "subscription { eventFired(includeTest: true) { id isTest a: status b: payload } }",
    "fragment E on Event { id triggerName } subscription { eventFired { ...E __typename } }",
    "subscription($t: ID) { eventFired(triggerId: $t) { id payload } }",
    "subscription($after: ID) { eventFired(after: $after, includeTest: true) { id status } }",
]


async def _next_messages(ws: WsClient, count: int) -> dict[str, list[Any]]:
    by_operation: dict[str, list[Any]] = {}
    for _ in range(count):
        message = await ws.receive()
        assert message["type"] == "next", message
        by_operation.setdefault(message["id"], []).append(message["payload"])
    return by_operation


async def test_live_events_read_the_same_with_and_without_fast_paths(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    api = await api_trigger(gql)
    other = await api_trigger(gql, name="other")
    before = await fired(http, api, -1, test=False)
    await fired(http, api, 0, test=False)  # replayed to the subscription with `after`
    async with served_with(clean, graphql_fast_paths=False) as plain_url:
        clients = [
            await WsClient.connect(url, api_key=api_key) for url in (plain_url, clean.base_url)
        ]
        try:
            for ws in clients:
                await ws.acknowledged()
                for query in SUBSCRIPTIONS:
                    await ws.subscribe(query, t=api["id"], after=before)
            # The replay arrives first; then every live event.
            await asyncio.sleep(0.3)
            await fired(http, api, 1, test=False)
            await fired(http, other, 2, test=False)
            await fired(http, api, 3, test=True)
            # Per subscription: 2, 3, 2, 1, and 1 + 3 events.
            plain, fast = [await _next_messages(ws, 2 + 3 + 2 + 1 + 4) for ws in clients]
        finally:
            for ws in clients:
                await ws.close()
    assert [len(fast[str(n)]) for n in range(1, 6)] == [2, 3, 2, 1, 4]
    assert fast == plain
