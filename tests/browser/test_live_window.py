"""The live list under a steady stream: every event enters the page once, in a bounded window.

A correctness test, not a speed test: hooks are sent at a modest pace (at most RATE a second;
a busy machine only makes the run longer) and nothing here asserts a rate or a latency. Whether
the page keeps up with 200 events/s for a minute, and at what latency and heap, is measured by
`python -m bench.dashboard_live` beside a bare graphql-ws subscriber (docs/performance.md).

The browser watches one `etp api` process while hooks arrive through another, as behind a load
balancer: the page learns of them through Redis, not from its own process.
"""

from __future__ import annotations

import asyncio
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

# More events than the page's window (dashboard/src/components/EventList.tsx, WINDOW = 500), so
# that rows must leave it; sent over about 12 s.
TOTAL = 600
RATE = 50
WINDOW = 500
# Far above what 500 rows cost (about 2 MiB in bench.dashboard_live); a list that kept every
# event, or a copy of each per render, would pass it only at this small count, which is why the
# DOM bound is checked on every mutation as well.
MAX_HEAP_GROWTH = 16 * 1024 * 1024

# Every row that enters the table "Events", and the most rows it held at any moment.
WATCH_ROWS = """
() => {
  const table = document.querySelector('table[aria-label="Events"]');
  const seen = { added: [], maxRows: 0 };
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node.nodeType === 1 && node.matches("tr[data-event-id]"))
          seen.added.push(node.getAttribute("data-event-id"));
    seen.maxRows = Math.max(seen.maxRows, table.querySelectorAll("tr[data-event-id]").length);
  }).observe(table, { childList: true, subtree: true });
  window.__rowsSeen = seen;
}
"""


async def heap_after_gc(page: Page) -> int:
    cdp = await page.context.new_cdp_session(page)
    try:
        await cdp.send("HeapProfiler.collectGarbage")
        usage = await cdp.send("Runtime.getHeapUsage")
    finally:
        await cdp.detach()
    return int(usage["usedSize"])


async def fire_paced(client: httpx.AsyncClient, path: str) -> Counter[int]:
    """TOTAL hooks, one at a time and no faster than RATE a second."""
    statuses: Counter[int] = Counter()
    started = time.monotonic()
    for n in range(TOTAL):
        delay = started + n / RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        response = await client.post(path, json={**VALID_PAYMENT, "user_id": n})
        statuses[response.status_code] += 1
    return statuses


async def test_every_live_event_enters_the_page_once_and_the_window_stays_bounded(
    clean: Server, keys: Keys, browser: Browser, screenshot_dir: Path, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean) as viewer_url,
        api_process(clean) as ingest_url,
        dashboard_at(browser, viewer_url, keys, screenshot_dir) as dashboard,
        httpx.AsyncClient(base_url=ingest_url, timeout=60) as ingest,
    ):
        page = await live_events_page(dashboard)
        await page.evaluate(WATCH_ROWS)
        heap_before = await heap_after_gc(page)
        statuses = await fire_paced(ingest, hook_path(trigger))
        stored = [e["id"] for e in await events_stored(gql)]  # newest first
        # The newest event reaches the page (no time limit beyond the usual expect timeout:
        # how fast is the bench's question).
        await expect(event_rows(page).first).to_have_attribute("data-event-id", stored[0])
        final = await event_ids_shown(page)
        seen = await page.evaluate("() => window.__rowsSeen")
        await page.evaluate("() => { window.__rowsSeen.added = []; }")
        heap_growth = await heap_after_gc(page) - heap_before

    assert statuses == Counter({202: TOTAL})
    assert len(stored) == TOTAL
    added = Counter(seen["added"])
    assert [i for i, times in added.items() if times > 1] == [], "no event shown twice"
    assert set(added) == set(stored), "every stored event entered the page, and nothing else"
    assert seen["maxRows"] <= WINDOW and len(final) == WINDOW
    assert final == stored[:WINDOW], "the window is the newest events, newest first"
    assert heap_growth < MAX_HEAP_GROWTH, f"heap grew by {heap_growth / 2**20:.1f} MiB"
