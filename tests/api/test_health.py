from __future__ import annotations

import dataclasses

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio import Redis

from core.live.hub import RedisPublisher
from core.storage.event_log import EventLog
from core.triggers.firing import Firing
from tests.conftest import GraphQLClient, Server, free_port, serving
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


async def test_healthz_answers_while_the_process_runs(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200


async def test_readyz_checks_database_and_redis(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_metrics_count_hook_requests_by_status(http: httpx.AsyncClient) -> None:
    def not_found_count(text: str) -> float:
        for line in text.splitlines():
            if line.startswith('etp_hook_request_duration_seconds_count{status="404"}'):
                return float(line.split()[-1])
        return 0.0

    before = not_found_count((await http.get("/metrics")).text)
    await http.post("/hooks/unknown", json={})
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert not_found_count(response.text) == before + 1


async def test_metrics_time_hook_requests_by_status(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)

    async def timings() -> dict[tuple[str, str, str | None], float]:
        text = (await http.get("/metrics")).text
        return {
            (
                s.name.removeprefix("etp_hook_request_duration_seconds"),
                s.labels["status"],
                s.labels.get("le"),
            ): s.value
            for family in text_string_to_metric_families(text)
            if family.name == "etp_hook_request_duration_seconds"
            for s in family.samples
        }

    before = await timings()
    await http.post("/hooks/unknown", json={})
    for _ in range(2):
        assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
    after = await timings()
    added = {key: value - before.get(key, 0.0) for key, value in after.items()}
    assert (added[("_count", "404", None)], added[("_count", "202", None)]) == (1, 2)
    assert added[("_bucket", "202", "+Inf")] == 2
    # Handled in-process against a local database: well under 10 s, and not free.
    assert added[("_bucket", "202", "10.0")] == 2
    assert 0 < added[("_sum", "202", None)] < 20


async def test_readyz_stays_200_and_says_degraded_when_redis_does_not_answer(
    clean: Server,
) -> None:
    """The contract (API.md, wave 3): a Redis outage does not take the API out of a load
    balancer's rotation (hooks and GraphQL work on Postgres alone); the body and a metric say
    it is degraded."""
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    services = dataclasses.replace(clean.services, redis=dead)
    try:
        async with (
            serving(services, free_port()) as base_url,
            httpx.AsyncClient(base_url=base_url) as client,
        ):
            ready = await client.get("/readyz")
            alive = await client.get("/healthz")
            scraped = (await client.get("/metrics")).text
    finally:
        await dead.aclose()
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"] == {"database": "ok", "redis": "degraded"}
    assert 'etp_dependency_up{dependency="redis"} 0.0' in scraped
    assert 'etp_dependency_up{dependency="database"} 1.0' in scraped
    assert alive.status_code == 200


async def test_hooks_still_fire_when_redis_is_down(clean: Server, gql: GraphQLClient) -> None:
    """Redis only carries notifications: a committed event must not depend on it."""
    trigger = await api_trigger(gql)
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    log = EventLog(publish=RedisPublisher(dead, prefix="x"))
    await log.start()
    services = dataclasses.replace(
        clean.services,
        redis=dead,
        event_log=log,
        firing=Firing(log, windows=clean.services.windows),
    )
    try:
        async with (
            serving(services, free_port()) as base_url,
            httpx.AsyncClient(base_url=base_url) as client,
        ):
            response = await client.post(hook_path(trigger), json=VALID_PAYMENT)
    finally:
        await log.close()
        await dead.aclose()
    assert response.status_code == 202
    assert await tables.count_events() == 1
