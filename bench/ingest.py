"""Hook ingest: POST /hooks/{token} through the real app vs. a bare Starlette + asyncpg endpoint.

    python -m bench.ingest [--seconds 15] [--connections 64]

Both servers run as one uvicorn worker process against the same local Postgres, one after the
other, with the same payload, connections and duration. Goal (issue 2): throughput at least
1.0x the baseline's, p99 at most 2x.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from urllib.parse import urlsplit

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
from bench.loadgen import WARMUP_SECONDS, LoadResult, drive, table_head, table_row

PAYLOAD = json.dumps({"amount": 12.5, "currency": "EUR", "user_id": 7}).encode()
SCHEMA = {"amount": "float", "currency": "str", "user_id": "int"}


async def create_trigger(base_url: str, key: str, name: str = "bench") -> str:
    async with httpx.AsyncClient(base_url=base_url, headers={"X-API-Key": key}) as client:
        response = await client.post(
            "/graphql",
            json={
                "query": "mutation($i: CreateApiTriggerInput!) { createApiTrigger(input: $i) "
                "{ trigger { hookUrl } errors { message } } }",
                "variables": {"i": {"name": name, "apiSchema": SCHEMA}},
            },
        )
    hook_url: str = response.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"]
    return urlsplit(hook_url).path


async def bench_ours(
    database_url: str,
    *,
    connections: int,
    seconds: float,
    bodies: Sequence[bytes] = (PAYLOAD,),
) -> tuple[LoadResult, int]:
    env = etp_env(database_url)
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    port = free_port()
    with uvicorn_process(
        "api.asgi:create_app_from_env", port, {**env, "PORT": str(port)}, factory=True
    ) as url:
        await wait_until_listening(url)
        path = await create_trigger(url, key)
        say(f"etp: driving {path[:20]}... with {connections} connections for {seconds:.0f} s")
        result = await drive(
            url, path, bodies, connections=connections, seconds=seconds, server_pid=server_pid(url)
        )
    conn = await asyncpg.connect(database_url)
    try:
        stored = int(await conn.fetchval("SELECT count(*) FROM events"))
    finally:
        await conn.close()
    return result, stored


async def bench_baseline(database_url: str, *, connections: int, seconds: float) -> LoadResult:
    port = free_port()
    env = etp_env(database_url, BASELINE_DSN=database_url)
    with uvicorn_process("bench.baseline_ingest:app", port, env) as url:
        await wait_until_listening(url, "/hooks/x")
        say(f"baseline: driving with {connections} connections for {seconds:.0f} s")
        return await drive(
            url,
            "/hooks/baseline",
            PAYLOAD,
            connections=connections,
            seconds=seconds,
            server_pid=server_pid(url),
        )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    database_url = await fresh_database("etp_bench")
    ours, stored = await bench_ours(
        database_url, connections=args.connections, seconds=args.seconds
    )
    baseline = await bench_baseline(
        database_url, connections=args.connections, seconds=args.seconds
    )

    throughput = ours.rps / baseline.rps
    p99 = ours.p99_ms / baseline.p99_ms
    accepted = ours.statuses.get(202, 0)
    print()
    print(
        f"hook ingest, {args.connections} connections, {args.seconds:.0f} s each (+{WARMUP_SECONDS:.0f} s warm-up)"
    )
    print(table_head())
    print(table_row("etp", ours))
    print(table_row("baseline", baseline))
    print(
        f"throughput ratio (etp/baseline): {throughput:.2f}x  goal >= 1.0x  {'PASS' if throughput >= 1.0 else 'FAIL'}"
    )
    print(
        f"p99 ratio (etp/baseline):        {p99:.2f}x  goal <= 2.0x  {'PASS' if p99 <= 2.0 else 'FAIL'}"
    )
    # Warm-up responses are stored too, so the table holds at least every counted 202.
    print(f"events stored by etp: {stored} (counted 202s: {accepted}; warm-up adds the rest)")


if __name__ == "__main__":
    run_dropping(main(), "etp_bench")
