"""The dashboard's live events list under load, against a bare graphql-ws subscriber (issue 14).

    python -m bench.dashboard_live [--rate 200] [--seconds 60]

The real app in two processes (one serves the page and its subscription, the other takes the
hooks, as a deployment behind a load balancer would), on a bench database of its own
(etp_bench_dashboard_live, dropped at the end). Two sides, one after the other, each with its
own API trigger and the same load: --rate hooks a second for --seconds, at most --in-flight
requests at once, on a fixed clock, from a process of its own (bench.hook_load).

1. page: Debian's Chromium (Playwright) signs in with an API key and opens /events. A
   MutationObserver in the page records each row added to the table "Events" (event id, time);
   the bench drains that record every half second, so it never grows the heap it measures.
2. baseline: a plain graphql-transport-ws client (no browser) subscribed to eventFired with the
   fields the page asks for.

Printed: hooks accepted per second; events shown vs stored (missing, duplicates, gaps: runs of
stored events missing between shown ones); max rows in the DOM; the page's JS heap after a GC
before and after the load; time from a hook's 202 to its row in the DOM (to its message at the
baseline), p50/p99/max. The ratio: events per second shown by the page over events per second
received by the bare subscriber, and the two p99s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from playwright.async_api import Page, async_playwright
from websockets.typing import Subprotocol

from bench.harness import (
    ROOT,
    drop_database,
    etp,
    etp_env,
    free_port,
    fresh_database,
    say,
    uvicorn_process,
    wait_until_listening,
)

DATABASE = "etp_bench_dashboard_live"
# The fields the dashboard's live list subscribes to (dashboard/src/lib/api.ts, EVENT_FIELDS).
EVENT_FIELDS = "id triggerId triggerName kind source status isTest payload scheduledFor firedAt"
SUBSCRIBE = f"subscription {{ eventFired {{ {EVENT_FIELDS} }} }}"
CREATE_TRIGGER = (
    "mutation($name: String!) { createApiTrigger(input: {name: $name,"
    ' apiSchema: {type: "object"}}) { trigger { id hookUrl } } }'
)
STORED = (
    "query($trigger: ID!, $after: String) { events(status: null, triggerId: $trigger,"
    " first: 500, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }"
)
# Records rows as they enter the table; window.__etpBench.drain() hands them over and forgets them.
OBSERVE_ROWS = """
() => {
  const table = document.querySelector('table[aria-label="Events"]');
  if (!table) throw new Error("no table named Events");
  const state = { added: [], maxRows: table.querySelectorAll("tr[data-event-id]").length };
  new MutationObserver((records) => {
    const now = Date.now();
    for (const record of records)
      for (const node of record.addedNodes)
        if (node.nodeType === 1 && node.matches("tr[data-event-id]"))
          state.added.push([node.getAttribute("data-event-id"), now]);
    state.maxRows = Math.max(state.maxRows, table.querySelectorAll("tr[data-event-id]").length);
  }).observe(table, { childList: true, subtree: true });
  window.__etpBench = {
    drain: () => {
      const out = { added: state.added, maxRows: state.maxRows };
      state.added = [];
      return out;
    },
  };
}
"""


@dataclass
class Side:
    name: str
    accepted_at: dict[str, float] = field(default_factory=dict)  # event id -> 202 time
    statuses: Counter[int | str] = field(default_factory=Counter)
    load_seconds: float = 0.0
    first_sent: float = 0.0
    seen: list[tuple[str, float]] = field(default_factory=list)  # (event id, shown/received)
    stored: list[str] = field(default_factory=list)  # oldest first
    max_rows: int = 0
    heap_before: int = 0
    heap_after: int = 0
    heap_peak: int = 0

    def report(self) -> dict[str, float]:
        ids = [event_id for event_id, _ in self.seen]
        stored = set(self.stored)
        shown = [event_id for event_id in ids if event_id in stored]
        first_seen: dict[str, float] = {}
        for event_id, at in self.seen:
            first_seen.setdefault(event_id, at)
        missing = [event_id for event_id in self.stored if event_id not in first_seen]
        latencies = sorted(
            (first_seen[i] - self.accepted_at[i]) * 1000
            for i in first_seen
            if i in self.accepted_at
        )
        gaps = 0
        position = {event_id: n for n, event_id in enumerate(self.stored)}
        positions = sorted(position[i] for i in set(shown))
        for before, after in itertools.pairwise(positions):
            gaps += after > before + 1
        last_seen = max((at for _, at in self.seen), default=self.first_sent)
        span = max(last_seen, self.first_sent + self.load_seconds) - self.first_sent
        accepted = self.statuses.get(202, 0)
        return {
            "accepted_per_s": accepted / self.load_seconds if self.load_seconds else 0,
            "accepted": accepted,
            "refused": sum(self.statuses.values()) - accepted,
            "stored": len(self.stored),
            "shown": len(set(shown)),
            "missing": len(missing),
            "duplicates": len(shown) - len(set(shown)),
            "foreign": len(ids) - len(shown),
            "gaps": gaps,
            "shown_per_s": len(set(shown)) / span if span else 0,
            "p50": statistics.median(latencies) if latencies else float("nan"),
            "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
            if latencies
            else float("nan"),
            "max": latencies[-1] if latencies else float("nan"),
        }


async def create_trigger(api: httpx.AsyncClient, name: str) -> tuple[str, str]:
    answer = (
        await api.post("/graphql", json={"query": CREATE_TRIGGER, "variables": {"name": name}})
    ).json()
    created = answer["data"]["createApiTrigger"]["trigger"]
    return created["id"], httpx.URL(created["hookUrl"]).path


async def stored_ids(api: httpx.AsyncClient, trigger: str) -> list[str]:
    """The trigger's events through the public API (both windows), oldest first."""
    found: list[str] = []
    after = None
    while True:
        answer = await api.post(
            "/graphql", json={"query": STORED, "variables": {"trigger": trigger, "after": after}}
        )
        page = answer.json()["data"]["events"]
        found += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found[::-1]
        after = page["pageInfo"]["endCursor"]


async def fire_at_rate(ingest_url: str, path: str, side: Side, args: argparse.Namespace) -> None:
    """The load, from a process of its own (bench.hook_load): the browser driver and the page's
    sampling here must not slow the hooks."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.hook_load",
        ingest_url,
        path,
        str(args.rate),
        str(args.seconds),
        str(args.in_flight),
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    out, _ = await process.communicate()
    if process.returncode:
        raise SystemExit(f"the load generator failed ({process.returncode})")
    done = json.loads(out)
    side.first_sent = done["first_sent"]
    side.load_seconds = done["seconds"]
    side.statuses.update({int(k) if k.isdigit() else k: v for k, v in done["statuses"].items()})
    side.accepted_at = {event_id: at for event_id, at in done["accepted"]}


async def with_progress(side: Side, load: asyncio.Task[None], sample: Any) -> None:
    """Samples (drains) every half second while the load runs; a line of progress every 5 s."""
    last_print = time.monotonic()
    while not load.done():
        await asyncio.sleep(0.5)
        await sample()
        if time.monotonic() - last_print >= 5:
            last_print = time.monotonic()
            extra = f", {side.max_rows} rows max" if side.name == "page" else ""
            say(f"{side.name}: {len(side.seen)} seen{extra}")
    await load


async def settle(side: Side, sample: Any, expected: int, within: float = 15) -> None:
    """After the load: waits until every accepted event was seen or nothing new came for 3 s."""
    deadline = time.monotonic() + within
    quiet_since = time.monotonic()
    count = len(side.seen)
    while time.monotonic() < deadline and len({i for i, _ in side.seen}) < expected:
        await asyncio.sleep(0.25)
        await sample()
        if len(side.seen) != count:
            count, quiet_since = len(side.seen), time.monotonic()
        elif time.monotonic() - quiet_since > 3:
            break


async def heap_used(page: Page, *, collect: bool) -> int:
    cdp = await page.context.new_cdp_session(page)
    try:
        if collect:
            await cdp.send("HeapProfiler.collectGarbage")
        usage = await cdp.send("Runtime.getHeapUsage")
    finally:
        await cdp.detach()
    return int(usage["usedSize"])


def chromium() -> str:
    path = os.environ.get("ETP_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise SystemExit("needs Chromium: apt-get install chromium (or set ETP_CHROMIUM)")
    return path


async def page_side(
    viewer_url: str,
    api: httpx.AsyncClient,
    ingest_url: str,
    key: str,
    args: argparse.Namespace,
) -> Side:
    side = Side("page")
    trigger, path = await create_trigger(api, "dashboard-live-page")
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=chromium())
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(viewer_url + "/signin")
            await page.get_by_label("API key", exact=True).fill(key)
            await page.get_by_role("button", name="Sign in", exact=True).click()
            await page.get_by_role("navigation", name="Main").wait_for()
            await page.get_by_role("link", name="Events", exact=True).click()
            await page.get_by_role("status").filter(has_text="Live").wait_for()
            await page.evaluate(OBSERVE_ROWS)
            side.heap_before = await heap_used(page, collect=True)
            say(f"page: signed in, /events live, heap {side.heap_before / 2**20:.1f} MiB")

            async def sample() -> None:
                drained = await page.evaluate("() => window.__etpBench.drain()")
                side.seen += [(i, at / 1000) for i, at in drained["added"]]
                side.max_rows = max(side.max_rows, drained["maxRows"])

            samples = 0

            async def sample_with_heap() -> None:
                nonlocal samples
                await sample()
                samples += 1
                if samples % 10 == 0:  # every 5 s: a CDP round trip costs the load generator
                    side.heap_peak = max(side.heap_peak, await heap_used(page, collect=False))

            load = asyncio.create_task(fire_at_rate(ingest_url, path, side, args))
            await with_progress(side, load, sample_with_heap)
            await settle(side, sample, len(side.accepted_at))
            side.heap_after = await heap_used(page, collect=True)
            if errors:
                say(f"page: uncaught errors: {errors[:3]}")
        finally:
            await browser.close()
    side.stored = await stored_ids(api, trigger)
    return side


async def baseline_side(
    viewer_url: str,
    api: httpx.AsyncClient,
    ingest_url: str,
    key: str,
    args: argparse.Namespace,
) -> Side:
    side = Side("baseline")
    trigger, path = await create_trigger(api, "dashboard-live-baseline")
    url = viewer_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(
        url,
        subprotocols=[Subprotocol("graphql-transport-ws")],
        compression=None,
        max_queue=None,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
        ack = json.loads(await ws.recv())
        if ack.get("type") != "connection_ack":
            raise SystemExit(f"baseline subscriber not accepted: {ack}")
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))

        async def receive() -> None:
            async for raw in ws:
                now = time.time()
                message = json.loads(raw)
                if message.get("type") == "next":
                    side.seen.append((message["payload"]["data"]["eventFired"]["id"], now))
                elif message.get("type") in ("error", "complete"):
                    raise SystemExit(f"baseline subscription ended: {message}")

        receiver = asyncio.create_task(receive())
        await asyncio.sleep(1)  # the subscription is registered before the first hook
        say("baseline: subscribed")

        async def sample() -> None:
            if receiver.done():
                receiver.result()

        load = asyncio.create_task(fire_at_rate(ingest_url, path, side, args))
        await with_progress(side, load, sample)
        await settle(side, sample, len(side.accepted_at))
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await receiver
    side.stored = await stored_ids(api, trigger)
    return side


def table(results: dict[str, dict[str, float]], sides: dict[str, Side]) -> None:
    header = (
        f"{'side':<9} {'hooks/s':>8} {'stored':>7} {'shown':>7} {'missing':>8} {'dups':>5}"
        f" {'gaps':>5} {'shown/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    print(header)
    for name, r in results.items():
        print(
            f"{name:<9} {r['accepted_per_s']:>8.1f} {r['stored']:>7.0f} {r['shown']:>7.0f}"
            f" {r['missing']:>8.0f} {r['duplicates']:>5.0f} {r['gaps']:>5.0f}"
            f" {r['shown_per_s']:>8.1f} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f}"
        )
    for name, r in results.items():
        if r["refused"] or r["foreign"]:
            print(
                f"{name}: {r['refused']:.0f} hooks not accepted {dict(sides[name].statuses)},"
                f" {r['foreign']:.0f} rows of other events"
            )
    page = sides["page"]
    print(
        f"page: max rows in the DOM {page.max_rows}; JS heap after GC"
        f" {page.heap_before / 2**20:.1f} MiB before, {page.heap_after / 2**20:.1f} MiB after"
        f" ({(page.heap_after - page.heap_before) / 2**20:+.1f} MiB), peak without GC"
        f" {page.heap_peak / 2**20:.1f} MiB"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200, help="hooks per second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--in-flight", type=int, default=32, help="hook requests at once")
    args = parser.parse_args()

    database_url = await fresh_database(DATABASE)
    try:
        env = etp_env(database_url, REDIS_PREFIX="etpbench-dashlive")
        etp("migrate", env=env)
        key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
        viewer_port, ingest_port = free_port(), free_port()
        app = "api.asgi:create_app_from_env"
        with (
            uvicorn_process(
                app, viewer_port, {**env, "PORT": str(viewer_port)}, factory=True
            ) as viewer_url,
            uvicorn_process(
                app, ingest_port, {**env, "PORT": str(ingest_port)}, factory=True
            ) as ingest_url,
        ):
            await wait_until_listening(viewer_url)
            await wait_until_listening(ingest_url)
            async with (
                httpx.AsyncClient(
                    base_url=viewer_url, headers={"X-API-Key": key}, timeout=60
                ) as api,
            ):
                say(f"page side: {args.rate:g} hooks/s for {args.seconds:g} s")
                sides = {"page": await page_side(viewer_url, api, ingest_url, key, args)}
                say(f"baseline side: {args.rate:g} hooks/s for {args.seconds:g} s")
                sides["baseline"] = await baseline_side(viewer_url, api, ingest_url, key, args)
    finally:
        await drop_database(DATABASE)
    results = {name: side.report() for name, side in sides.items()}
    print()
    print(
        f"dashboard live list: {args.rate:g} hooks/s for {args.seconds:g} s,"
        f" {args.in_flight} in flight, page and hooks on separate API processes"
    )
    table(results, sides)
    page, base = results["page"], results["baseline"]
    print(
        f"ratio page/baseline: events/s shown {page['shown_per_s'] / base['shown_per_s']:.2f}x,"
        f" p99 {page['p99'] / base['p99']:.2f}x"
    )
    # On a busy machine the hooks themselves may arrive slower on one side than on the other;
    # each side's shown/accepted says whether the watcher kept up with what it was given.
    print(
        "shown/s over hooks accepted/s: "
        + ", ".join(f"{n} {r['shown_per_s'] / r['accepted_per_s']:.2f}" for n, r in results.items())
    )


if __name__ == "__main__":
    asyncio.run(main())
