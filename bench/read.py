"""Reads: events(first: 50) over HTTP through the real app vs. a bare Starlette + asyncpg endpoint.

    python -m bench.read [--seconds 4] [--rounds 4] [--connections 32] [--events 10000] [--cache]
    python -m bench.read --guards [--seconds 3] [--rounds 4]   # each guard's cost: on/off pairs

Three servers, each one uvicorn worker process started the same way (bench/serve.py), against
the same database of N events spread over the last 50 hours, all up at once and driven one at
a time in windows (ABC CBA ..., so that all three meet the same background load), with the
same connections:
- etp as shipped, uncached (EVENT_LIST_CACHE=0, the default): every guard on (API key check,
  per-key operation rate and cost limits set far above the load, access log, metrics, body
  limit); the settings it runs with are printed;
- raw: a bare Starlette endpoint returning the same 50 rows from one asyncpg SELECT
  (bench/baseline_read.py);
- ceiling: a bare Starlette endpoint answering a page of the same shape from memory, no I/O
  (bench/ceiling_read.py).
Goal (issue 19): etp >= 0.6x raw's requests/s with every guard on.

With --cache, then etp cached for what the cache gains, and both again while hooks fire at a
steady rate, so that the log changes under the readers and the cache mostly misses: what it
costs when it cannot help. With --guards: for each guard on the read path, etp with it on and
with it off (bench/guard_switches.py), both up at once and driven in turn in short windows
(ABBA), each side's windows pooled.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from bench import profile as profiling
from bench.guard_switches import env_with_off
from bench.harness import (
    access_log_lines,
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
from bench.ingest import ETP_APP, PAYLOAD, SWITCHED_APP, bare_server, create_trigger, guard_table
from bench.loadgen import (
    WARMUP_SECONDS,
    LoadResult,
    Target,
    drive,
    etp_raw_ceiling_in_turn,
    interleaved,
    table_head,
    table_row,
)

# The guards on a read's path, in the order the pairs run.
READ_GUARDS = (
    "api_key_check",
    "api_rate_limit",
    "cost_limit",
    "access_log",
    "metrics",
    "body_limits",
)
QUERY = json.dumps(
    {
        "query": "{ events(first: 50) { edges { cursor node { id triggerId triggerName kind"
        " source status isTest payload scheduledFor firedAt } } pageInfo { hasNextPage } } }"
    }
).encode()


async def seed(database_url: str, events: int) -> None:
    """N events over the last 50 hours, oldest first (ids grow with fired_at, as in production)."""
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "INSERT INTO events (trigger_id, trigger_name, kind, source, is_test, payload, fired_at)"
            " SELECT gen_random_uuid(), 'orders', 'API', 'API', false,"
            " jsonb_build_object('order', n, 'amount', n * 1.5, 'currency', 'EUR'),"
            " now() - ($1 - n) * (interval '50 hours' / $1)"
            " FROM generate_series(1, $1) AS n",
            events,
        )
        await conn.execute("VACUUM ANALYZE events")
    finally:
        await conn.close()


@dataclass
class CacheReads:
    hits: float = 0.0
    misses: float = 0.0
    bypasses: float = 0.0

    @property
    def hit_ratio(self) -> float:
        """Of every read, not only of those that looked in the cache."""
        total = self.hits + self.misses + self.bypasses
        return self.hits / total if total else float("nan")


async def cache_reads(url: str) -> CacheReads:
    async with httpx.AsyncClient(base_url=url) as client:
        exposed = (await client.get("/metrics")).text
    found = dict(re.findall(r'^etp_event_list_cache_total\{result="(\w+)"\} (\S+)$', exposed, re.M))
    return CacheReads(
        hits=float(found.get("hit", 0)),
        misses=float(found.get("miss", 0)),
        bypasses=float(found.get("bypass", 0)),
    )


async def fire_steadily(url: str, key: str, per_second: float, stop: asyncio.Event) -> int:
    """Hooks at a fixed rate, so that the log changes under the readers: each commit is a new
    version, and the list itself changes (the new event is at its head)."""
    path = await create_trigger(url, key, name=f"writer-{time.time_ns()}")
    fired = 0
    async with httpx.AsyncClient(base_url=url) as client:
        started = time.monotonic()
        while not stop.is_set():
            await client.post(path, content=PAYLOAD, headers={"Content-Type": "application/json"})
            fired += 1
            await asyncio.sleep(max(0.0, started + fired / per_second - time.monotonic()))
    return fired


async def bench_etp(
    database_url: str,
    key: str,
    *,
    cached: bool,
    connections: int,
    seconds: float,
    writes_per_second: float = 0.0,
    guard_off: str | None = None,
    profile: Path | None = None,
) -> tuple[LoadResult, CacheReads]:
    env = etp_env(database_url, EVENT_LIST_CACHE="1" if cached else "0", **env_with_off(guard_off))
    port = free_port()
    app = ETP_APP if guard_off is None else SWITCHED_APP
    with uvicorn_process(app, port, {**env, "PORT": str(port)}, factory=True) as url:
        await wait_until_listening(url)
        writes = f", hooks firing at {writes_per_second:.0f}/s" if writes_per_second else ""
        say(
            f"etp ({'every guard on' if guard_off is None else guard_off + ' off'}): {effective_settings(env)}"
        )
        say(
            f"etp ({'cached' if cached else 'uncached'}{writes}): {connections} connections,"
            f" {seconds:.0f} s, load {load_average()}"
        )
        stop = asyncio.Event()
        writer = (
            asyncio.create_task(fire_steadily(url, key, writes_per_second, stop))
            if writes_per_second
            else None
        )
        before = await cache_reads(url)
        pid = server_pid(url)
        sampler = (
            None if profile is None else profiling.start(pid, seconds + WARMUP_SECONDS, profile)
        )
        result = await drive(
            url,
            "/graphql",
            QUERY,
            headers={"X-API-Key": key},
            connections=connections,
            seconds=seconds,
            server_pid=pid,
        )
        if sampler is not None:
            sampler.wait(timeout=30)
        after = await cache_reads(url)
        result.access_log_lines = access_log_lines(url)
        stop.set()
        if writer is not None:
            await writer
        return result, CacheReads(
            after.hits - before.hits,
            after.misses - before.misses,
            after.bypasses - before.bypasses,
        )


async def compare(
    database_url: str,
    key: str,
    *,
    connections: int,
    seconds: float,
    rounds: int,
    events: int,
    profile: Path | None = None,
) -> None:
    started_load = load_average()
    with (
        bare_server("bench.baseline_read:app", database_url) as raw_url,
        bare_server("bench.ceiling_read:app", database_url) as ceiling_url,
    ):
        async with etp_server(database_url, "") as (url, pid):
            for bare in (raw_url, ceiling_url):
                await wait_until_listening(bare, "/graphql")
            targets = [
                Target(url, "/graphql", [QUERY], pid, {"X-API-Key": key}),
                Target(raw_url, "/graphql", [QUERY], server_pid(raw_url)),
                Target(ceiling_url, "/graphql", [QUERY], server_pid(ceiling_url)),
            ]
            ours, raw, ceiling = await etp_raw_ceiling_in_turn(
                targets, connections=connections, seconds=seconds, rounds=rounds, profile=profile
            )
    ratio = ours.rps / raw.rps
    print()
    print(
        f"events(first: 50), every guard on, {events:,} events, {connections} connections; the"
        f" three servers up at once, driven in turn: {rounds} windows of {seconds:.0f} s each"
        f" (ABC CBA ...) after {WARMUP_SECONDS:.0f} s of warm-up each;"
        f" load average {started_load} before, {load_average()} after"
    )
    print(table_head(width=16))
    print(table_row("etp uncached", ours, width=16))
    print(table_row("raw SELECT", raw, width=16))
    print(table_row("ceiling", ceiling, width=16))
    print(
        f"throughput etp/raw:     {ratio:.2f}x  goal >= 0.6x  {'PASS' if ratio >= 0.6 else 'FAIL'}"
    )
    print(f"p99 etp/raw:            {ours.p99_ms / raw.p99_ms:.2f}x")
    print(f"throughput etp/ceiling: {ours.rps / ceiling.rps:.2f}x")
    print(f"throughput raw/ceiling: {raw.rps / ceiling.rps:.2f}x")
    print(
        f"server CPU per request etp/raw: {ours.cpu_us_per_request / raw.cpu_us_per_request:.2f}x"
    )
    print(f"access log lines written by etp (warm-up included): {ours.access_log_lines}")
    if profile is not None:
        print(f"\nprofile of the etp server (py-spy), collapsed stacks in {profile}:")
        print(profiling.summary(profile))


async def cache_runs(
    database_url: str, key: str, *, connections: int, seconds: float, rate: float
) -> None:
    load = {"connections": connections, "seconds": seconds}
    uncached, _ = await bench_etp(database_url, key, cached=False, **load)
    cached, cached_reads = await bench_etp(database_url, key, cached=True, **load)
    uncached_writing, _ = await bench_etp(
        database_url, key, cached=False, writes_per_second=rate, **load
    )
    cached_writing, writing_reads = await bench_etp(
        database_url, key, cached=True, writes_per_second=rate, **load
    )
    print()
    print(table_head(width=16))
    print(table_row("etp uncached", uncached, width=16))
    print(table_row("etp cached", cached, width=16))
    print(table_row(f"uncached +{rate:.0f} w/s", uncached_writing, width=16))
    print(table_row(f"cached +{rate:.0f} w/s", cached_writing, width=16))
    print(
        f"cache gain (etp cached/uncached): {cached.rps / uncached.rps:.2f}x"
        f" (hits {cached_reads.hit_ratio:.0%}, {cached_reads})"
    )
    print(
        f"cache gain while hooks fire at {rate:.0f}/s:"
        f" {cached_writing.rps / uncached_writing.rps:.2f}x (hits {writing_reads.hit_ratio:.0%})"
    )


@contextlib.asynccontextmanager
async def etp_server(database_url: str, guard_off: str) -> AsyncIterator[tuple[str, int]]:
    """The real app, uncached, every guard on or all but `guard_off`: its url and pid."""
    env = etp_env(database_url, EVENT_LIST_CACHE="0", **env_with_off(guard_off or None))
    port = free_port()
    app = SWITCHED_APP if guard_off else ETP_APP
    with uvicorn_process(app, port, {**env, "PORT": str(port)}, factory=True) as url:
        await wait_until_listening(url)
        say(
            f"etp ({guard_off + ' off' if guard_off else 'every guard on'}): {effective_settings(env)}"
        )
        yield url, server_pid(url)


async def guard_costs(
    database_url: str, key: str, *, connections: int, seconds: float, rounds: int
) -> None:
    started_load = load_average()
    rows = []
    headers = {"X-API-Key": key}
    for guard in READ_GUARDS:
        async with (
            etp_server(database_url, "") as (on_url, on_pid),
            etp_server(database_url, guard) as (off_url, off_pid),
        ):
            say(f"{guard}: on/off in turn, {rounds} x {seconds:.0f} s each, load {load_average()}")
            on, off = await interleaved(
                [
                    Target(on_url, "/graphql", [QUERY], on_pid, headers),
                    Target(off_url, "/graphql", [QUERY], off_pid, headers),
                ],
                connections=connections,
                seconds=seconds,
                rounds=rounds,
            )
        rows.append((guard, on, off))
    print()
    print(
        f"events(first: 50), guard on/off pairs (both servers up, driven in turn: {rounds} windows"
        f" of {seconds:.0f} s each, ABBA), {connections} connections;"
        f" load average {started_load} before, {load_average()} after"
    )
    print(guard_table(rows))


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="seconds per window: 4, or 3 with --guards; 10 for --cache",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--cache", action="store_true", help="also the cache's four runs")
    parser.add_argument("--guards", action="store_true", help="on/off pairs, one per guard")
    parser.add_argument("--rounds", type=int, default=4, help="windows per side")
    parser.add_argument(
        "--profile", type=Path, help="sample the etp server with py-spy into this file, summarise"
    )
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=200.0,
        help="hooks fired during the cache's last two runs",
    )
    args = parser.parse_args()

    database_url = await fresh_database("etp_bench_read")
    env = etp_env(database_url)
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    say(f"seeding {args.events:,} events")
    await seed(database_url, args.events)
    if args.guards:
        await guard_costs(
            database_url,
            key,
            connections=args.connections,
            seconds=args.seconds or 3.0,
            rounds=args.rounds,
        )
        return
    await compare(
        database_url,
        key,
        connections=args.connections,
        seconds=args.seconds or 4.0,
        rounds=args.rounds,
        events=args.events,
        profile=args.profile,
    )
    if args.cache:
        await cache_runs(
            database_url,
            key,
            connections=args.connections,
            seconds=args.seconds or 10.0,
            rate=args.writes_per_second,
        )


if __name__ == "__main__":
    run_dropping(main(), "etp_bench_read")
