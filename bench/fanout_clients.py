"""Websocket subscribers for the fan-out bench, run as separate processes.

    python -m bench.fanout_clients {etp|baseline} URL COUNT OUT [API_KEY]

Connects COUNT subscribers to URL, prints "ready" once all are subscribed, records every
message's fire-to-receive latency until a line arrives on stdin, then writes the latencies
(float32 milliseconds) to OUT and prints the number received. One client process cannot read
200,000 messages a second, so the bench spreads subscribers over several of these.
"""

from __future__ import annotations

import array
import asyncio
import json
import sys
import time

import websockets

SUBSCRIBE = {"query": "subscription { eventFired { payload } }"}
SENT_AT = '"sent_at":'


def sent_at(raw: str) -> float:
    # Cheaper than decoding the whole message: the client must not be the bottleneck.
    start = raw.index(SENT_AT) + len(SENT_AT)
    end = start
    while raw[end] not in ",}":
        end += 1
    return float(raw[start:end])


async def subscriber(
    kind: str, url: str, key: str, latencies: array.array[float], counters: dict[str, int]
) -> None:
    protocols = ["graphql-transport-ws"] if kind == "etp" else None
    async with websockets.connect(
        url, subprotocols=protocols, compression=None, max_queue=None, open_timeout=60
    ) as ws:
        if kind == "etp":
            await ws.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
            await ws.recv()
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": SUBSCRIBE}))
        counters["ready"] += 1
        try:
            async for raw in ws:
                now = time.time()
                if SENT_AT in raw:
                    latencies.append((now - sent_at(str(raw))) * 1000)
                    counters["received"] += 1
        except websockets.ConnectionClosed:
            pass


async def main() -> None:
    kind, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out = sys.argv[4]
    key = sys.argv[5] if len(sys.argv) > 5 else ""
    latencies = array.array("f")
    counters = {"ready": 0, "received": 0}
    tasks: list[asyncio.Task[None]] = []
    for n in range(count):
        tasks.append(asyncio.create_task(subscriber(kind, url, key, latencies, counters)))
        if n % 50 == 49 or n == count - 1:
            # In waves, as dashboards would connect, not 1,000 handshakes at once.
            while counters["ready"] < n + 1:
                failed = [t for t in tasks if t.done()]
                if failed:
                    failed[0].result()  # raises what went wrong
                    raise RuntimeError("a subscriber closed before it was ready")
                await asyncio.sleep(0.01)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    with open(out, "wb") as sink:  # noqa: ASYNC230 - the run is over; nothing else waits
        latencies.tofile(sink)
    print(counters["received"], flush=True)


if __name__ == "__main__":
    asyncio.run(main())
