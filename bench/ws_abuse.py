"""Websocket abuse on one API process (issue 18): does anyone else notice?

    python -m bench.ws_abuse [--strangers 100] [--idle 1000] [--rate 20] [--seconds 20]

One `etp api` process, as shipped (every limit on, set above this load). A keyed subscriber
receives events fired at --rate per second throughout, and /healthz is timed every 20 ms: first
for --quiet seconds with nothing else going on (the baseline), then for --seconds while, at
once, --idle keyed sockets sit open (acknowledged, silent) and --strangers sockets without a key
each send the longest message a socket may send at all (the GraphQL body limit; before
connection_ack the server refuses it from its frame header with 1009), then one as long as a
connection_init may be before its key (WS_MAX_INIT_MESSAGE_BYTES: parsed, refused with 4403),
and reconnect, over and over; denied over WS_CONNECT_RATE_LIMIT (429), they retry at once. The
load runs in a separate process, so that its sending does not delay the timing. Loopback only.

Prints /healthz p50/p99 quiet and under abuse (and the ratio), events received vs fired, and
what the strangers got. Goal: p99 under 50 ms under abuse, every fired event received.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import websockets
from websockets.typing import Subprotocol

from bench.harness import (
    ROOT,
    etp,
    etp_env,
    free_port,
    fresh_database,
    run_dropping,
    say,
    stop,
    wait_until_listening,
)

DATABASE = "etp_bench_ws_abuse"
# What `etp api` ships with (core/platform/settings.py), restated: the bench must not run with
# a guard off. Only the per-address cap of sockets without a key is raised above the load, as
# all strangers here come from one address; WS_CONNECT_RATE_LIMIT stays at its default, as the
# strangers are the abuse it is for (keyed sockets never count against it).
SHIPPED_LIMITS = {
    "HOOK_RATE_LIMIT": "1000/second",
    "API_RATE_LIMIT": "100/second",
    "API_COST_PER_MINUTE": "1000000",
}
IDLE_PER_KEY = 90  # under WS_MAX_CONNECTIONS_PER_KEY (100)
CREATE_TRIGGER = (
    'mutation { createApiTrigger(input: {name: "abuse", apiSchema: {type: "object"}})'
    " { trigger { hookUrl } } }"
)
PROTOCOLS = [Subprotocol("graphql-transport-ws")]
SUBSCRIBE = {"query": "subscription { eventFired { id } }"}


async def new_key(name: str, env: dict[str, str]) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        "keys",
        "create",
        name,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return out.decode().strip().splitlines()[-1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


# --- the load process: idle keyed sockets and strangers ---


async def hold_idle(url: str, key: str, opened: Counter[str], all_open: asyncio.Event) -> None:
    # The key on the upgrade: counted under it at once, never as a stranger.
    async with websockets.connect(
        url,
        subprotocols=PROTOCOLS,
        compression=None,
        open_timeout=60,
        additional_headers={"X-API-Key": key},
    ) as socket:
        await socket.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        opened["idle"] += 1
        if opened["idle"] == opened["wanted"]:
            all_open.set()
        with contextlib.suppress(websockets.ConnectionClosed):
            await socket.wait_closed()
    opened["idle closed"] += 1


async def stranger(url: str, longest: int, init_longest: int, got: Counter[str]) -> None:
    junk = "x" * (longest - 60)
    maximal = json.dumps({"type": "connection_init", "payload": {"junk": junk}})[:longest]
    init_junk = "x" * (init_longest - 60)
    init = json.dumps({"type": "connection_init", "payload": {"junk": init_junk}})
    messages = [maximal, init]
    turn = 0
    while True:
        message = messages[turn % 2]
        turn += 1
        try:
            async with websockets.connect(
                url,
                subprotocols=PROTOCOLS,
                compression=None,
                open_timeout=30,
                max_size=None,
            ) as socket:
                await socket.send(message)
                await socket.recv()
        except websockets.ConnectionClosed as closed:
            got[f"closed {closed.rcvd.code if closed.rcvd else 'without a frame'}"] += 1
        except websockets.InvalidStatus as denied:
            # Over WS_CONNECT_RATE_LIMIT: the worst stranger ignores Retry-After and comes back.
            got[f"denied {denied.response.status_code}"] += 1
            continue
        except (OSError, websockets.InvalidHandshake, TimeoutError) as error:
            got[type(error).__name__] += 1
            await asyncio.sleep(0.1)
        got["bytes"] += len(message)


async def load(url: str, strangers: int, idle_keys: list[str], idle: int, limits: str) -> None:
    longest, init_longest = (int(n) for n in limits.split(","))
    counts: Counter[str] = Counter(wanted=idle)
    all_open = asyncio.Event()
    holders = [
        asyncio.create_task(hold_idle(url, idle_keys[n // IDLE_PER_KEY], counts, all_open))
        for n in range(idle)
    ]
    opening = asyncio.create_task(all_open.wait())
    while not opening.done():
        await asyncio.wait([opening, *holders], timeout=2, return_when=asyncio.FIRST_EXCEPTION)
        print(f"load: {counts['idle']} idle open", file=sys.stderr, flush=True)
        if any(h.done() for h in holders):
            break
    for holder in holders:
        if holder.done() and holder.exception() is not None:
            raise RuntimeError("an idle socket failed to open") from holder.exception()
    del counts["wanted"]
    print("idle", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    tasks = [
        asyncio.create_task(stranger(url, longest, init_longest, counts)) for _ in range(strangers)
    ]
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks + holders:
        task.cancel()
    print(json.dumps(dict(counts)), flush=True)


# --- the bench ---


@contextlib.contextmanager
def api_process(env: dict[str, str]) -> Iterator[str]:
    process = subprocess.Popen([sys.executable, "-m", "etp.cli", "api"], env=env, cwd=ROOT)
    try:
        yield f"http://127.0.0.1:{env['PORT']}"
    finally:
        stop(process)


async def time_health(client: httpx.AsyncClient, seconds: float) -> list[float]:
    timings = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        before = time.perf_counter()
        response = await client.get("/healthz")
        timings.append((time.perf_counter() - before) * 1000)
        assert response.status_code == 200, response.status_code
        await asyncio.sleep(0.02)
    return timings


class Subscriber:
    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key
        self.received = 0
        self.subscribed = asyncio.Event()

    async def run(self) -> None:
        async with websockets.connect(
            self.url,
            subprotocols=PROTOCOLS,
            additional_headers={"X-API-Key": self.key},
        ) as socket:
            await socket.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await socket.recv())["type"] == "connection_ack"
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": SUBSCRIBE}))
            await asyncio.sleep(0.5)
            self.subscribed.set()
            async for raw in socket:
                if json.loads(raw)["type"] == "next":
                    self.received += 1


async def fire_steadily(
    client: httpx.AsyncClient, path: str, rate: int, stop: asyncio.Event
) -> int:
    fired = 0
    started = time.monotonic()
    while not stop.is_set():
        while fired < int((time.monotonic() - started) * rate):
            response = await client.post(path, json={"n": fired})
            assert response.status_code == 202, response.text
            fired += 1
        await asyncio.sleep(0.01)
    return fired


async def main(args: argparse.Namespace) -> None:
    # A file descriptor per socket, in this process, the load process and the server.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    database_url = await fresh_database(DATABASE)
    port = free_port()
    env = etp_env(
        database_url,
        **SHIPPED_LIMITS,
        PORT=str(port),
        WS_MAX_UNAUTHENTICATED_PER_ADDRESS=str(args.strangers + 20),
    )
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    # Keys for the idle sockets, made at once (one `etp keys create` each).
    idle_keys = await asyncio.gather(
        *(new_key(f"idle-{n}", env) for n in range(-(-args.idle // IDLE_PER_KEY)))
    )
    with api_process(env) as base_url:
        await wait_until_listening(base_url)
        ws_url = base_url.replace("http://", "ws://") + "/graphql"
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            made = await client.post(
                "/graphql", headers={"X-API-Key": key}, json={"query": CREATE_TRIGGER}
            )
            path = urlsplit(made.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"]).path
            say(f"server on {base_url}; {len(idle_keys)} keys for {args.idle} idle sockets")

            subscriber = Subscriber(ws_url, key)
            listening = asyncio.create_task(subscriber.run())
            await asyncio.wait_for(subscriber.subscribed.wait(), 30)
            stop = asyncio.Event()
            firing = asyncio.create_task(fire_steadily(client, path, args.rate, stop))
            say(f"quiet: timing /healthz for {args.quiet:.0f} s, firing {args.rate}/s")
            quiet = await time_health(client, args.quiet)
            say(f"quiet done: {len(quiet)} timings")

            limits = f"{args.longest},{args.init_longest}"
            loader = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.ws_abuse",
                "--load",
                ws_url,
                limits,
                str(args.strangers),
                str(args.idle),
                *idle_keys,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
            assert loader.stdin is not None and loader.stdout is not None
            line = await asyncio.wait_for(loader.stdout.readline(), 120)
            assert line.strip() == b"idle", line
            say(f"{args.idle} idle keyed sockets open; {args.strangers} strangers start")
            loader.stdin.write(b"go\n")
            abused = await time_health(client, args.seconds)
            loader.stdin.write(b"stop\n")
            strangers = json.loads(await asyncio.wait_for(loader.stdout.readline(), 60))
            await asyncio.wait_for(loader.wait(), 30)
            stop.set()
            fired = await firing
            await asyncio.sleep(2)  # the last events reach the subscriber
            listening.cancel()
            await asyncio.gather(listening, return_exceptions=True)

    quiet_p50, quiet_p99 = percentile(quiet, 0.5), percentile(quiet, 0.99)
    p50, p99 = percentile(abused, 0.5), percentile(abused, 0.99)
    offered_mb = strangers.pop("bytes", 0) / 1e6
    print()
    print(
        f"ws abuse: one API process; {args.idle} idle keyed sockets and {args.strangers}"
        f" strangers ({args.longest} + {args.init_longest}-byte messages, {offered_mb:.0f} MB offered"
        f" in {args.seconds:.0f} s); events at {args.rate}/s"
    )
    print(f"{'/healthz':<16} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(f"{'quiet':<16} {len(quiet):>6} {quiet_p50:>8.1f} {quiet_p99:>8.1f} {max(quiet):>8.1f}")
    print(f"{'under abuse':<16} {len(abused):>6} {p50:>8.1f} {p99:>8.1f} {max(abused):>8.1f}")
    print(f"p99 ratio (abused/quiet): {p99 / quiet_p99:.2f}x")
    print(f"strangers got: {strangers}")
    print(f"events: fired {fired}, received by the keyed subscriber {subscriber.received}")
    ok = p99 < 50 and subscriber.received == fired
    print(
        f"goal /healthz p99 < 50 ms under abuse, every event received: {'PASS' if ok else 'FAIL'}"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--strangers", type=int, default=100)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=20, help="events fired per second")
    parser.add_argument("--quiet", type=float, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--longest", type=int, default=1024 * 1024, help="GraphQL body limit")
    parser.add_argument("--init-longest", type=int, default=4096)
    return parser.parse_args()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        url, limits, strangers, idle, *keys = sys.argv[2:]
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        asyncio.run(load(url, int(strangers), keys, int(idle), limits))
        os._exit(0)  # the idle sockets' tasks need no goodbye
    run_dropping(main(arguments()), DATABASE)
