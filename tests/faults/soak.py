"""The longer run for docs/reliability.md: every fault of issue 12 in sequence on ONE cluster
(2 `etp api`, 2 `etp worker`, throwaway Postgres and Redis) under steady load, so that a process a
fault left broken meets the next fault broken, as it would in production.

    .venv/bin/python -m tests.faults.soak [--rate 50] [--settle 20] [--rounds 1] [--fault NAME ...]

Prints the table for docs/reliability.md and every broken promise; exits 1 if any."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from tests.faults.scenario import TABLE_HEADER, Fault, FaultReport, run_faults
from tests.faults.servers import ThrowawayPostgres, ThrowawayRedis, start_cluster


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.faults.soak", description=__doc__)
    parser.add_argument("--rate", type=float, default=50.0, help="hooks per second (default 50)")
    parser.add_argument(
        "--settle", type=float, default=20.0, help="seconds of load between faults (default 20)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="times through every fault")
    parser.add_argument(
        "--fault",
        action="append",
        choices=[fault.name.lower() for fault in Fault],
        help="only these faults (repeatable; default all)",
    )
    return parser


async def soak(faults: list[Fault], rate: float, settle: float) -> list[FaultReport]:
    postgres = ThrowawayPostgres()
    redis_server = ThrowawayRedis()
    try:
        cluster = await start_cluster(postgres, redis_server, "faults_soak")
        try:
            result = await run_faults(cluster, faults, rate=rate, warm_up=settle, settle=settle)
        finally:
            await cluster.stop()
    finally:
        redis_server.close()
        postgres.close()
    return [*result.reports, result.overall]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    chosen = [Fault[name.upper()] for name in args.fault] if args.fault else list(Fault)
    started = time.monotonic()
    reports = asyncio.run(soak(chosen * args.rounds, args.rate, args.settle))
    *per_fault, overall = reports
    survived = sum(1 for report in per_fault if not report.failures)
    print(
        f"\n{survived} of {len(per_fault)} faults survived; {args.rate:.0f} hooks/s, "
        f"{args.settle:.0f} s between faults, {time.monotonic() - started:.0f} s in all; "
        f"schedules, subscriber and workers over the whole run: "
        f"{'ok' if not overall.failures else 'FAILED'}\n"
    )
    print(TABLE_HEADER)
    for report in per_fault:
        print(report.row())
    print()
    for report in per_fault:
        print(f"- {report.details()}")
    broken = [(report.fault, failure) for report in reports for failure in report.failures]
    if broken:
        print("\nBroken promises:")
        for fault, failure in broken:
            print(f"- {fault}: {failure}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
