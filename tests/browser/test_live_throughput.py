"""The live list under load: 200 events/s for a minute, none dropped, a bounded DOM and heap.

The browser watches one `etp api` process while hooks arrive through another, so neither the
load generator nor the ingest shares an event loop with the page's server.
ETP_THROUGHPUT_SECONDS and ETP_THROUGHPUT_RATE change the run for a quick look on a busy machine
(defaults 60 s at 200 events/s).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import Keys, dashboard_at, event_ids_shown, event_rows, events_stored
from tests.browser.test_events import live_events_page
from tests.conftest import GraphQLClient, Server, api_process
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = [pytest.mark.asyncio, pytest.mark.browser, pytest.mark.slow]

RATE = int(os.environ.get("ETP_THROUGHPUT_RATE", "200"))  # events per second
SECONDS = int(os.environ.get("ETP_THROUGHPUT_SECONDS", "60"))
# The contract's window is "e.g. 500" rows; anything near this would mean the list grows unbounded.
MAX_ROWS = 1000
MAX_HEAP_GROWTH = 30 * 1024 * 1024
IN_FLIGHT = 32


async def heap_used(page: Page) -> int:
    cdp = await page.context.new_cdp_session(page)
    try:
        await cdp.send("HeapProfiler.collectGarbage")
        usage = await cdp.send("Runtime.getHeapUsage")
    finally:
        await cdp.detach()
    return int(usage["usedSize"])


async def fire_at_rate(client: httpx.AsyncClient, path: str, total: int) -> Counter[int | str]:
    """Starts RATE hook requests a second on a fixed clock, at most IN_FLIGHT at once (a queue
    of thousands of waiting requests costs the client more CPU than the server); returns their
    status codes, or the transport error a request met (counted, so one lost connection does
    not cancel the rest of the load)."""
    slots = asyncio.Semaphore(IN_FLIGHT)
    statuses: Counter[int | str] = Counter()

    async def one(n: int) -> None:
        try:
            response = await client.post(path, json={**VALID_PAYMENT, "user_id": n})
            statuses[response.status_code] += 1
        except httpx.TransportError as error:
            statuses[type(error).__name__] += 1
        finally:
            slots.release()

    started = time.monotonic()
    async with asyncio.TaskGroup() as group:
        for n in range(total):
            delay = started + n / RATE - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await slots.acquire()
            group.create_task(one(n))
    return statuses


async def test_the_live_list_keeps_up_with_200_events_a_second_for_a_minute_in_a_bounded_window(
    clean: Server, keys: Keys, browser: Browser, screenshot_dir: Path, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    total = RATE * SECONDS
    limits = httpx.Limits(max_connections=IN_FLIGHT)
    async with (
        api_process(clean) as viewer_url,
        api_process(clean) as ingest_url,
        dashboard_at(browser, viewer_url, keys, screenshot_dir) as dashboard,
        httpx.AsyncClient(base_url=ingest_url, limits=limits, timeout=60) as ingest,
    ):
        page = await live_events_page(dashboard)
        baseline = await heap_used(page)
        load = asyncio.create_task(fire_at_rate(ingest, hook_path(trigger), total))
        started = time.monotonic()
        snapshots: list[list[str]] = []
        peak_rows = 0
        while not load.done():
            await asyncio.sleep(5)
            snapshots.append(await event_ids_shown(page))
            peak_rows = max(peak_rows, len(snapshots[-1]))
        statuses = await load
        elapsed = time.monotonic() - started
        stored = [e["id"] for e in await events_stored(gql)]
        # After the last hook answered, the newest event reaches the page within a second.
        await expect(event_rows(page).first).to_have_attribute(
            "data-event-id", stored[0], timeout=1000
        )
        final = await event_ids_shown(page)
        heap_growth = await heap_used(page) - baseline

    assert statuses == Counter({202: total})
    assert len(stored) == total
    assert final == stored[: len(final)], "the window is the newest events, none missing"
    position = {event_id: i for i, event_id in enumerate(stored)}
    for shown in snapshots:
        at = [position[event_id] for event_id in shown]
        # Every snapshot is a run of consecutive stored events: nothing dropped in between.
        if at:
            assert at == list(range(at[0], at[0] + len(at)))
    assert peak_rows <= MAX_ROWS and len(final) <= MAX_ROWS
    assert heap_growth < MAX_HEAP_GROWTH, f"heap grew by {heap_growth / 2**20:.1f} MiB"
    # Last: a machine too busy to send the rate has not shown that the page keeps up with it.
    assert elapsed < SECONDS * 1.15, f"the load itself ran slow: {total} hooks in {elapsed:.0f} s"
