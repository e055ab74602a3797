"""Schedule previews search off the event loop: a costly operation leaves other requests alone."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import GraphQLClient

pytestmark = pytest.mark.asyncio

# Rare crons, each distinct (nothing cached between them): each search may run its full 20 ms
# budget per call (core/triggers/schedules.py).
RARE = [f"{minute} 0 29 2 1" for minute in range(18)]


async def test_an_operation_of_many_rare_previews_does_not_stall_the_loop(
    gql: GraphQLClient,
) -> None:
    aliases = " ".join(
        f'p{n}: previewSchedule(schedule: {{cron: "{cron}"}}, count: 100)'
        for n, cron in enumerate(RARE)
    )
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = loop.time()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    try:
        body = await gql.raw(f"{{ {aliases} }}")
    finally:
        done.set()
        await ticker
    assert "errors" not in body, body
    # The server runs in this process and loop: the ticker waits on it. Run on the loop, the 18
    # searches add up to hundreds of ms in one stretch.
    assert max(gaps) < 0.2, f"the event loop stalled for {max(gaps) * 1000:.0f} ms"
