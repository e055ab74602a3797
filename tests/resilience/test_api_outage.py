"""A real `etp api` process whose database goes away (through a proxy only it uses): readiness
says so, hooks answer 503 problem+json, and both recover by themselves (issue 12)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import GraphQLClient, Server, api_process
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path
from tests.resilience.tcp_proxy import TcpProxy

pytestmark = pytest.mark.asyncio

RECOVERY_SECONDS = 5.0


@pytest.fixture
async def proxy(clean: Server) -> AsyncIterator[TcpProxy]:
    target = urlsplit(clean.settings.database_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.close()


def through(proxy: TcpProxy, server: Server) -> str:
    parts = urlsplit(server.settings.database_url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host).geturl()


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["type"] == f"https://etp.dev/problems/{slug}"
    assert body["status"] == status
    return body


async def test_readiness_and_hooks_follow_the_database_down_and_back(
    clean: Server, gql: GraphQLClient, proxy: TcpProxy
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean, DATABASE_URL=through(proxy, clean)) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
    ):
        assert (await client.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202

        proxy.down()
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"] == "down"
        refused = await client.post(
            hook_path(trigger), json=VALID_PAYMENT, headers={"Idempotency-Key": "k-1"}
        )
        assert_problem(refused, 503, "database-unavailable")
        assert refused.headers["retry-after"].isdigit()

        proxy.restore()
        restored = time.monotonic()
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() - restored < RECOVERY_SECONDS, "readyz stayed 503"
            await asyncio.sleep(0.05)
        fired = await client.post(
            hook_path(trigger), json=VALID_PAYMENT, headers={"Idempotency-Key": "k-1"}
        )
        assert fired.status_code == 202, fired.text
        assert time.monotonic() - restored < RECOVERY_SECONDS
    assert await tables.count_events() == 2


async def test_a_commit_whose_answer_is_lost_is_503_and_safe_to_retry(
    clean: Server, gql: GraphQLClient, proxy: TcpProxy
) -> None:
    trigger = await api_trigger(gql)
    headers = {"Idempotency-Key": "order-42"}
    async with (
        api_process(clean, DATABASE_URL=through(proxy, clean)) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
    ):
        proxy.cut_after_commit = True
        unknown = await client.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers)
        assert proxy.commits_cut == 1
        body = assert_problem(unknown, 503, "commit-outcome-unknown")
        assert "same Idempotency-Key is safe" in str(body["detail"])
        assert unknown.headers["retry-after"].isdigit()
        # It was in fact committed (the server may apply it a moment after the client gave up).
        for _ in range(100):
            if await tables.count_events():
                break
            await asyncio.sleep(0.02)
        assert await tables.count_events() == 1

        retried = await client.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers)
        assert retried.status_code == 202, retried.text
        assert retried.headers.get("idempotent-replayed") == "true"
    assert await tables.count_events() == 1


async def test_a_graphql_operation_meeting_a_database_outage_gets_a_retryable_code(
    clean: Server, api_key: str, proxy: TcpProxy
) -> None:
    query = {"query": "{ triggers { edges { node { id } } } }"}
    async with (
        api_process(clean, DATABASE_URL=through(proxy, clean)) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30, headers={"X-API-Key": api_key}) as client,
    ):
        # The key is verified now and remembered for a few seconds (API_KEY_CACHE_SECONDS), so
        # the next operation reaches its resolver and meets the outage there.
        assert (await client.post("/graphql", json=query)).json()["data"]["triggers"]
        proxy.down()
        during = await client.post("/graphql", json=query)
        proxy.restore()
    errors = during.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["DATABASE_UNAVAILABLE"]
    assert "Unexpected error." not in during.text
