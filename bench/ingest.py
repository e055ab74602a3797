"""Hook ingest: POST /hooks/{token} through the real app, every guard on, vs. two baselines.

    python -m bench.ingest [--seconds 4] [--rounds 4] [--connections 64] [--profile OUT]
    python -m bench.ingest --guards [--seconds 3] [--rounds 4]   # each guard's cost: on/off pairs

Three servers, each one uvicorn worker process started the same way (bench/serve.py), all up at
once and driven one at a time in windows (ABC CBA ..., so that all three meet the same
background load on a shared machine), with the same payload and connections:
- etp as shipped: every guard on, each limit set far above the load (bench/harness.py
  ABOVE_THE_LOAD); the settings it runs with are printed;
- raw: a bare Starlette endpoint doing one asyncpg INSERT per request (bench/baseline_ingest.py);
- ceiling: a bare Starlette endpoint that parses the JSON and answers 202, no I/O
  (bench/ceiling_ingest.py): what this stack serves at most.
Goals (issue 19): etp >= 1.3x raw's hooks/s with p99 <= 1.0x raw's; moonshot 0.5x the ceiling.

With --guards: for each hook-path guard, etp with it on and etp with it off
(bench/guard_switches.py), both servers up at once and driven in turn in short windows (ABBA),
so that both meet the same background load; each side's windows pooled.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

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

PAYLOAD = json.dumps({"amount": 12.5, "currency": "EUR", "user_id": 7}).encode()
SCHEMA = {"amount": "float", "currency": "str", "user_id": "int"}
# The guards on a hook's path, in the order the pairs run.
HOOK_GUARDS = (
    "hook_rate_limit",
    "access_log",
    "metrics",
    "validation",
    "body_limits",
    "live_publish",
)
ETP_APP = "api.asgi:create_app_from_env"
SWITCHED_APP = "bench.guard_switches:create_app_from_env"


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


@contextlib.asynccontextmanager
async def etp_server(
    database_url: str, *, guard_off: str | None = None
) -> AsyncIterator[tuple[str, str, int]]:
    """The real app, every guard on (or all but `guard_off`), with an API trigger of its own:
    its url, the trigger's hook path and the server's pid."""
    env = etp_env(database_url, **env_with_off(guard_off))
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    port = free_port()
    app = ETP_APP if guard_off is None else SWITCHED_APP
    with uvicorn_process(app, port, {**env, "PORT": str(port)}, factory=True) as url:
        await wait_until_listening(url)
        path = await create_trigger(url, key, name=f"bench-{time.time_ns()}")
        what = "every guard on" if guard_off is None else guard_off + " off"
        say(f"etp ({what}): {effective_settings(env)}")
        yield url, path, server_pid(url)


async def bench_ours(
    database_url: str,
    *,
    connections: int,
    seconds: float,
    bodies: Sequence[bytes] = (PAYLOAD,),
    guard_off: str | None = None,
    profile: Path | None = None,
) -> tuple[LoadResult, int]:
    async with etp_server(database_url, guard_off=guard_off) as (url, path, pid):
        say(
            f"etp: driving {path[:20]}... with {connections} connections for {seconds:.0f} s,"
            f" load {load_average()}"
        )
        logged = access_log_lines(url)
        sampler = (
            None if profile is None else profiling.start(pid, seconds + WARMUP_SECONDS, profile)
        )
        result = await drive(
            url, path, bodies, connections=connections, seconds=seconds, server_pid=pid
        )
        if sampler is not None:
            sampler.wait(timeout=30)
        result.access_log_lines = access_log_lines(url) - logged
    conn = await asyncpg.connect(database_url)
    try:
        stored = int(await conn.fetchval("SELECT count(*) FROM events"))
    finally:
        await conn.close()
    return result, stored


@contextlib.contextmanager
def bare_server(app: str, database_url: str) -> Iterator[str]:
    """A baseline or ceiling app, started as etp is (bench/serve.py)."""
    port = free_port()
    with uvicorn_process(app, port, etp_env(database_url, BASELINE_DSN=database_url)) as url:
        yield url


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


async def compare(
    database_url: str,
    *,
    connections: int,
    seconds: float,
    rounds: int,
    profile: Path | None = None,
) -> None:
    started_load = load_average()
    with (
        bare_server("bench.baseline_ingest:app", database_url) as raw_url,
        bare_server("bench.ceiling_ingest:app", database_url) as ceiling_url,
    ):
        async with etp_server(database_url) as (url, path, pid):
            for bare in (raw_url, ceiling_url):
                await wait_until_listening(bare, "/hooks/x")
            targets = [
                Target(url, path, [PAYLOAD], pid),
                Target(raw_url, "/hooks/baseline", [PAYLOAD], server_pid(raw_url)),
                Target(ceiling_url, "/hooks/baseline", [PAYLOAD], server_pid(ceiling_url)),
            ]
            ours, raw, ceiling = await etp_raw_ceiling_in_turn(
                targets, connections=connections, seconds=seconds, rounds=rounds, profile=profile
            )
    conn = await asyncpg.connect(database_url)
    try:
        stored = int(await conn.fetchval("SELECT count(*) FROM events"))
    finally:
        await conn.close()
    throughput = ours.rps / raw.rps
    p99 = ours.p99_ms / raw.p99_ms
    of_ceiling = ours.rps / ceiling.rps
    print()
    print(
        f"hook ingest, every guard on, {connections} connections; the three servers up at once,"
        f" driven in turn: {rounds} windows of {seconds:.0f} s each (ABC CBA ...) after"
        f" {WARMUP_SECONDS:.0f} s of warm-up each; load average {started_load} before,"
        f" {load_average()} after"
    )
    print(table_head())
    print(table_row("etp", ours))
    print(table_row("raw INSERT", raw))
    print(table_row("ceiling", ceiling))
    print(f"throughput etp/raw:      {throughput:.2f}x  goal >= 1.3x  {verdict(throughput >= 1.3)}")
    print(f"p99 etp/raw:             {p99:.2f}x  goal <= 1.0x  {verdict(p99 <= 1.0)}")
    print(
        f"throughput etp/ceiling:  {of_ceiling:.2f}x  moonshot >= 0.5x  {verdict(of_ceiling >= 0.5)}"
    )
    print(f"raw/ceiling:             {raw.rps / ceiling.rps:.2f}x")
    print(
        "server CPU per request etp/raw, etp/ceiling:"
        f" {ours.cpu_us_per_request / raw.cpu_us_per_request:.2f}x,"
        f" {ours.cpu_us_per_request / ceiling.cpu_us_per_request:.2f}x"
    )
    # Warm-up responses are stored too, so the table holds at least every counted 202.
    accepted = ours.statuses.get(202, 0)
    print(f"events stored by etp: {stored} (counted 202s: {accepted}; warm-up adds the rest)")
    print(f"access log lines written by etp (warm-up included): {ours.access_log_lines}")
    if profile is not None:
        print(f"\nprofile of the etp server (py-spy), collapsed stacks in {profile}:")
        print(profiling.summary(profile))


async def guard_costs(database_url: str, *, connections: int, seconds: float, rounds: int) -> None:
    started_load = load_average()
    rows = []
    for guard in HOOK_GUARDS:
        async with (
            etp_server(database_url) as (on_url, on_path, on_pid),
            etp_server(database_url, guard_off=guard) as (off_url, off_path, off_pid),
        ):
            say(f"{guard}: on/off in turn, {rounds} x {seconds:.0f} s each, load {load_average()}")
            on, off = await interleaved(
                [
                    Target(on_url, on_path, [PAYLOAD], on_pid),
                    Target(off_url, off_path, [PAYLOAD], off_pid),
                ],
                connections=connections,
                seconds=seconds,
                rounds=rounds,
            )
        rows.append((guard, on, off))
    print()
    print(
        f"hook ingest, guard on/off pairs (both servers up, driven in turn: {rounds} windows of"
        f" {seconds:.0f} s each, ABBA), {connections} connections;"
        f" load average {started_load} before, {load_average()} after"
    )
    print(guard_table(rows))


def guard_table(rows: list[tuple[str, LoadResult, LoadResult]]) -> str:
    """One line per guard: requests/s, p99 and server CPU per request with it on and off."""
    lines = [
        f"{'guard':<16} {'on req/s':>9} {'off req/s':>9} {'on/off':>7} {'p99 on':>8}"
        f" {'p99 off':>8} {'us/req on':>10} {'us/req off':>10} {'us/req diff':>11}"
    ]
    for guard, on, off in rows:
        lines.append(
            f"{guard:<16} {on.rps:>9.0f} {off.rps:>9.0f} {on.rps / off.rps:>6.2f}x"
            f" {on.p99_ms:>8.1f} {off.p99_ms:>8.1f} {on.cpu_us_per_request:>10.0f}"
            f" {off.cpu_us_per_request:>10.0f}"
            f" {on.cpu_us_per_request - off.cpu_us_per_request:>11.0f}"
        )
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=None, help="seconds per window: 4, or 3 with --guards"
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--guards", action="store_true", help="on/off pairs, one per guard")
    parser.add_argument("--rounds", type=int, default=4, help="windows per side")
    parser.add_argument(
        "--profile", type=Path, help="sample the etp server with py-spy into this file, summarise"
    )
    args = parser.parse_args()
    database_url = await fresh_database("etp_bench")
    if args.guards:
        await guard_costs(
            database_url,
            connections=args.connections,
            seconds=args.seconds or 3.0,
            rounds=args.rounds,
        )
    else:
        await compare(
            database_url,
            connections=args.connections,
            seconds=args.seconds or 4.0,
            rounds=args.rounds,
            profile=args.profile,
        )


if __name__ == "__main__":
    run_dropping(main(), "etp_bench")
