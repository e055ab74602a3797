"""The event list cache serves repeated reads and is never stale, from any process or without Redis."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest
from redis.asyncio import Redis

from api.graphql.fast_paths.event_list_cache import EventListCache
from core.platform.clock import ManualClock
from core.platform.retry_policies import EVENT_CACHE_REDIS
from tests.conftest import GraphQLClient, Server, api_process, free_port, serving
from tests.factories import EVENTS, VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


async def cache_reads(http: httpx.AsyncClient) -> dict[str, float]:
    exposed = (await http.get("/metrics")).text
    found = re.findall(r'^etp_event_list_cache_total\{result="(\w+)"\} (\S+)$', exposed, re.M)
    return {result: float(value) for result, value in found}


async def listed_ids(gql: GraphQLClient, **variables: object) -> list[str]:
    data = await gql(EVENTS, {"first": 50, **variables})
    return [edge["node"]["id"] for edge in data["events"]["edges"]]


async def fire(http: httpx.AsyncClient, trigger: dict[str, str], n: int) -> str:
    response = await http.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": n})
    assert response.status_code == 202
    event_id: str = response.json()["event"]["id"]
    return event_id


async def test_a_cached_list_is_served_and_never_stale_after_a_new_event(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    first = await fire(http, trigger, 0)
    before = await cache_reads(http)
    assert await listed_ids(gql) == [first]  # fills the cache
    assert await listed_ids(gql) == [first]  # served from it
    second = await fire(http, trigger, 1)
    assert await listed_ids(gql) == [second, first]
    assert await listed_ids(gql, triggerId=trigger["id"]) == [second, first]
    after = await cache_reads(http)
    assert after.get("hit", 0) - before.get("hit", 0) == 1
    assert after.get("miss", 0) - before.get("miss", 0) == 3


async def test_an_event_committed_by_another_process_is_seen_at_once(
    clean: Server, api_key: str, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean) as other_url,
        httpx.AsyncClient(base_url=other_url) as other,
    ):
        first = await fire(other, trigger, 0)
        assert await listed_ids(gql) == [first]
        assert await listed_ids(gql) == [first]
        # No message reaches this process: the cache entry is checked against the database.
        second = await fire(other, trigger, 1)
        assert await listed_ids(gql) == [second, first]


async def test_lists_are_read_uncached_while_redis_is_down_and_redis_is_retried_after_a_pause(
    clean: Server, api_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    fired = [await fire(http, trigger, n) for n in range(3)]
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    clock = ManualClock(datetime.now(UTC))
    dead_cache = EventListCache(
        dead, prefix=clean.settings.redis_prefix, windows=clean.services.windows, clock=clock
    )
    try:
        async with (
            serving(clean.services, free_port(), event_lists=dead_cache) as base_url,
            httpx.AsyncClient(base_url=base_url, headers={"X-API-Key": api_key}) as client,
        ):
            without_redis = GraphQLClient(client)
            before = await cache_reads(client)
            for _ in range(3):
                assert await listed_ids(without_redis) == fired[::-1]
                clock.advance(EVENT_CACHE_REDIS.cap_seconds / 4)
            during = await cache_reads(client)
            clock.advance(EVENT_CACHE_REDIS.cap_seconds / 2)
            assert await listed_ids(without_redis) == fired[::-1]
            after = await cache_reads(client)
    finally:
        await dead.aclose()
    # One failed attempt, then the cache is skipped rather than timed out on every read...
    assert during.get("miss", 0) - before.get("miss", 0) == 1
    assert during.get("bypass", 0) - before.get("bypass", 0) == 2
    # ...until the pause has passed on the process's clock: then Redis is tried again.
    assert after.get("miss", 0) - during.get("miss", 0) == 1


async def test_a_hit_answers_exactly_what_executing_would(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    for n in range(3):
        await fire(http, trigger, n)
    body = {"query": EVENTS, "variables": {"first": 2, "status": None}}
    before = await cache_reads(http)
    computed = await gql.client.post("/graphql", json=body)
    served = await gql.client.post("/graphql", json=body)
    after = await cache_reads(http)
    assert (
        after.get("miss", 0) - before.get("miss", 0),
        after.get("hit", 0) - before.get("hit", 0),
    ) == (1, 1)
    assert served.status_code == computed.status_code == 200
    assert served.headers["content-type"] == computed.headers["content-type"]
    assert served.json() == computed.json()
    assert served.json()["data"]["events"]["pageInfo"]["hasNextPage"] is True


async def test_operations_reading_more_than_event_lists_are_not_cached(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    await fire(http, trigger, 0)
    mixed = "{ events { edges { node { id } } } triggers { edges { node { name } } } }"
    before = await cache_reads(http)
    assert (await gql(mixed))["triggers"]["edges"][0]["node"]["name"] == "payments"
    await gql(
        'mutation($id: ID!) { updateTrigger(id: $id, input: {name: "billing"}) { errors { code } } }',
        {"id": trigger["id"]},
    )
    # The event log did not change, but the trigger did: this must not come from a cache.
    assert (await gql(mixed))["triggers"]["edges"][0]["node"]["name"] == "billing"
    assert await cache_reads(http) == before
