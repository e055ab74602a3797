"""Server CPU per delivered live message: etp's eventFired against the Redis broadcast.

    python -m bench.fanout_cpu [--subscribers 1000] [--events 200]

Latency on a shared machine measures the machine; CPU time spent by the server for the same
deliveries hardly depends on it. Each side gets the subscribers of bench.fanout (four client
processes), the events one at a time 50 ms apart, and is charged its CPU above idle from the
first event to 5 s after the last, divided by the messages its subscribers received. etp's
figure includes taking each event in over HTTP and committing it; the Redis broadcast's does not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx
import redis.asyncio as aioredis

from bench.baseline_fanout import CHANNEL
from bench.fanout import CREATE_OPEN_TRIGGER, ClientProcess
from bench.harness import (
    REDIS_URL,
    cpu_seconds,
    etp,
    etp_env,
    free_port,
    fresh_database,
    run_dropping,
    say,
    server_pid,
    uvicorn_process,
    wait_until_listening,
)

CLIENT_PROCESSES = 4


async def charged(
    kind: str, url: str, key: str, fire: Callable[[int], Awaitable[None]], args: argparse.Namespace
) -> None:
    pid = server_pid(url)
    ws_url = url.replace("http://", "ws://") + ("/graphql" if kind == "etp" else "/ws")
    clients = [
        ClientProcess(kind, ws_url, args.subscribers // CLIENT_PROCESSES, key)
        for _ in range(CLIENT_PROCESSES)
    ]
    loop = asyncio.get_running_loop()
    for client in clients:
        await loop.run_in_executor(None, client.wait_ready)
    await asyncio.sleep(2)
    idle_from = cpu_seconds(pid)
    await asyncio.sleep(5)
    idle = (cpu_seconds(pid) - idle_from) / 5
    before, started = cpu_seconds(pid), time.monotonic()
    for n in range(args.events):
        await fire(n)
        await asyncio.sleep(0.05)
    await asyncio.sleep(5)
    spent = cpu_seconds(pid) - before - idle * (time.monotonic() - started)
    received = 0
    for client in clients:
        got, _ = await loop.run_in_executor(None, client.finish)
        received += got
    expected = args.events * len(clients) * (args.subscribers // CLIENT_PROCESSES)
    print(
        f"{kind:<9} received {received} of {expected}; server CPU {spent:.2f} s above idle;"
        f" {spent / max(received, 1) * 1e6:.1f} us per message"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args()
    database_url = await fresh_database("etp_bench_fanout_cpu")
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
    port = free_port()
    app = "api.asgi:create_app_from_env"
    with uvicorn_process(app, port, {**env, "PORT": str(port)}, factory=True) as url:
        await wait_until_listening(url)
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            created = await client.post(
                "/graphql", headers={"X-API-Key": key}, json={"query": CREATE_OPEN_TRIGGER}
            )
            hook = urlsplit(created.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"])

            async def fire_etp(n: int) -> None:
                await client.post(hook.path, json={"n": n, "sent_at": time.time()})

            await charged("etp", url, key, fire_etp, args)
    redis = aioredis.Redis.from_url(REDIS_URL)
    port = free_port()
    with uvicorn_process("bench.baseline_fanout:app", port, env) as url:
        await wait_until_listening(url, "/")

        async def fire_baseline(n: int) -> None:
            await redis.publish(CHANNEL, json.dumps({"n": n, "sent_at": time.time()}))

        await charged("baseline", url, "", fire_baseline, args)
    await redis.aclose()
    say("done")


if __name__ == "__main__":
    run_dropping(main(), "etp_bench_fanout_cpu")
