"""Three `etp worker` processes sharing 200 every-second schedules: how late each firing is
written, and that none is missing or written twice (moved here from the test suite: timings
are benches, tests/workers/test_scheduler_processes.py keeps the correctness half).

    python -m bench.scheduler_workers [--workers 3] [--triggers 200] [--seconds 10]

A bench database of its own (etp_bench_scheduler_workers, dropped at the end); the workers run
as shipped (`etp worker`), each waited for on its /readyz before the triggers are created.
Goal (the old test's bound): p99 lateness (fired_at - scheduled_for) under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from bench.harness import ROOT, etp, etp_env, free_port, fresh_database, run_dropping, say
from core.platform.settings import Settings
from core.storage import database as db
from core.triggers.definitions import ScheduledTriggerInput, create_scheduled_trigger
from core.triggers.schedules import ScheduleInput

DATABASE = "etp_bench_scheduler_workers"


@contextlib.asynccontextmanager
async def workers(env: dict[str, str], count: int) -> AsyncIterator[None]:
    ports = [free_port() for _ in range(count)]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "etp.cli",
            "worker",
            env={**env, "WORKER_HEALTH_PORT": str(port)},
            cwd=ROOT,
        )
        for port in ports
    ]
    try:
        async with httpx.AsyncClient(timeout=1) as client:
            for port in ports:
                for _ in range(600):
                    with contextlib.suppress(httpx.TransportError):
                        if (await client.get(f"http://127.0.0.1:{port}/readyz")).is_success:
                            break
                    await asyncio.sleep(0.1)
        yield
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):  # one that died on its own
                process.terminate()
        await asyncio.wait_for(asyncio.gather(*(p.wait() for p in processes)), 30)


async def main(args: argparse.Namespace) -> None:
    url = await fresh_database(DATABASE)
    env = etp_env(url)
    etp("migrate", env=env)
    await db.open_database(Settings(database_url=url, database_pool_size=2))
    try:
        async with workers(env, args.workers):
            say(f"{args.workers} workers ready; creating {args.triggers} triggers")
            for n in range(args.triggers):
                await create_scheduled_trigger(
                    ScheduledTriggerInput(
                        name=f"tick-{n:03d}", schedule=ScheduleInput(every_seconds=1)
                    ),
                    now=datetime.now(UTC),
                )
            await asyncio.sleep(args.seconds)
    finally:
        await db.close_database()
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT trigger_id, scheduled_for, fired_at FROM events WHERE source = 'SCHEDULE'"
            " ORDER BY scheduled_for"
        )
    finally:
        await conn.close()
    times: dict[str, list[datetime]] = defaultdict(list)
    for row in rows:
        times[str(row["trigger_id"])].append(row["scheduled_for"])
    duplicates = sum(len(t) - len(set(t)) for t in times.values())
    missing = sum(
        (max(t) - min(t)) // timedelta(seconds=1) + 1 - len(set(t)) for t in times.values()
    )
    late = sorted((row["fired_at"] - row["scheduled_for"]).total_seconds() for row in rows)
    p99 = late[len(late) * 99 // 100] if late else float("nan")
    print()
    print(
        f"{args.workers} workers, {args.triggers} every-second triggers, {args.seconds:g} s:"
        f" {len(rows)} firings, {len(times)} triggers fired, {missing} missing,"
        f" {duplicates} duplicates"
    )
    if late:
        print(
            f"lateness ms: p50 {statistics.median(late) * 1000:.0f}  p99 {p99 * 1000:.0f}"
            f"  max {late[-1] * 1000:.0f}  goal p99 < 1000  {'PASS' if p99 < 1 else 'FAIL'}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--triggers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    run_dropping(main(parser.parse_args()), DATABASE)
