"""Live fan-out: N websocket subscribers on one API process, events fired at R/s for D s.

    python -m bench.fanout [--subscribers 1000] [--rate 20] [--seconds 15] [--client-processes 4]

Prints fire-to-receive latency (p50, p99, max), messages lost and server memory per idle
subscription for etp's eventFired (graphql-transport-ws) as shipped, every guard on with limits
far above the load (printed), and the same for two baselines: a bare Starlette websocket
endpoint broadcasting the same messages from Redis pub/sub (bench/baseline_fanout.py), and the
stack's ceiling, one broadcasting each message POSTed to it from memory, no Redis
(bench/ceiling_fanout.py). The subscribers run in several client processes
(bench/fanout_clients.py); each one's CPU over the firing is printed, to show whether the load
generator kept up. Goal (issue 19): at 1,000 subscribers and 20 events/s, p99 under 100 ms and
at most 1.5x the Redis broadcast's, 0 lost.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

import httpx
import redis.asyncio as aioredis

from bench.baseline_fanout import CHANNEL
from bench.harness import (
    REDIS_URL,
    ROOT,
    access_log_lines,
    cpu_seconds,
    effective_settings,
    etp,
    etp_env,
    free_port,
    fresh_database,
    load_average,
    run_dropping,
    say,
    server_pid,
    uvicorn_process,
    wait_until_listening,
)

CREATE_OPEN_TRIGGER = (
    'mutation { createApiTrigger(input: {name: "fanout", apiSchema: {type: "object"}})'
    " { trigger { hookUrl } } }"
)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


Side = dict[str, Any]


def percentiles(values: array.array[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    ordered = sorted(values)
    return (
        ordered[len(ordered) // 2],
        ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        ordered[-1],
    )


class ClientProcess:
    """A bench.fanout_clients process holding some of the subscribers."""

    def __init__(self, kind: str, url: str, count: int, key: str) -> None:
        with tempfile.NamedTemporaryFile(suffix=".f32", delete=False) as out:
            self.out = out.name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fanout_clients", kind, url, str(count), self.out, key],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def wait_ready(self) -> None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"subscriber process failed: {line!r}")

    def finish(self) -> tuple[int, array.array[float]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("stop\n")
        self.process.stdin.flush()
        received = int(self.process.stdout.readline())
        self.process.wait(timeout=60)
        latencies = array.array("f")
        with open(self.out, "rb") as source:
            latencies.frombytes(source.read())
        os.unlink(self.out)
        return received, latencies


async def run_side(
    name: str,
    servers: list[tuple[int, str]],
    key: str,
    fire: Callable[[int], Coroutine[Any, Any, bool]],
    args: argparse.Namespace,
) -> Side:
    """servers: (pid, websocket url) of each server process; subscribers are split evenly."""
    idle_before = sum(rss_kib(pid) for pid, _ in servers)
    clients = []
    per_process = args.subscribers // args.client_processes
    for n in range(args.client_processes):
        _, url = servers[n % len(servers)]
        clients.append(ClientProcess(name, url, per_process, key))
    loop = asyncio.get_running_loop()
    for client in clients:
        await loop.run_in_executor(None, client.wait_ready)
    subscribers = per_process * len(clients)
    await asyncio.sleep(2)
    idle_after = sum(rss_kib(pid) for pid, _ in servers)
    say(
        f"{name}: {subscribers} subscribers connected; firing {args.rate}/s for"
        f" {args.seconds:.0f} s, load {load_average()}"
    )
    measured = [client.process.pid for client in clients] + [os.getpid()]
    measured += [pid for pid, _ in servers]
    cpu_before = [cpu_seconds(pid) for pid in measured]
    window_started = time.monotonic()
    fired = 0
    sends: list[asyncio.Task[bool]] = []
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        due = int((time.monotonic() - started) * args.rate)
        while fired < due:
            # Fired without waiting for the answer, so a busy server cannot slow the rate.
            sends.append(asyncio.create_task(fire(fired)))
            fired += 1
        await asyncio.sleep(0.002)
    # A firing the server refused or dropped is not expected at any subscriber.
    fired = sum(await asyncio.gather(*sends))
    await asyncio.sleep(3)  # let the last messages arrive
    window = time.monotonic() - window_started
    busy = [
        (cpu_seconds(pid) - before) / window
        for pid, before in zip(measured, cpu_before, strict=True)
    ]
    received = 0
    latencies: array.array[float] = array.array("f")
    for client in clients:
        got, values = await loop.run_in_executor(None, client.finish)
        received += got
        latencies.extend(values)
    p50, p99, top = percentiles(latencies)
    return {
        "subscribers": subscribers,
        "fired": fired,
        "p50": p50,
        "p99": p99,
        "max": top,
        "lost": fired * subscribers - received,
        "kib_per_sub": (idle_after - idle_before) / subscribers,
        # Share of one core each used over the firing and the 3 s after it.
        "client_cpu": busy[: len(clients)],
        "firing_cpu": busy[len(clients)],
        "server_cpu": sum(busy[len(clients) + 1 :]),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--servers", type=int, default=1, help="server processes per side")
    parser.add_argument("--client-processes", type=int, default=4)
    args = parser.parse_args()
    # One file descriptor per subscriber, on both ends.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    started_load = load_average()
    database_url = await fresh_database("etp_bench_fanout")
    # The queue bound is lifted so that the figures show latency, not drops. Every subscriber
    # shares one key and one address and sends the key in connection_init (as graphql-ws
    # clients do), all at once: the websocket caps and the connect rate are set above that load.
    places = str(args.subscribers + 100)
    env = etp_env(
        database_url,
        LIVE_QUEUE_SIZE="100000",
        WS_MAX_CONNECTIONS=str(args.subscribers * 2 + 100),
        WS_MAX_CONNECTIONS_PER_KEY=places,
        WS_MAX_UNAUTHENTICATED_PER_ADDRESS=places,
        WS_CONNECT_RATE_LIMIT="1000000/minute",
    )
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    results = {}
    with contextlib.ExitStack() as stack:
        urls = []
        for _ in range(args.servers):
            port = free_port()
            urls.append(
                stack.enter_context(
                    uvicorn_process(
                        "api.asgi:create_app_from_env",
                        port,
                        {**env, "PORT": str(port)},
                        factory=True,
                    )
                )
            )
        for url in urls:
            await wait_until_listening(url)
        say(f"etp (every guard on): {effective_settings(env)}")
        servers = [(server_pid(url), url.replace("http://", "ws://") + "/graphql") for url in urls]
        async with httpx.AsyncClient(
            base_url=urls[0], timeout=120, limits=httpx.Limits(max_connections=100)
        ) as client:
            # A permissive schema, so each payload can carry its send time.
            created = await client.post(
                "/graphql",
                headers={"X-API-Key": key},
                json={"query": CREATE_OPEN_TRIGGER},
            )
            hook_url = created.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"]
            path = urlsplit(hook_url).path

            async def fire_etp(n: int) -> bool:
                try:
                    response = await client.post(path, json={"n": n, "sent_at": time.time()})
                except httpx.HTTPError:
                    return False
                return response.status_code == 202

            results["etp"] = await run_side("etp", servers, key, fire_etp, args)
        results["etp"]["access_log"] = sum(access_log_lines(url) for url in urls)
    redis = aioredis.Redis.from_url(REDIS_URL)
    with contextlib.ExitStack() as stack:
        urls = []
        for _ in range(args.servers):
            port = free_port()
            urls.append(
                stack.enter_context(uvicorn_process("bench.baseline_fanout:app", port, env))
            )
        for url in urls:
            await wait_until_listening(url, "/")
        servers = [(server_pid(url), url.replace("http://", "ws://") + "/ws") for url in urls]

        async def fire_baseline(n: int) -> bool:
            await redis.publish(CHANNEL, json.dumps({"n": n, "sent_at": time.time()}))
            return True

        results["baseline"] = await run_side("baseline", servers, "", fire_baseline, args)
    await redis.aclose()
    with contextlib.ExitStack() as stack:
        urls = []
        for _ in range(args.servers):
            port = free_port()
            urls.append(stack.enter_context(uvicorn_process("bench.ceiling_fanout:app", port, env)))
        for url in urls:
            await wait_until_listening(url, "/")
        servers = [(server_pid(url), url.replace("http://", "ws://") + "/ws") for url in urls]
        async with httpx.AsyncClient(timeout=120) as publisher:

            async def fire_ceiling(n: int) -> bool:
                # Every server of the side gets each message, as Redis gives it to each.
                body = json.dumps({"n": n, "sent_at": time.time()})
                answers = await asyncio.gather(
                    *(publisher.post(url + "/publish", content=body) for url in urls)
                )
                return all(answer.status_code == 202 for answer in answers)

            results["ceiling"] = await run_side("ceiling", servers, "", fire_ceiling, args)
    print()
    print(
        f"fan-out: {results['etp']['subscribers']:.0f} subscribers over {args.servers} server"
        f" process(es), {args.rate} events/s for {args.seconds:.0f} s,"
        f" {args.client_processes} client processes"
    )
    print(
        f"{'':<10} {'fired':>7} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'lost':>9}"
        f" {'KiB/sub':>9} {'server cpu':>10} {'firing cpu':>10}  client processes' cpu"
    )
    for name, r in results.items():
        clients_cpu = " ".join(f"{share:.0%}" for share in r["client_cpu"])
        print(
            f"{name:<10} {r['fired']:>7.0f} {r['p50']:>9.1f} {r['p99']:>9.1f} {r['max']:>9.1f}"
            f" {r['lost']:>9.0f} {r['kib_per_sub']:>9.1f} {r['server_cpu']:>10.0%}"
            f" {r['firing_cpu']:>10.0%}  {clients_cpu}"
        )
    ratio = results["etp"]["p99"] / results["baseline"]["p99"]
    ok = results["etp"]["p99"] < 100 and ratio <= 1.5 and results["etp"]["lost"] == 0
    print(
        f"p99 ratio (etp/Redis broadcast): {ratio:.2f}x; goal p99 < 100 ms, <= 1.5x, 0 lost:"
        f" {'PASS' if ok else 'FAIL'}"
    )
    print(f"p99 ratio (etp/ceiling): {results['etp']['p99'] / results['ceiling']['p99']:.2f}x")
    print(f"load average {started_load} before, {load_average()} after")
    print(f"access log lines written by etp: {results['etp']['access_log']}")


if __name__ == "__main__":
    run_dropping(main(), "etp_bench_fanout")
