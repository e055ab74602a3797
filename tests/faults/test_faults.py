"""Issue 12's fault-injection suite: each fault once, through real `etp api` and `etp worker`
processes on a throwaway Postgres and Redis, under hooks with retries, every-second triggers and a
resuming subscriber. A failure lists every broken promise with its figures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _unavailable
from tests.faults.scenario import TABLE_HEADER, Fault, default_rate, run_faults
from tests.faults.servers import ServerUnavailable, ThrowawayPostgres, ThrowawayRedis, start_cluster

pytestmark = [pytest.mark.faults, pytest.mark.slow]


@pytest.fixture(scope="module")
def throwaway_servers() -> Iterator[tuple[ThrowawayPostgres, ThrowawayRedis]]:
    try:
        postgres = ThrowawayPostgres()
    except ServerUnavailable as error:
        _unavailable(f"the embedded Postgres wheel cannot start a server here: {error}")
    try:
        redis_server = ThrowawayRedis()
    except BaseException:
        postgres.close()
        raise
    try:
        yield postgres, redis_server
    finally:
        redis_server.close()
        postgres.close()


@pytest.mark.parametrize("fault", list(Fault), ids=[fault.name.lower() for fault in Fault])
async def test_platform_rides_through(
    throwaway_servers: tuple[ThrowawayPostgres, ThrowawayRedis], fault: Fault
) -> None:
    postgres, redis_server = throwaway_servers
    cluster = await start_cluster(postgres, redis_server, f"faults_{fault.name.lower()}")
    try:
        result = await run_faults(cluster, [fault], rate=default_rate())
    finally:
        await cluster.stop()
    report = result.reports[0]
    report.failures += result.overall.failures  # one fault: the whole run is this fault's
    summary = f"{TABLE_HEADER}\n{report.row()}\n{report.details()}\n{cluster.log_summary()}"
    print(f"\n{summary}")
    if report.failures:
        pytest.fail(
            "\n".join([summary, *(f"- {failure}" for failure in report.failures)]), pytrace=False
        )
