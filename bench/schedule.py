"""Schedules at scale: 10,000 triggers due every minute and a burst of 10,000 due in one second,
fired by 2 worker processes; arq's own cron() lateness on this machine as the reference.

    python -m bench.schedule [--triggers 10000] [--burst 10000] [--workers 2]

Prints the lateness distribution (committed minus scheduled time), duplicates and misses.
Goal (issue 3): p99 lateness under 1 s, zero duplicates, zero misses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import asyncpg
import redis.asyncio as aioredis

from bench.arq_reference import LATENESS_KEY, QUEUE_NAME
from bench.harness import REDIS_URL, ROOT, etp, etp_env, fresh_database, run_dropping, say

ARQ_SECONDS = 20


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    ordered = sorted(values)
    pick = lambda p: ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]  # noqa: E731
    return f"p50 {pick(50):7.1f} ms   p99 {pick(99):7.1f} ms   max {ordered[-1]:7.1f} ms   n={len(ordered)}"


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen([sys.executable, "-m", "etp.cli", "worker"], env=env, cwd=ROOT)
        for _ in range(count)
    ]


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


async def insert_triggers(
    conn: asyncpg.Connection, prefix: str, count: int, schedule: dict[str, object], due: datetime
) -> None:
    await conn.execute(
        "INSERT INTO triggers (id, name, kind, schedule, payload, paused, misfire_grace_seconds,"
        " missed_firings, next_fire_at, created_at, updated_at)"
        " SELECT gen_random_uuid(), $1 || '-' || lpad(n::text, 5, '0'), 'SCHEDULED', $2::jsonb,"
        " jsonb_build_object('n', n), false, 60, 0, $3, now(), now()"
        " FROM generate_series(1, $4) AS n",
        prefix,
        json.dumps(schedule),
        due,
        count,
    )


async def bench_etp(args: argparse.Namespace) -> None:
    database_url = await fresh_database("etp_bench_schedule")
    env = etp_env(database_url)
    etp("migrate", env=env)
    workers = start_workers(args.workers, env)
    conn = await asyncpg.connect(database_url)
    try:
        now = datetime.now(UTC)
        minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        # The burst lands mid-minute, away from the every-minute firings.
        burst_at = (
            minute + timedelta(seconds=30)
            if (minute - now).total_seconds() < 40
            else minute - timedelta(seconds=30)
        )
        await insert_triggers(
            conn, "minutely", args.triggers, {"cron": "* * * * *", "timezone": "UTC"}, minute
        )
        await insert_triggers(
            conn, "burst", args.burst, {"at": burst_at.isoformat(), "timezone": "UTC"}, burst_at
        )
        # One trigger every second throughout: its median is the quiet-time lateness, the figure
        # comparable with arq's single cron job below.
        await insert_triggers(conn, "solo", 1, {"every_seconds": 1, "timezone": "UTC"}, minute)
        end = minute + timedelta(minutes=1, seconds=5)
        say(
            f"{args.triggers} every-minute triggers due at {minute:%H:%M:%S} and {minute + timedelta(minutes=1):%H:%M:%S}; "
            f"{args.burst} one-offs at {burst_at:%H:%M:%S}; {args.workers} workers; waiting until {end:%H:%M:%S}"
        )
        while datetime.now(UTC) < end:
            await asyncio.sleep(5)
            fired = await conn.fetchval("SELECT count(*) FROM events")
            say(f"  {fired} firings committed")
        stop(workers)
        rows = await conn.fetch(
            "SELECT t.name LIKE 'burst-%' AS burst, t.name LIKE 'solo-%' AS solo,"
            " extract(epoch FROM e.fired_at - e.scheduled_for) * 1000 AS late_ms"
            " FROM events e JOIN triggers t ON t.id = e.trigger_id"
        )
        duplicates = await conn.fetchval(
            "SELECT count(*) - count(DISTINCT (trigger_id, scheduled_for)) FROM events"
        )
        expected = args.triggers * 2 + args.burst
        solo_expected = await conn.fetchval(
            "SELECT count(*) FROM events e JOIN triggers t ON t.id = e.trigger_id WHERE t.name LIKE 'solo-%'"
        )
        missed = await conn.fetchval("SELECT coalesce(sum(missed_firings), 0) FROM triggers")
    finally:
        await conn.close()
        for process in workers:
            if process.poll() is None:
                process.kill()
    solo = [float(r["late_ms"]) for r in rows if r["solo"]]
    rows = [r for r in rows if not r["solo"]]
    minutely = [float(r["late_ms"]) for r in rows if not r["burst"]]
    burst = [float(r["late_ms"]) for r in rows if r["burst"]]
    print()
    print(f"etp, {args.workers} worker processes")
    print(f"  every-minute x{args.triggers}: {percentiles(minutely)}")
    print(f"  burst x{args.burst}:        {percentiles(burst)}")
    print(f"  all:                 {percentiles(minutely + burst)}")
    print(f"  one every-second trigger alongside ({solo_expected} firings): {percentiles(solo)}")
    print(
        f"  duplicates: {duplicates}   misses: {expected - len(rows)} (expected {expected}, missedFirings {missed})"
    )
    p99 = sorted(minutely + burst)[int(0.99 * len(rows))] if rows else float("inf")
    print(
        f"  goal p99 < 1000 ms, 0 duplicates, 0 misses: "
        f"{'PASS' if p99 < 1000 and duplicates == 0 and expected == len(rows) else 'FAIL'}"
    )


async def forget_arq_jobs(redis: aioredis.Redis) -> None:
    """The reference's queue, its jobs' keys and its samples (its own Redis database)."""
    jobs = [key async for key in redis.scan_iter(match="arq:*cron:tick:*", count=1000)]
    await redis.delete(LATENESS_KEY, QUEUE_NAME, *jobs)


async def bench_arq() -> None:
    redis = aioredis.Redis.from_url(REDIS_URL)
    # arq keeps the next cron job queued after its worker stops: left there, this run would start
    # by running the last run's job minutes late and report that as arq's lateness.
    await forget_arq_jobs(redis)
    say(f"arq reference: cron() every second for {ARQ_SECONDS} s")
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "arq",
        "bench.arq_reference.WorkerSettings",
        cwd=ROOT,
        env={**os.environ, "BENCH_REDIS_URL": REDIS_URL},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    await asyncio.sleep(ARQ_SECONDS)
    worker.send_signal(signal.SIGTERM)
    await worker.wait()
    samples = [float(v) for v in await redis.lrange(LATENESS_KEY, 0, -1)]
    await forget_arq_jobs(redis)
    await redis.aclose()
    print(f"arq cron() reference, 1 worker: {percentiles(samples)}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triggers", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    await bench_etp(args)
    await bench_arq()


if __name__ == "__main__":
    run_dropping(main(), "etp_bench_schedule")
