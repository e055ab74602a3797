"""One fault-injection run: a cluster under load, faults injected one after another, then every
promise of issue 12 checked against what the clients saw and what Postgres holds.

Shared by the pytest suite (one fault per test) and `python -m tests.faults.soak` (all faults in
sequence on one cluster, longer)."""

from __future__ import annotations

import asyncio
import enum
import itertools
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from tests.faults.drivers import Attempt, HookDriver, Probe, ReadinessProbe, ResumingSubscriber
from tests.faults.servers import Cluster

RECOVERY_SECONDS = 5.0  # the bound: serving and ready again within 5 s of the fault's end
# A process "cannot serve" once its hooks have failed for this long without a success.
FAILING_STREAK_SECONDS = 1.0
# The scheduler's tick and the insert take time; fired_at may pass the grace by this much.
LATENESS_SLACK_SECONDS = 1.5
# every-second triggers and their misfire grace (None: the default, 60 s)
SCHEDULE_GRACES: tuple[int | None, ...] = (None, 10, 3)


class Fault(enum.Enum):
    POSTGRES_FAST_RESTART = "postgres fast restart"
    POSTGRES_IMMEDIATE_RESTART = "postgres immediate (crash) restart"
    POSTGRES_DOWN_30S = "postgres down 30 s"
    REDIS_DOWN_10S = "redis down 10 s"
    REDIS_DOWN_90S = "redis down 90 s"
    KILL_API = "kill -9 of an API process"
    KILL_WORKER = "kill -9 of a worker"


@dataclass
class Window:
    fault: Fault
    start: float
    end: float
    end_wall: datetime
    killed: list[str] = field(default_factory=list)  # processes restarted on purpose


async def inject(fault: Fault, cluster: Cluster) -> Window:
    """Applies the fault and returns when it is over (servers back, killed process restarted)."""
    start = time.monotonic()
    killed: list[str] = []
    match fault:
        case Fault.POSTGRES_FAST_RESTART:
            await asyncio.to_thread(cluster.postgres.restart, "fast")
        case Fault.POSTGRES_IMMEDIATE_RESTART:
            await asyncio.to_thread(cluster.postgres.restart, "immediate")
        case Fault.POSTGRES_DOWN_30S:
            await asyncio.to_thread(cluster.postgres.stop, "fast")
            await asyncio.sleep(30)
            await asyncio.to_thread(cluster.postgres.start)
        case Fault.REDIS_DOWN_10S | Fault.REDIS_DOWN_90S:
            await asyncio.to_thread(cluster.redis.stop)
            await asyncio.sleep(10 if fault is Fault.REDIS_DOWN_10S else 90)
            await asyncio.to_thread(cluster.redis.start)
        case Fault.KILL_API:
            api = cluster.apis[0]
            await api.kill()
            await asyncio.sleep(2)  # a supervisor notices and restarts it
            await api.start()
            await api.wait_alive()
            killed.append("api 0")
        case Fault.KILL_WORKER:
            worker = cluster.workers[0]
            await worker.kill()
            await asyncio.sleep(3)
            await worker.start()
            killed.append("worker 0")
    return Window(fault, start, time.monotonic(), datetime.now(UTC), killed)


@dataclass
class ScheduledTrigger:
    id: str
    grace: int | None
    first_fire_at: datetime


async def _gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


async def create_triggers(cluster: Cluster) -> tuple[str, list[ScheduledTrigger]]:
    """An API trigger (its hook path) and every-second scheduled triggers."""
    async with httpx.AsyncClient(
        base_url=cluster.apis[0].base_url, headers={"X-API-Key": cluster.api_key}, timeout=30
    ) as client:
        data = await _gql(
            client,
            "mutation($i: CreateApiTriggerInput!) { createApiTrigger(input: $i) {"
            " trigger { hookUrl } errors { code message } } }",
            {"i": {"name": "fault-hooks", "apiSchema": {"seq": "int"}}},
        )
        url = data["createApiTrigger"]["trigger"]["hookUrl"]
        scheduled = []
        for n, grace in enumerate(SCHEDULE_GRACES):
            data = await _gql(
                client,
                "mutation($i: CreateScheduledTriggerInput!) { createScheduledTrigger(input: $i) {"
                " trigger { id nextFireAt } errors { code message } } }",
                {
                    "i": {
                        "name": f"fault-tick-{n}",
                        "schedule": {"everySeconds": 1},
                        "misfireGraceSeconds": grace,
                    }
                },
            )
            trigger = data["createScheduledTrigger"]["trigger"]
            scheduled.append(
                ScheduledTrigger(
                    trigger["id"], grace, datetime.fromisoformat(trigger["nextFireAt"])
                )
            )
    return url[url.index("/hooks/") :], scheduled


@dataclass
class FaultReport:
    """Figures for one fault and every broken promise, each with the numbers behind it."""

    fault: str
    requests: int = 0  # HTTP attempts
    logical: int = 0  # distinct Idempotency-Keys
    acknowledged: int = 0
    stored: int = 0
    duplicated: int = 0
    lost: int = 0
    server_errors: int = 0
    server_errors_plain: int = 0
    shed: int = 0  # requests the load generator did not send (in-flight bound, or starved)
    recovery_seconds: float | None = None  # worst API process: fault end to its first 202
    ready_seconds: float | None = None  # worst API process: fault end to /readyz 200
    failures: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def details(self) -> str:
        return (
            f"{self.fault}: {self.logical} requests (Idempotency-Keys) in {self.requests} attempts,"
            f" {self.acknowledged} acknowledged, {self.stored} stored, {self.lost} lost,"
            f" {self.duplicated} duplicated, {self.server_errors} 5xx"
            f" ({self.server_errors_plain} without problem+json), {self.shed} not sent"
            " (the load generator's bound, or it got no CPU)"
        )

    def row(self) -> str:
        def seconds(value: float | None) -> str:
            return "never" if value is None else f"{value:.1f} s"

        return (
            f"| {self.fault} | {'yes' if not self.failures else 'NO'} | {self.requests} "
            f"| {self.acknowledged} | {self.stored} | {self.duplicated} | {self.server_errors} "
            f"| {seconds(self.recovery_seconds)} | {seconds(self.ready_seconds)} |"
        )


TABLE_HEADER = (
    "| fault | survived | requests | acknowledged | stored | duplicated | 5xx "
    "| recovery (first 202) | ready again |\n|---|---|---|---|---|---|---|---|---|"
)


@dataclass
class RunResult:
    reports: list[FaultReport]
    overall: FaultReport  # schedule, subscriber and process checks over the whole run


@dataclass
class Observations:
    driver: HookDriver
    readiness: ReadinessProbe
    subscriber: ResumingSubscriber
    subscriber_caught_up: bool
    exits: list[tuple[str, float, int]]  # processes that exited by themselves: name, when, code


async def run_faults(
    cluster: Cluster,
    faults: list[Fault],
    *,
    rate: float = 30.0,
    warm_up: float = 3.0,
    settle: float = 8.0,
) -> RunResult:
    hook_path, scheduled = await create_triggers(cluster)
    urls = [api.base_url for api in cluster.apis]
    driver = HookDriver(urls, hook_path, rate)
    readiness = ReadinessProbe(urls)
    subscriber = ResumingSubscriber(urls, cluster.api_key)
    tasks = [asyncio.create_task(x.run()) for x in (driver, readiness, subscriber)]
    watching = asyncio.Event()
    tasks.append(asyncio.create_task(cluster.watch(watching)))
    windows: list[Window] = []
    boundaries = [time.monotonic()]
    try:
        await asyncio.sleep(warm_up)
        for fault in faults:
            boundaries.append(time.monotonic())
            windows.append(await inject(fault, cluster))
            await asyncio.sleep(settle)
        driver.stop()
        await tasks[0]
        # Workers stop before the log and the schedule are read, so that they hold still.
        await asyncio.gather(*(w.stop() for w in cluster.workers))
        latest = await _latest_event_id(cluster)
        caught_up = await subscriber.caught_up(latest, within=15)
    finally:
        for runner in (driver, readiness, subscriber):
            runner.stop()
        watching.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    exits = [
        (process.name, when, code)
        for process in cluster.processes
        for when, code in process.unexpected_exits
    ]
    seen = Observations(driver, readiness, subscriber, caught_up, exits)
    boundaries.append(float("inf"))
    conn = await asyncpg.connect(cluster.database_url)
    try:
        stored = await _stored_by_key(conn)
        reports = [
            # requests first sent from this fault's start (the warm-up for the first) to the next's
            _judge_fault(
                window,
                seen,
                stored,
                boundaries[0] if n == 0 else boundaries[n + 1],
                boundaries[n + 2],
                len(urls),
            )
            for n, window in enumerate(windows)
        ]
        overall = FaultReport("whole run")
        await _judge_schedule(conn, scheduled, windows, overall)
        await _judge_subscriber(conn, seen, overall)
    finally:
        await conn.close()
    return RunResult(reports, overall)


async def _latest_event_id(cluster: Cluster) -> int:
    conn = await asyncpg.connect(cluster.database_url)
    try:
        return int(await conn.fetchval("SELECT coalesce(max(id), 0) FROM events"))
    finally:
        await conn.close()


async def _stored_by_key(conn: asyncpg.Connection) -> dict[str, list[int]]:
    rows = await conn.fetch(
        "SELECT idempotency_key, id FROM events WHERE idempotency_key IS NOT NULL"
    )
    by_key: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_key[row["idempotency_key"]].append(row["id"])
    return by_key


def _judge_fault(
    window: Window,
    seen: Observations,
    stored: dict[str, list[int]],
    since: float,
    until: float,
    api_count: int,
) -> FaultReport:
    report = FaultReport(window.fault.value)
    requests = [r for r in seen.driver.requests if since <= r.first_sent < until]
    keys = {r.key for r in requests}
    attempts = [a for a in seen.driver.attempts if since <= a.sent < until]
    report.requests = len(attempts)
    report.shed = sum(1 for t in seen.driver.shed if since <= t < until)
    report.logical = len(requests)
    report.acknowledged = sum(1 for r in requests if r.acked_at is not None)
    report.stored = sum(len(stored.get(key, [])) for key in keys)
    report.duplicated = sum(max(0, len(stored.get(key, [])) - 1) for key in keys)
    wrong_id = [
        r.key
        for r in requests
        if r.event_id is not None and stored.get(r.key) and r.event_id not in stored[r.key]
    ]
    report.lost = sum(1 for r in requests if r.acked_at is not None and not stored.get(r.key))
    unacknowledged = report.logical - report.acknowledged
    if report.lost or report.duplicated or wrong_id:
        report.fail(
            f"every 202 stored once: {report.acknowledged} acknowledged, {report.lost} not "
            f"stored, {report.duplicated} stored twice, {len(wrong_id)} with another event id"
        )
    if unacknowledged:
        report.fail(
            f"{unacknowledged} of {report.logical} requests never got a 202 "
            f"within the retries ({seen.driver.drain_seconds:.0f} s after the load stopped)"
        )
    errors = [a for a in attempts if a.server_error]
    plain = [a for a in errors if not a.problem_json]
    if seen.driver.errors:
        report.fail(f"the hook driver itself failed: {seen.driver.errors[:3]}")
    report.server_errors = len(errors)
    report.server_errors_plain = len(plain)
    if plain:
        statuses = sorted({a.status for a in plain if a.status is not None})
        report.fail(
            f"{len(plain)} of {len(errors)} 5xx answers (statuses {statuses}) had no "
            f"application/problem+json body; first: {plain[0].content_type!r} {plain[0].body!r}"
        )
    _judge_recovery(window, seen, attempts, api_count, report)
    for name, when, code in seen.exits:
        if since <= when < until:
            report.fail(
                f"{name} exited by itself (code {code}) {when - window.start:.1f} s after "
                f"{window.fault.value} began; it should ride through without a restart"
            )
    return report


def _judge_recovery(
    window: Window, seen: Observations, attempts: list[Attempt], api_count: int, report: FaultReport
) -> None:
    recoveries: list[float | None] = []
    readies: list[float | None] = []
    for target in range(api_count):
        mine = [a for a in attempts if a.target == target]
        served = [a.done for a in mine if a.ok and a.sent >= window.end]
        recovery = min(served) - window.end if served else None
        recoveries.append(recovery)
        if recovery is None or recovery > RECOVERY_SECONDS:
            failing = sum(1 for a in mine if a.sent >= window.end and not a.ok)
            report.fail(
                f"api {target} did not serve within {RECOVERY_SECONDS:.0f} s of the fault's end: "
                f"first 202 after {_seconds(recovery)}, {failing} failed attempts after the end"
                f"{_sample(mine, window.end)}"
            )
        probes = [p for p in seen.readiness.probes if p.target == target and p.done >= window.start]
        ready = [p.done for p in probes if p.status == 200 and p.done >= window.end]
        readies.append(min(ready) - window.end if ready else None)
        if not ready or min(ready) - window.end > RECOVERY_SECONDS:
            report.fail(
                f"api {target}: /readyz not 200 within {RECOVERY_SECONDS:.0f} s of the fault's "
                f"end (after {_seconds(readies[-1])})"
            )
        lies = _ready_while_failing(mine, probes)
        if lies:
            first, streak = lies[0]
            report.fail(
                f"api {target}: /readyz answered 200 {len(lies)} times while its hooks were "
                f"failing (first {first.done - window.start:.1f} s after the fault began, "
                f"inside a {streak:.1f} s run of failed hooks)"
            )
    report.recovery_seconds = _worst(recoveries)
    report.ready_seconds = _worst(readies)


def _ready_while_failing(attempts: list[Attempt], probes: list[Probe]) -> list[tuple[Probe, float]]:
    """Readiness probes that said 200 inside a run of failed hooks at least 1 s long."""
    streaks: list[tuple[float, float]] = []
    start: float | None = None
    last = 0.0
    for attempt in sorted(attempts, key=lambda a: a.done):
        if attempt.ok:
            if start is not None and last - start >= FAILING_STREAK_SECONDS:
                streaks.append((start, last))
            start = None
        else:
            start = attempt.done if start is None else start
            last = attempt.done
    if start is not None and last - start >= FAILING_STREAK_SECONDS:
        streaks.append((start, last))
    return [
        (probe, end - begin)
        for probe in probes
        if probe.status == 200
        for begin, end in streaks
        # half a second in: a probe answered just before the first failure is not a lie
        if begin + 0.5 <= probe.done <= end
    ]


async def _judge_schedule(
    conn: asyncpg.Connection,
    scheduled: list[ScheduledTrigger],
    windows: list[Window],
    report: FaultReport,
) -> None:
    duplicates = await conn.fetchval(
        "SELECT count(*) FROM (SELECT 1 FROM events WHERE scheduled_for IS NOT NULL"
        " GROUP BY trigger_id, scheduled_for HAVING count(*) > 1) d"
    )
    if duplicates:
        report.fail(f"{duplicates} (trigger, scheduledFor) pairs fired more than once")
    for trigger in scheduled:
        row = await conn.fetchrow(
            "SELECT next_fire_at, missed_firings FROM triggers WHERE id = $1::uuid", trigger.id
        )
        fired = await conn.fetch(
            "SELECT scheduled_for, fired_at FROM events WHERE trigger_id = $1::uuid", trigger.id
        )
        expected: set[datetime] = set()
        due = trigger.first_fire_at
        while due < row["next_fire_at"]:
            expected.add(due)
            due += timedelta(seconds=1)
        times = {r["scheduled_for"] for r in fired}
        missing = len(expected - times)
        unexpected = len(times - expected)
        grace = 60 if trigger.grace is None else trigger.grace
        late = [
            (r["fired_at"] - r["scheduled_for"]).total_seconds()
            for r in fired
            if (r["fired_at"] - r["scheduled_for"]).total_seconds() > grace + LATENESS_SLACK_SECONDS
        ]
        label = f"every-second trigger with grace {grace} s"
        if missing != row["missed_firings"] or unexpected:
            report.fail(
                f"{label}: {len(expected)} firings due, {len(times)} fired, {missing} not fired "
                f"but missedFirings = {row['missed_firings']}, {unexpected} fired off schedule"
            )
        if late:
            report.fail(
                f"{label}: {len(late)} firings later than the grace (worst {max(late):.1f} s)"
            )
        resumed = [r["fired_at"] for r in fired]
        for window in windows:
            after = [t for t in resumed if t >= window.end_wall]
            first = min(after) if after else None
            if first is None or first - window.end_wall > timedelta(seconds=RECOVERY_SECONDS):
                lag = None if first is None else (first - window.end_wall).total_seconds()
                report.fail(
                    f"{label}: no firing within {RECOVERY_SECONDS:.0f} s after "
                    f"{window.fault.value} ended (first after {_seconds(lag)})"
                )


async def _judge_subscriber(
    conn: asyncpg.Connection, seen: Observations, report: FaultReport
) -> None:
    subscriber = seen.subscriber
    in_db = [r["id"] for r in await conn.fetch("SELECT id FROM events ORDER BY id")]
    received = subscriber.received
    duplicates = len(received) - len(set(received))
    missing = sorted(set(in_db) - set(received))
    foreign = sorted(set(received) - set(in_db))
    disorder = sum(1 for a, b in itertools.pairwise(received) if b <= a)
    if duplicates or missing or foreign or disorder or not seen.subscriber_caught_up:
        report.fail(
            f"resuming subscriber: {len(received)} received of {len(in_db)} stored, "
            f"{len(missing)} missing (first {missing[:5]}), {duplicates} duplicates, "
            f"{len(foreign)} not in the database, {disorder} out of order, "
            f"{subscriber.reconnects} reconnects; last errors {subscriber.errors[-3:]}"
        )


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def _worst(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return None if not known or len(known) < len(values) else max(known)


def _sample(attempts: list[Attempt], since: float) -> str:
    failed = [a for a in attempts if a.sent >= since and not a.ok]
    if not failed:
        return ""
    last = failed[-1]
    return f"; last failure: {last.status} {last.content_type!r} {last.body[:120]!r}"


def default_rate() -> float:
    return float(os.environ.get("ETP_FAULTS_RATE", "30"))
