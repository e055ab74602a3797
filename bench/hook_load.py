"""Hooks at a fixed rate from a process of its own, for benches that watch something else.

    python -m bench.hook_load BASE_URL PATH RATE SECONDS IN_FLIGHT

Starts RATE hook requests a second on a fixed clock for SECONDS, at most IN_FLIGHT at once (a
queue of thousands of waiting requests costs the client more CPU than the server). A transport
error is counted, not allowed to cancel the rest of the load. In its own process so that the
watcher (a browser driver, a subscriber) does not slow the load, nor the load the watcher.
Prints one JSON document on stdout at the end: {"first_sent", "seconds", "statuses",
"accepted": [[event id, time the 202 was read], ...]}; progress on stderr every 5 s.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

import httpx


async def fire(base_url: str, path: str, rate: float, seconds: float, in_flight: int) -> None:
    slots = asyncio.Semaphore(in_flight)
    statuses: Counter[str] = Counter()
    accepted: list[tuple[str, float]] = []

    async def one(client: httpx.AsyncClient, n: int) -> None:
        try:
            response = await client.post(path, json={"n": n, "currency": "EUR"})
            statuses[str(response.status_code)] += 1
            if response.status_code == 202:
                accepted.append((response.json()["event"]["id"], time.time()))
        except httpx.TransportError as error:
            statuses[type(error).__name__] += 1
        finally:
            slots.release()

    limits = httpx.Limits(max_connections=in_flight)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        started = time.monotonic()
        first_sent = time.time()
        last_print = started
        async with asyncio.TaskGroup() as group:
            for n in range(int(rate * seconds)):
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                await slots.acquire()
                group.create_task(one(client, n))
                if time.monotonic() - last_print >= 5:
                    last_print = time.monotonic()
                    print(f"  load: {n + 1} sent, {len(accepted)} accepted", file=sys.stderr)
        elapsed = time.monotonic() - started
    json.dump(
        {
            "first_sent": first_sent,
            "seconds": elapsed,
            "statuses": statuses,
            "accepted": accepted,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    url, hook, rate, seconds, in_flight = sys.argv[1:6]
    asyncio.run(fire(url, hook, float(rate), float(seconds), int(in_flight)))
