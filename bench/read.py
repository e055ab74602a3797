"""Reads: events(first: 50) over HTTP through the real app vs. a bare Starlette + asyncpg endpoint.

    python -m bench.read [--seconds 10] [--connections 32] [--events 10000]

Both servers run as one uvicorn worker process against the same database of N events spread
over the last 50 hours, one after the other, with the same connections and duration. etp runs
uncached (EVENT_LIST_CACHE=0) for the comparison, then cached for what the cache gains.
Goal (issue 5): uncached, at least 0.5x the baseline's requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json

import asyncpg

from bench.harness import (
    etp,
    etp_env,
    free_port,
    fresh_database,
    say,
    server_pid,
    uvicorn_process,
    wait_until_listening,
)
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


async def bench_etp(
    database_url: str, key: str, *, cached: bool, connections: int, seconds: float
) -> LoadResult:
    env = etp_env(database_url, EVENT_LIST_CACHE="1" if cached else "0")
    port = free_port()
    with uvicorn_process(
        "api.asgi:create_app_from_env", port, {**env, "PORT": str(port)}, factory=True
    ) as url:
        await wait_until_listening(url)
        say(
            f"etp ({'cached' if cached else 'uncached'}): {connections} connections, {seconds:.0f} s"
        )
        return await drive(
            url,
            "/graphql",
            QUERY,
            headers={"X-API-Key": key},
            connections=connections,
            seconds=seconds,
            server_pid=server_pid(url),
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
    args = parser.parse_args()

    database_url = await fresh_database("etp_bench_read")
    env = etp_env(database_url)
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    say(f"seeding {args.events:,} events")
    await seed(database_url, args.events)
    load = {"connections": args.connections, "seconds": args.seconds}
    uncached = await bench_etp(database_url, key, cached=False, **load)
    baseline = await bench_baseline(database_url, **load)
    cached = await bench_etp(database_url, key, cached=True, **load)

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
    print(
        f"throughput ratio (etp uncached/baseline): {ratio:.2f}x  goal >= 0.5x"
        f"  {'PASS' if ratio >= 0.5 else 'FAIL'}"
    )
    print(
        "server CPU per request (etp uncached/baseline):"
        f" {uncached.cpu_us_per_request / baseline.cpu_us_per_request:.2f}x"
    )
    print(f"cache gain (etp cached/uncached): {cached.rps / uncached.rps:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
