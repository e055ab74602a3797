"""Hooks at a fixed rate from a process of its own, for benches that watch something else.

    python -m bench.hook_load BASE_URL PATH RATE SECONDS IN_FLIGHT

Starts RATE hook requests a second on a fixed clock for SECONDS, at most IN_FLIGHT at once (a
queue of thousands of waiting requests costs the client more CPU than the server). A transport
error is counted, not allowed to cancel the rest of the load. In its own process so that the
watcher (a browser driver, a subscriber) does not slow the load, nor the load the watcher. On
bench.loadgen's bare keep-alive connections: httpx spent a whole core at about 200 requests/s here,
so it, not the server, set the pace.
Prints one JSON document on stdout at the end: {"first_sent", "seconds", "statuses",
"accepted": [[event id, time the 202 was read], ...]}; progress on stderr every 5 s.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from bench.loadgen import KeepAlive, build_post


async def fire(base_url: str, path: str, rate: float, seconds: float, in_flight: int) -> None:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    statuses: Counter[str] = Counter()
    accepted: list[tuple[str, float]] = []
    idle: asyncio.Queue[KeepAlive] = asyncio.Queue()
    for _ in range(in_flight):
        connection = KeepAlive(host, port)
        await connection.open()
        idle.put_nowait(connection)

    async def one(connection: KeepAlive, n: int) -> None:
        body = json.dumps({"n": n, "currency": "EUR"}).encode()
        try:
            answer = await connection.answer(build_post(host, port, path, body))
        except OSError as error:  # the reopen failed too: counted, the load goes on
            statuses[type(error).__name__] += 1
            return
        finally:
            idle.put_nowait(connection)
        if answer is None:
            statuses["connection lost"] += 1
            return
        status, content = answer
        statuses[str(status)] += 1
        if status == 202:
            accepted.append((json.loads(content)["event"]["id"], time.time()))

    started = time.monotonic()
    first_sent = time.time()
    last_print = started
    async with asyncio.TaskGroup() as group:
        for n in range(int(rate * seconds)):
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            group.create_task(one(await idle.get(), n))
            if time.monotonic() - last_print >= 5:
                last_print = time.monotonic()
                print(f"  load: {n + 1} sent, {len(accepted)} accepted", file=sys.stderr)
    elapsed = time.monotonic() - started
    while not idle.empty():
        idle.get_nowait().close()
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
