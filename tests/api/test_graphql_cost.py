"""Operation cost: estimated before running, refused above the ceiling, charged per key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import get_introspection_query, parse

from api.graphql.schema import schema
from api.graphql.transport.cost import DEFAULT_LIST_SIZE, operation_cost
from core.storage.models import Trigger
from tests.api.served import client_for, served_with
from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server
from tests.factories import CREATE_SCHEDULED_TRIGGER, EVENT_FIELDS, TRIGGER_FIELDS
from tests.redis_commands import commands_naming

# 30 aliases of previewSchedule with a rare cron (issue 11: /healthz blocked for 3.25 s).
PREVIEW_ALIASES = (
    "{ "
    + " ".join(
        f'p{n}: previewSchedule(schedule: {{cron: "0 0 29 2 1"}}, count: 5)' for n in range(30)
    )
    + " }"
)


def cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return operation_cost(schema._schema, parse(query), None, variables).cost


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ __typename }", None, 0),
        ("{ eventCounts { active archived } }", None, 1 + DEFAULT_LIST_SIZE * 2),
        # A connection's size is for the list inside it: 1 + (1 + 20 * (1 + 1)) + ...
        ("{ events { edges { node { id } } } }", None, 1 + 1 + 20 * (1 + 1)),
        ("{ events(first: 3) { edges { cursor } } }", None, 1 + 1 + 3),
        ("query($n: Int) { events(first: $n) { edges { cursor } } }", {"n": 7}, 1 + 1 + 7),
        ("query($n: Int = 9) { events(first: $n) { edges { cursor } } }", {}, 1 + 1 + 9),
        (
            "{ triggers(first: 2) { edges { node { upcoming(count: 4) } } } }",
            None,
            1 + 1 + 2 * (1 + 10 + 4),
        ),
        ('{ previewSchedule(schedule: {cron: "* * * * *"}, count: 3) }', None, 1000 + 3),
        (
            "fragment E on Event { id } { events(first: 4) { edges { node { ...E ...E } } } }",
            None,
            1 + 1 + 4 * (1 + 2),
        ),
    ],
)
def test_estimates(query: str, variables: dict[str, Any] | None, expected: int) -> None:
    assert cost(query, variables) == expected


def test_pages_a_client_asks_for_stay_under_the_default_ceiling() -> None:
    full_events = f"{{ events(first: 500) {{ edges {{ cursor node {{ {EVENT_FIELDS} }} }} }} }}"
    full_triggers = f"{{ triggers(first: 500) {{ edges {{ node {{ {TRIGGER_FIELDS} }} }} }} }}"
    for query in (full_events, full_triggers, get_introspection_query(descriptions=True)):
        assert cost(query) < 20_000, query
    assert cost(PREVIEW_ALIASES) > 20_000


def test_the_fragment_bomb_is_costed_without_expanding() -> None:
    bomb = (
        "{ ...F0 } "
        + " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(30))
        + " fragment F30 on Query { eventCounts { active } }"
    )
    assert cost(bomb) == 2**30 * (1 + DEFAULT_LIST_SIZE)


def test_sizes_out_of_range_are_found_before_anything_runs() -> None:
    estimate = operation_cost(
        schema._schema,
        parse("query($n: Int!) { triggers { edges { node { upcoming(count: $n) } } } }"),
        None,
        {"n": -1},
    )
    assert [p.message for p in estimate.problems] == ["count must be between 0 and 100"]


@pytest.mark.asyncio
async def test_an_operation_over_the_ceiling_is_refused_before_running(gql: GraphQLClient) -> None:
    body = await gql.raw(PREVIEW_ALIASES)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT", error
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"] == 20_000


@pytest.mark.asyncio
async def test_a_mutation_with_a_bad_count_writes_nothing(gql: GraphQLClient) -> None:
    # Issue 11: `upcoming(count: -1)` made the trigger and then failed to show it.
    query = CREATE_SCHEDULED_TRIGGER.replace("nextFireAt", "nextFireAt upcoming(count: -1)")
    body = await gql.raw(query, {"input": {"name": "n", "schedule": {"cron": "0 3 * * *"}}})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"] == [
        {
            "field": ["count"],
            "message": "count must be between 0 and 100",
        }
    ]
    assert await Trigger.all().count() == 0
    # The same through a variable.
    body = await gql.raw(
        CREATE_SCHEDULED_TRIGGER.replace("nextFireAt", "nextFireAt upcoming(count: $n)").replace(
            "mutation($input", "mutation($n: Int!, $input"
        ),
        {"n": 101, "input": {"name": "n", "schedule": {"cron": "0 3 * * *"}}},
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert await Trigger.all().count() == 0


@pytest.mark.asyncio
async def test_the_cost_budget_per_key_answers_429_with_retry_after(
    clean: Server, api_key: str, read_only_key: str
) -> None:
    query = "{ events(first: 50) { edges { cursor } } }"  # costs 52
    async with (
        served_with(clean, api_cost_per_minute=150) as url,
        client_for(url, api_key) as client,
        client_for(url, read_only_key) as other,
    ):
        responses = [await client.post("/graphql", json={"query": query}) for _ in range(3)]
        assert [r.status_code for r in responses] == [200, 200, 429]
        refused = responses[-1]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        [error] = refused.json()["errors"]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"])
        assert refused.json()["data"] is None
        # Another key has its own budget.
        assert (await other.post("/graphql", json={"query": query})).status_code == 200


@pytest.mark.asyncio
async def test_each_operation_counts_against_the_key_rate(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, api_rate_limit="3/minute") as url,
        client_for(url, api_key) as client,
    ):
        codes = [
            (await client.post("/graphql", json={"query": "{ __typename }"})).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        refused = await client.post("/graphql", json={"query": "{ __typename }"})
        assert refused.headers["ratelimit-policy"] == "3;w=60"
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # A websocket subscribe counts too: refused with the same error, the connection stays.
        ws = await WsClient.connect(url, api_key=api_key)
        try:
            await ws.acknowledged()
            operation = await ws.subscribe()
            message = await ws.receive()
            assert message["type"] == "error" and message["id"] == operation, message
            assert message["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
            await ws.send({"type": "ping"})
            assert (await ws.receive())["type"] == "pong"
        finally:
            await ws.close()


@pytest.mark.asyncio
async def test_cached_results_still_count_as_operations(clean: Server, api_key: str) -> None:
    query = {"query": "{ events(first: 1) { edges { cursor } } }"}
    async with (
        served_with(clean, api_rate_limit="2/minute") as url,
        client_for(url, api_key) as client,
    ):
        codes = [(await client.post("/graphql", json=query)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.asyncio
async def test_responses_carry_the_ratelimit_headers(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, api_rate_limit="10/second") as url,
        client_for(url, api_key) as client,
    ):
        response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.headers["ratelimit-policy"] == "10;w=1"
    # The remaining count is read only for refusals; an allowed answer does not guess it.
    assert "ratelimit" not in response.headers


@pytest.mark.asyncio
async def test_without_a_key_nothing_is_counted(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 401
    assert "ratelimit" not in response.headers
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.asyncio
async def test_a_read_costs_its_key_check_rate_and_cost_less_than_a_redis_round_trip(
    clean: Server, api_key: str, gql: GraphQLClient
) -> None:
    """As shipped (API_RATE_LIMIT and API_COST_PER_MINUTE on): the key comes from the key
    cache, and both budgets are spent from slices this process holds, topped up now and then."""
    query = f"{{ events(first: 50) {{ edges {{ cursor node {{ {EVENT_FIELDS} }} }} }} }}"
    await gql(query)  # the key cached, the first slices taken
    key_id = api_key.split("_")[1]  # in the name of every counter of this key
    reads = 40
    async with commands_naming(str(clean.settings.redis_url), key_id) as commands:
        for _ in range(reads):
            await gql(query)
    assert len(commands) <= reads // 2, commands
