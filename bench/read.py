"""Reads: events(first: 50) over HTTP through the real app vs. a bare Starlette + asyncpg endpoint.

    python -m bench.read [--seconds 10] [--connections 32] [--events 10000]

Both servers run as one uvicorn worker process against the same database of N events spread
over the last 50 hours, one after the other, with the same connections and duration. etp runs
uncached (EVENT_LIST_CACHE=0) for the comparison, then cached for what the cache gains; then
both again while hooks fire at a steady rate, so that the log changes under the readers and the
cache mostly misses: what it costs when it cannot help.
Goal (issue 5): uncached, at least 0.5x the baseline's requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from dataclasses import dataclass

import asyncpg
import httpx

from bench.harness import (
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
from bench.ingest import PAYLOAD, create_trigger
from bench.loadgen import WARMUP_SECONDS, LoadResult, drive, table_head, table_row

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
) -> tuple[LoadResult, CacheReads]:
    env = etp_env(database_url, EVENT_LIST_CACHE="1" if cached else "0")
    port = free_port()
    with uvicorn_process(
        "api.asgi:create_app_from_env", port, {**env, "PORT": str(port)}, factory=True
    ) as url:
        await wait_until_listening(url)
        writes = f", hooks firing at {writes_per_second:.0f}/s" if writes_per_second else ""
        say(
            f"etp ({'cached' if cached else 'uncached'}{writes}): {connections} connections,"
            f" {seconds:.0f} s"
        )
        stop = asyncio.Event()
        writer = (
            asyncio.create_task(fire_steadily(url, key, writes_per_second, stop))
            if writes_per_second
            else None
        )
        before = await cache_reads(url)
        result = await drive(
            url,
            "/graphql",
            QUERY,
            headers={"X-API-Key": key},
            connections=connections,
            seconds=seconds,
            server_pid=server_pid(url),
        )
        after = await cache_reads(url)
        stop.set()
        if writer is not None:
            await writer
        return result, CacheReads(
            after.hits - before.hits,
            after.misses - before.misses,
            after.bypasses - before.bypasses,
        )


async def bench_baseline(database_url: str, *, connections: int, seconds: float) -> LoadResult:
    port = free_port()
    env = etp_env(database_url, BASELINE_DSN=database_url)
    with uvicorn_process("bench.baseline_read:app", port, env) as url:
        await wait_until_listening(url, "/graphql")
        say(f"baseline: {connections} connections, {seconds:.0f} s")
        return await drive(
            url,
            "/graphql",
            QUERY,
            connections=connections,
            seconds=seconds,
            server_pid=server_pid(url),
        )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=200.0,
        help="hooks fired during the last two runs",
    )
    args = parser.parse_args()

    database_url = await fresh_database("etp_bench_read")
    env = etp_env(database_url)
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    say(f"seeding {args.events:,} events")
    await seed(database_url, args.events)
    load = {"connections": args.connections, "seconds": args.seconds}
    uncached, _ = await bench_etp(database_url, key, cached=False, **load)
    baseline = await bench_baseline(database_url, **load)
    cached, cached_reads = await bench_etp(database_url, key, cached=True, **load)
    rate = args.writes_per_second
    uncached_writing, _ = await bench_etp(
        database_url, key, cached=False, writes_per_second=rate, **load
    )
    cached_writing, writing_reads = await bench_etp(
        database_url, key, cached=True, writes_per_second=rate, **load
    )

    ratio = uncached.rps / baseline.rps
    print()
    print(
        f"events(first: 50), {args.events:,} events, {args.connections} connections,"
        f" {args.seconds:.0f} s each (+{WARMUP_SECONDS:.0f} s warm-up)"
    )
    print(table_head(width=16))
    print(table_row("etp uncached", uncached, width=16))
    print(table_row("baseline", baseline, width=16))
    print(table_row("etp cached", cached, width=16))
    print(table_row(f"uncached +{rate:.0f} w/s", uncached_writing, width=16))
    print(table_row(f"cached +{rate:.0f} w/s", cached_writing, width=16))
    print(
        f"throughput ratio (etp uncached/baseline): {ratio:.2f}x  goal >= 0.5x"
        f"  {'PASS' if ratio >= 0.5 else 'FAIL'}"
    )
    print(
        "server CPU per request (etp uncached/baseline):"
        f" {uncached.cpu_us_per_request / baseline.cpu_us_per_request:.2f}x"
    )
    print(
        f"cache gain (etp cached/uncached): {cached.rps / uncached.rps:.2f}x"
        f" (hits {cached_reads.hit_ratio:.0%}, {cached_reads})"
    )
    print(
        f"cache gain while hooks fire at {rate:.0f}/s:"
        f" {cached_writing.rps / uncached_writing.rps:.2f}x (hits {writing_reads.hit_ratio:.0%})"
    )


if __name__ == "__main__":
    run_dropping(main(), "etp_bench_read")
