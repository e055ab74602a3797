"""Live fan-out: N websocket subscribers on one API process, events fired at R/s for D s.

    python -m bench.fanout [--subscribers 1000] [--rate 200] [--seconds 30]

Prints fire-to-receive latency (p50, p99, max), messages lost and server memory per idle
subscription for etp's eventFired (graphql-transport-ws), and the same for a baseline: a bare
Starlette websocket endpoint broadcasting the same messages from Redis pub/sub. Goal (issue 4):
p99 under 100 ms at 1,000 subscribers, within 2x the baseline, 0 lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import redis.asyncio as aioredis
import websockets

from bench.baseline_fanout import CHANNEL
from bench.harness import (
    REDIS_URL,
    etp,
    etp_env,
    free_port,
    fresh_database,
    say,
    uvicorn_process,
    wait_until_listening,
)

SUBSCRIBE = {"query": "subscription { eventFired { payload } }"}
CREATE_OPEN_TRIGGER = (
    'mutation { createApiTrigger(input: {name: "fanout", apiSchema: {type: "object"}})'
    " { trigger { hookUrl } } }"
)


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    received: int = 0


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    ordered = sorted(values)
    return (
        ordered[len(ordered) // 2],
        ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        ordered[-1],
    )


async def etp_subscriber(
    url: str, key: str, tally: Tally, ready: asyncio.Event, stop: asyncio.Event
) -> None:
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], compression=None, max_queue=None
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
        await ws.recv()
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": SUBSCRIBE}))
        ready.set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                continue
            now = time.time()
            message = json.loads(raw)
            if message.get("type") == "next":
                sent = message["payload"]["data"]["eventFired"]["payload"]["sent_at"]
                tally.latencies_ms.append((now - sent) * 1000)
                tally.received += 1


async def baseline_subscriber(
    url: str, tally: Tally, ready: asyncio.Event, stop: asyncio.Event
) -> None:
    async with websockets.connect(url, compression=None, max_queue=None) as ws:
        ready.set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                continue
            now = time.time()
            tally.latencies_ms.append((now - json.loads(raw)["sent_at"]) * 1000)
            tally.received += 1


async def run_side(
    name: str,
    pid: int,
    connect: Callable[[Tally, asyncio.Event, asyncio.Event], Awaitable[None]],
    fire: Callable[[int], Awaitable[None]],
    args: argparse.Namespace,
) -> dict[str, float]:
    idle_before = rss_kib(pid)
    tallies = [Tally() for _ in range(args.subscribers)]
    readies = [asyncio.Event() for _ in tallies]
    stop = asyncio.Event()
    tasks = []
    for tally, ready in zip(tallies, readies, strict=True):
        tasks.append(asyncio.create_task(connect(tally, ready, stop)))
        if len(tasks) % 100 == 0:
            await asyncio.gather(*(r.wait() for r in readies[: len(tasks)]))
    await asyncio.gather(*(r.wait() for r in readies))
    await asyncio.sleep(2)
    idle_after = rss_kib(pid)
    say(
        f"{name}: {args.subscribers} subscribers connected; firing {args.rate}/s for {args.seconds:.0f} s"
    )
    fired = 0
    sends: list[asyncio.Task[None]] = []
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        due = int((time.monotonic() - started) * args.rate)
        while fired < due:
            # Fired without waiting for the answer, so a busy server cannot slow the rate.
            sends.append(asyncio.create_task(fire(fired)))
            fired += 1
        await asyncio.sleep(0.002)
    await asyncio.gather(*sends)
    await asyncio.sleep(3)  # let the last messages arrive
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [v for t in tallies for v in t.latencies_ms]
    p50, p99, top = percentiles(latencies)
    lost = fired * args.subscribers - sum(t.received for t in tallies)
    per_sub = (idle_after - idle_before) / args.subscribers
    return {
        "fired": fired,
        "p50": p50,
        "p99": p99,
        "max": top,
        "lost": lost,
        "kib_per_sub": per_sub,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    # One file descriptor per subscriber, on both ends.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    database_url = await fresh_database("etp_bench_fanout")
    # The queue bound is lifted so that the figures show latency, not drops.
    env = etp_env(database_url, LIVE_QUEUE_SIZE="100000")
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    results = {}
    port = free_port()
    app = "api.asgi:create_app_from_env"
    with uvicorn_process(app, port, {**env, "PORT": str(port)}, factory=True) as url:
        await wait_until_listening(url)
        async with httpx.AsyncClient(
            base_url=url, timeout=120, limits=httpx.Limits(max_connections=100)
        ) as client:
            # A permissive schema, so each payload can carry its send time.
            created = await client.post(
                "/graphql",
                headers={"X-API-Key": key},
                json={"query": CREATE_OPEN_TRIGGER},
            )
            hook_url = created.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"]
            path = urlsplit(hook_url).path

            async def fire_etp(n: int) -> None:
                await client.post(path, json={"n": n, "sent_at": time.time()})

            ws_url = url.replace("http://", "ws://") + "/graphql"
            results["etp"] = await run_side(
                "etp",
                _server_pid(port),
                lambda t, r, s: etp_subscriber(ws_url, key, t, r, s),
                fire_etp,
                args,
            )
    port = free_port()
    redis = aioredis.Redis.from_url(REDIS_URL)
    with uvicorn_process("bench.baseline_fanout:app", port, env) as url:
        await wait_until_listening(url, "/")

        async def fire_baseline(n: int) -> None:
            await redis.publish(CHANNEL, json.dumps({"n": n, "sent_at": time.time()}))

        ws_url = url.replace("http://", "ws://") + "/ws"
        results["baseline"] = await run_side(
            "baseline",
            _server_pid(port),
            lambda t, r, s: baseline_subscriber(ws_url, t, r, s),
            fire_baseline,
            args,
        )
    await redis.aclose()
    print()
    print(
        f"fan-out: {args.subscribers} subscribers, {args.rate} events/s for {args.seconds:.0f} s,"
        " one server process"
    )
    print(
        f"{'':<10} {'fired':>7} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'lost':>9} {'KiB/sub':>9}"
    )
    for name, r in results.items():
        print(
            f"{name:<10} {r['fired']:>7.0f} {r['p50']:>9.1f} {r['p99']:>9.1f} {r['max']:>9.1f}"
            f" {r['lost']:>9.0f} {r['kib_per_sub']:>9.1f}"
        )
    ratio = results["etp"]["p99"] / results["baseline"]["p99"]
    ok = results["etp"]["p99"] < 100 and ratio <= 2 and results["etp"]["lost"] == 0
    print(
        f"p99 ratio (etp/baseline): {ratio:.2f}x; goal p99 < 100 ms, <= 2x, 0 lost: {'PASS' if ok else 'FAIL'}"
    )


def _server_pid(port: int) -> int:
    """The pid listening on the port (the uvicorn process started for this side)."""
    import subprocess

    out = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])


if __name__ == "__main__":
    asyncio.run(main())
