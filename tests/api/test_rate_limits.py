"""Rate limits: a flood on one hook gets 429 problems with Retry-After, and writes nothing."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import httpx
import pytest

from api.rate_limits import RateLimits, parse_limit
from core.platform.clock import ManualClock
from core.platform.retry_policies import RATE_LIMITS_REDIS
from tests.conftest import GraphQLClient, Server, api_process
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


async def test_a_hook_over_its_rate_gets_429_with_retry_after_and_writes_nothing(
    clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean, HOOK_RATE_LIMIT="5/minute") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        responses = [await client.post(hook_path(trigger), json=VALID_PAYMENT) for _ in range(8)]
    assert [r.status_code for r in responses] == [202] * 5 + [429] * 3
    refused = responses[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/rate-limited")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["ratelimit-policy"] == "5;w=60"
    assert "remaining=0" in refused.headers["ratelimit"]
    assert await tables.count_events() == 5


async def test_each_hook_token_has_its_own_budget(clean: Server, gql: GraphQLClient) -> None:
    first, second = await api_trigger(gql), await api_trigger(gql, name="second")
    async with (
        api_process(clean, HOOK_RATE_LIMIT="2/minute") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        codes = [
            (await client.post(hook_path(t), json=VALID_PAYMENT)).status_code
            for t in (first, first, first, second)
        ]
    assert codes == [202, 202, 429, 202]


async def test_limit_zero_turns_it_off() -> None:
    assert parse_limit("0") is None
    assert await RateLimits(None, prefix="t", slices=20).hit(parse_limit("0"), "x") is None


async def test_without_redis_counting_falls_back_to_this_process() -> None:
    # Nothing listens on port 1: every Redis call fails fast, the limit still holds.
    limits = RateLimits("redis://127.0.0.1:1/0", prefix="etptest", slices=20)
    item = parse_limit("2/minute")
    verdicts = [await limits.hit(item, "k") for _ in range(3)]
    assert [v.allowed for v in verdicts if v is not None] == [True, True, False]


async def test_after_a_redis_failure_redis_is_tried_again_only_once_the_pause_has_passed() -> None:
    # A "Redis" that accepts connections and drops them at once: each attempt is counted.
    attempts = 0

    async def drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal attempts
        attempts += 1
        writer.transport.abort()

    broken = await asyncio.start_server(drop, "127.0.0.1", 0)
    port = broken.sockets[0].getsockname()[1]
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    limits = RateLimits(f"redis://127.0.0.1:{port}/0", prefix="etptest", slices=20, clock=clock)
    item = parse_limit("100/minute")
    try:
        assert (await limits.hit(item, "k")) is not None
        tried = attempts
        assert tried > 0
        for _ in range(5):  # within the pause: counted in memory, Redis left alone
            clock.advance(RATE_LIMITS_REDIS.cap_seconds / 10)
            assert (await limits.hit(item, "k")) is not None
        assert attempts == tried
        clock.advance(RATE_LIMITS_REDIS.cap_seconds / 2)
        assert (await limits.hit(item, "k")) is not None
        assert attempts > tried
    finally:
        broken.close()
        await broken.wait_closed()


async def test_api_processes_sharing_redis_admit_within_one_slice_each(
    clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    limit, slices, processes = 40, 10, 2  # slices of 4
    async with contextlib.AsyncExitStack() as stack:
        urls = await asyncio.gather(
            *(
                stack.enter_async_context(
                    api_process(
                        clean, HOOK_RATE_LIMIT=f"{limit}/minute", RATE_LIMIT_SLICES=str(slices)
                    )
                )
                for _ in range(processes)
            )
        )

        async def flood(url: str) -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=url) as client:

                async def calls() -> list[httpx.Response]:
                    return [
                        await client.post(hook_path(trigger), json=VALID_PAYMENT) for _ in range(5)
                    ]

                return [
                    r for batch in await asyncio.gather(*(calls() for _ in range(8))) for r in batch
                ]

        responses = [r for batch in await asyncio.gather(*map(flood, urls)) for r in batch]
    accepted = [r for r in responses if r.status_code == 202]
    refused = [r for r in responses if r.status_code != 202]
    slice_size = limit // slices
    assert limit - processes * slice_size <= len(accepted) <= limit + processes * slice_size
    assert await tables.count_events() == len(accepted)
    assert refused and all(r.status_code == 429 for r in refused)
    for response in refused:
        assert 1 <= int(response.headers["retry-after"]) <= 60
        assert response.headers["ratelimit-policy"] == f"{limit};w=60"
        assert "remaining=" in response.headers["ratelimit"]
