"""Retention at scale: a large event table, its clean-up pass, and what both cost the API.

    python -m bench.retention [--events 10000000] [--hours 50] [--seconds 10] [--passes 5]

Seeds N events spread evenly over the last H hours (5 API triggers, ids growing with fired_at),
with the retention window set to H-1 hours so that exactly the oldest hour is past retention.
Then measures, against the real API in one uvicorn worker process:

- table and index size before and after the clean-up passes (and the dead tuples they leave);
- `events(first: 50)` latency, ARCHIVED and ACTIVE, uncached (EVENT_LIST_CACHE=0) and cached
  (EVENT_LIST_CACHE=1), at N rows and at 10,000 rows over the same span, the two databases
  read in alternating blocks;
- hook ingest p99 in windows without a purge, and in windows with a purge pass (core/events/purge.py)
  beside it: --passes passes, each over the then oldest hour and between two windows without,
  compared window by window (the median of each pass window's p99 over its neighbours');
- the purge's bounded DELETE time against DETACH + DROP of the same hour in a scratch table
  partitioned by hour (issue 5 asks to measure both and choose).

Goals (issue 5): ingest p99 during the purge at most 1.2x the p99 without it; uncached
`events(first: 50)` p50 and p99 at N rows at most 1.5x the figures at 10,000 rows.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

import asyncpg
import httpx
import redis.asyncio as aioredis

from bench.harness import (
    REDIS_URL,
    cpu_seconds,
    etp,
    etp_env,
    free_port,
    fresh_database,
    run_dropping,
    say,
    uvicorn_process,
    wait_until_listening,
)
from bench.ingest import PAYLOAD, SCHEMA
from bench.loadgen import LoadResult, build_post, run_load, run_paced
from core.events.purge import PurgeReport, purge_expired
from core.events.retention import RetentionWindows
from core.platform.settings import Settings
from core.storage.database import backend_pid, close_database, open_database

BIG_DATABASE = "etp_bench_retention"
SMALL_DATABASE = "etp_bench_retention_small"
SMALL_EVENTS = 10_000
TRIGGERS = 5
HOUR = 3600
ACTIVE_SECONDS = 2 * HOUR
CHUNK_ROWS = 1_000_000
LISTING_WARMUP = 20
# The two databases are read in alternating blocks, so that both sides sample the same moments
# of a drifting host (just after the big seed, its 3 GB are still being written back to disk),
# and 1,000 requests a side make p99 the 10th-slowest request, not the 3rd.
LISTING_ROUNDS = 10
LISTING_BLOCK = 100
LISTING_REQUESTS = LISTING_ROUNDS * LISTING_BLOCK
PAGE_SIZE = 50
# pg_size_pretty's convention: 1 MB = 1024 * 1024 bytes.
MB = 1024 * 1024
PURGE_GOAL = 1.2
LISTING_GOAL = 1.5

CREATE_TRIGGER = (
    "mutation($i: CreateApiTriggerInput!) { createApiTrigger(input: $i) "
    "{ trigger { hookUrl } errors { message } } }"
)
LIST_EVENTS = (
    "{ events(status: STATUS, first: 50) { edges { node { id status firedAt payload } } "
    "pageInfo { endCursor hasNextPage } } }"
)
STATUSES = ("ARCHIVED", "ACTIVE")

# One statement per chunk, generated server-side. Event n fires at the middle of its own slot of
# span/N seconds, so the oldest hour holds exactly N/H events and none sits on the cutoff. The only
# scan node is generate_series, which yields n in order: ids (bigserial, assigned per row as it is
# inserted) therefore grow with fired_at, as they do for real events (core/storage/event_log.py).
SEED = (
    "INSERT INTO {table} (trigger_id, trigger_name, kind, source, is_test, payload, fired_at)"
    " SELECT ($3::uuid[])[1 + n % $5], ($4::text[])[1 + n % $5], 'API', 'API', false,"
    " jsonb_build_object('amount', (n % 10000)::float8 / 100, 'currency', 'EUR', 'user_id', n % 1000),"
    " $1::timestamptz + (n + 0.5) * $2::float8 * interval '1 second'"
    " FROM generate_series($6::bigint, $7::bigint) AS n"
)


@dataclass(frozen=True, slots=True)
class Seeded:
    """A migrated database holding `events` rows fired over [anchor - hours, anchor)."""

    name: str
    database_url: str
    env: dict[str, str]
    key: str
    hook_paths: list[str]
    triggers: list[tuple[UUID, str]]
    anchor: datetime
    events: int
    hours: int
    seed_seconds: float
    vacuum_seconds: float

    @property
    def windows(self) -> RetentionWindows:
        return retention_windows(self.hours)

    @property
    def slot_seconds(self) -> float:
        return self.hours * HOUR / self.events

    @property
    def oldest_hour_rows(self) -> int:
        return self.events // self.hours


@dataclass(frozen=True, slots=True)
class Sizes:
    total: int
    heap: int
    indexes: int
    live_tuples: int
    dead_tuples: int

    def line(self) -> str:
        return (
            f"total {self.total / MB:,.1f} MB   heap {self.heap / MB:,.1f} MB   "
            f"indexes {self.indexes / MB:,.1f} MB   "
            f"n_live_tup {self.live_tuples:,}   n_dead_tup {self.dead_tuples:,}"
        )


@dataclass(frozen=True, slots=True)
class Listing:
    """events(first: 50) latencies by status, from one server configuration."""

    by_status: dict[str, LoadResult]


@dataclass(frozen=True, slots=True)
class PurgePass:
    report: PurgeReport
    seconds: float
    # CPU of the Postgres backend that ran the pass (None when Postgres is on another host).
    backend_cpu_seconds: float | None


def p99_over_neighbours(window: LoadResult, before: LoadResult, after: LoadResult) -> float:
    """A window's p99 over the pooled p99 of the windows on either side of it."""
    return window.p99_ms / LoadResult.pooled([before, after]).p99_ms


@dataclass(frozen=True, slots=True)
class Cleanup:
    """Ingest windows alternating without and with a purge pass: quiet[k] comes before
    purging[k] and quiet[k + 1] after it, so each pass sits between two windows without one."""

    quiet: list[LoadResult]
    purging: list[LoadResult]
    passes: list[PurgePass]

    @property
    def without_purge(self) -> LoadResult:
        return LoadResult.pooled(self.quiet)

    @property
    def with_purge(self) -> LoadResult:
        return LoadResult.pooled(self.purging)

    @property
    def pooled_ratio(self) -> float:
        return self.with_purge.p99_ms / self.without_purge.p99_ms

    @property
    def paired_ratios(self) -> list[float]:
        """Each pass window's p99 over the p99 of the two windows around it."""
        return [
            p99_over_neighbours(window, self.quiet[k], self.quiet[k + 1])
            for k, window in enumerate(self.purging)
        ]

    @property
    def p99_ratio(self) -> float:
        """The goal's figure: the median of the paired ratios. One window that the host slowed
        down moves a pooled p99 (it holds most of its side's slowest 1%), not this."""
        return statistics.median(self.paired_ratios)

    @property
    def noise_ratios(self) -> list[float]:
        """The same statistic with a window without a pass in the middle (an A/A test): what
        the host alone makes of it. The first and last windows only serve as neighbours."""
        return [
            p99_over_neighbours(self.quiet[k], self.quiet[k - 1], self.quiet[k + 1])
            for k in range(1, len(self.quiet) - 1)
        ]

    @property
    def first(self) -> PurgePass:
        return self.passes[0]


@dataclass(frozen=True, slots=True)
class PartitionDrop:
    hours_filled: int
    rows_filled: int
    fill_seconds: float
    oldest_rows: int
    detach_seconds: float
    drop_seconds: float

    @property
    def total_seconds(self) -> float:
        return self.detach_seconds + self.drop_seconds


def retention_windows(hours: int) -> RetentionWindows:
    # Retention one hour short of the seeded span: exactly the oldest hour is past retention.
    return RetentionWindows(active_seconds=ACTIVE_SECONDS, retention_seconds=(hours - 1) * HOUR)


@contextlib.asynccontextmanager
async def api_server(env: dict[str, str], **extra: str) -> AsyncIterator[str]:
    port = free_port()
    with uvicorn_process(
        "api.asgi:create_app_from_env", port, {**env, **extra, "PORT": str(port)}, factory=True
    ) as url:
        await wait_until_listening(url)
        yield url


async def forget_redis_prefix(prefix: str) -> None:
    # Entries an earlier run left under this prefix belong to a dropped database: start each run
    # with an empty cache. The prefix is this bench's own, so no other bench's keys are touched.
    redis = aioredis.Redis.from_url(REDIS_URL)
    try:
        async for key in redis.scan_iter(match=f"{prefix}:*", count=1000):
            await redis.delete(key)
    finally:
        await redis.aclose()


async def create_triggers(url: str, key: str, count: int) -> list[str]:
    paths = []
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}) as client:
        for n in range(count):
            response = await client.post(
                "/graphql",
                json={
                    "query": CREATE_TRIGGER,
                    "variables": {"i": {"name": f"retention-{n}", "apiSchema": SCHEMA}},
                },
            )
            created = response.json()["data"]["createApiTrigger"]
            if created["errors"]:
                raise RuntimeError(f"createApiTrigger failed: {created['errors']}")
            paths.append(urlsplit(created["trigger"]["hookUrl"]).path)
    return paths


async def seed_rows(
    conn: asyncpg.Connection,
    table: str,
    *,
    start: datetime,
    slot_seconds: float,
    triggers: list[tuple[UUID, str]],
    first: int,
    count: int,
) -> None:
    """Inserts events first .. first+count-1 of the series, oldest first, one chunk per statement."""
    ids = [trigger_id for trigger_id, _ in triggers]
    names = [name for _, name in triggers]
    sql = SEED.format(table=table)
    started = time.perf_counter()
    for low in range(first, first + count, CHUNK_ROWS):
        high = min(low + CHUNK_ROWS, first + count) - 1
        await conn.execute(sql, start, slot_seconds, ids, names, len(ids), low, high)
        done = high + 1 - first
        rate = done / (time.perf_counter() - started)
        say(f"  {table}: {done:,} / {count:,} rows ({rate:,.0f} rows/s)")


async def prepare(name: str, *, events: int, hours: int) -> Seeded:
    """Fresh database, a key, TRIGGERS real API triggers, then `events` seeded rows."""
    database_url = await fresh_database(name)
    # Its own Redis prefix (etp_env's is shared by every bench): another bench running at the same
    # time must not receive these events' live wake-ups, nor share their list cache.
    prefix = f"etpbench_{name}"
    await forget_redis_prefix(prefix)
    windows = retention_windows(hours)
    env = etp_env(
        database_url,
        REDIS_PREFIX=prefix,
        EVENT_ACTIVE_SECONDS=str(windows.active_seconds),
        EVENT_RETENTION_SECONDS=str(windows.retention_seconds),
    )
    etp("migrate", env=env)
    key = etp("keys", "create", "bench", env=env).strip().splitlines()[-1]
    # Through the real API, so that hook ingest later finds working triggers with a schema.
    async with api_server(env) as url:
        hook_paths = await create_triggers(url, key, TRIGGERS)
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT id, name FROM triggers ORDER BY name")
        triggers = [(row["id"], row["name"]) for row in rows]
        anchor = datetime.now(UTC)
        say(
            f"{name}: seeding {events:,} events over the last {hours} h for {len(triggers)} triggers"
        )
        started = time.perf_counter()
        await seed_rows(
            conn,
            "events",
            start=anchor - timedelta(hours=hours),
            slot_seconds=hours * HOUR / events,
            triggers=triggers,
            first=0,
            count=events,
        )
        # The per-minute counts eventCounts reads, as migration 0003 builds them for old rows.
        await conn.execute(
            "INSERT INTO event_counts (trigger_id, minute, n)"
            " SELECT trigger_id, date_trunc('minute', fired_at), count(*) FROM events"
            " WHERE NOT is_test AND trigger_id IS NOT NULL GROUP BY 1, 2"
        )
        seed_seconds = time.perf_counter() - started
        say(f"{name}: VACUUM ANALYZE events")
        started = time.perf_counter()
        await conn.execute("VACUUM ANALYZE events")
        vacuum_seconds = time.perf_counter() - started
    finally:
        await conn.close()
    return Seeded(
        name=name,
        database_url=database_url,
        env=env,
        key=key,
        hook_paths=hook_paths,
        triggers=triggers,
        anchor=anchor,
        events=events,
        hours=hours,
        seed_seconds=seed_seconds,
        vacuum_seconds=vacuum_seconds,
    )


async def table_sizes(database_url: str) -> Sizes:
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow(
            "SELECT pg_total_relation_size('events') AS total, pg_relation_size('events') AS heap,"
            " pg_indexes_size('events') AS indexes, s.n_live_tup, s.n_dead_tup"
            " FROM pg_stat_user_tables s WHERE s.relid = 'events'::regclass"
        )
    finally:
        await conn.close()
    return Sizes(
        total=row["total"],
        heap=row["heap"],
        indexes=row["indexes"],
        live_tuples=row["n_live_tup"],
        dead_tuples=row["n_dead_tup"],
    )


async def fetch_page(client: httpx.AsyncClient, query: str) -> int:
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"events query failed: {response.status_code} {body}")
    return len(body["data"]["events"]["edges"])


async def warm_listing(client: httpx.AsyncClient, query: str, status: str) -> None:
    edges = await fetch_page(client, query)
    for _ in range(LISTING_WARMUP - 1):
        await fetch_page(client, query)
    if edges < PAGE_SIZE:
        say(f"  warning: events({status}) returned {edges} edges, not a full page")


async def time_block(client: httpx.AsyncClient, query: str, into: LoadResult) -> None:
    started = time.perf_counter()
    for _ in range(LISTING_BLOCK):
        sent = time.perf_counter()
        await fetch_page(client, query)
        into.latencies.append(time.perf_counter() - sent)
    into.seconds += time.perf_counter() - started


async def measure_listings(big: Seeded, small: Seeded, *, cached: bool) -> tuple[Listing, Listing]:
    """events(first: 50) latency by status on both databases, read in alternating blocks."""
    extra = {"EVENT_LIST_CACHE": "1" if cached else "0"}
    label = "cached" if cached else "uncached"
    say(
        f"events(first: {PAGE_SIZE}), {label}: {LISTING_REQUESTS} requests per status and"
        f" database, in blocks of {LISTING_BLOCK} alternating between the databases"
    )
    async with (
        api_server(big.env, **extra) as big_url,
        api_server(small.env, **extra) as small_url,
        httpx.AsyncClient(base_url=big_url, headers={"X-API-Key": big.key}) as big_client,
        httpx.AsyncClient(base_url=small_url, headers={"X-API-Key": small.key}) as small_client,
    ):
        results: tuple[dict[str, LoadResult], dict[str, LoadResult]] = ({}, {})
        for status in STATUSES:
            query = LIST_EVENTS.replace("STATUS", status)
            sides = [(big_client, LoadResult(seconds=0)), (small_client, LoadResult(seconds=0))]
            for client, _ in sides:
                await warm_listing(client, query, status)
            for round_ in range(LISTING_ROUNDS):
                # Each database goes first in half of the rounds.
                for client, result in sides if round_ % 2 == 0 else sides[::-1]:
                    await time_block(client, query, result)
            results[0][status], results[1][status] = sides[0][1], sides[1][1]
    return Listing(results[0]), Listing(results[1])


COUNTS_QUERY = "{ eventCounts { triggerId active archived } }"
COUNTS_REQUESTS = 100


async def time_counts(seeded: Seeded) -> LoadResult:
    """eventCounts over the whole retention window, sequential requests."""
    async with (
        api_server(seeded.env) as url,
        httpx.AsyncClient(base_url=url, headers={"X-API-Key": seeded.key}, timeout=60) as client,
    ):
        for _ in range(5):
            response = await client.post("/graphql", json={"query": COUNTS_QUERY})
            body = response.json()
            if body.get("errors") or not body["data"]["eventCounts"]:
                raise RuntimeError(f"eventCounts failed: {body}")
        latencies = []
        started = time.perf_counter()
        for _ in range(COUNTS_REQUESTS):
            sent = time.perf_counter()
            await client.post("/graphql", json={"query": COUNTS_QUERY})
            latencies.append(time.perf_counter() - sent)
        return LoadResult(seconds=time.perf_counter() - started, latencies=latencies)


def backend_cpu(pid: int) -> float | None:
    try:
        return cpu_seconds(pid)
    except OSError:  # Postgres on another host: no /proc entry here
        return None


async def timed_purge(seeded: Seeded, hour: int) -> PurgePass:
    # `now` is the seed's anchor plus `hour`, not the clock: pass k then deletes exactly the k-th
    # oldest hour, however long the run took to get here (the API's own clock has moved on;
    # readers filter).
    pid = await backend_pid()
    cpu_before = backend_cpu(pid)
    started = time.perf_counter()
    report = await purge_expired(now=seeded.anchor + timedelta(hours=hour), windows=seeded.windows)
    seconds = time.perf_counter() - started
    cpu_after = backend_cpu(pid)
    if pid != await backend_pid() or cpu_before is None or cpu_after is None:
        return PurgePass(report, seconds, None)
    return PurgePass(report, seconds, cpu_after - cpu_before)


async def measure_cleanup(
    seeded: Seeded, *, passes: int, connections: int, seconds: float, rate: float | None = None
) -> Cleanup:
    """Ingest windows of `seconds`, alternating without and with a purge pass over the next
    oldest hour, `passes` times, then one more without: as fast as the connections go
    (saturating), or at a fixed `rate` of requests/s.

    One pair of windows cannot show a 1.2x ratio on a small shared host: two windows without any
    pass differ by about as much there (docs/performance.md, "Retention at 10 million events"). Pooling several passes, each between two quiet windows,
    gives both sides thousands of samples and cancels drift over the run."""
    async with api_server(seeded.env) as url:
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        request = build_post(host, port, seeded.hook_paths[0], PAYLOAD)

        async def load(duration: float) -> LoadResult:
            if rate:
                return await run_paced(
                    host, port, request, connections=connections, rate=rate, seconds=duration
                )
            return await run_load(host, port, request, connections=connections, seconds=duration)

        # One pooled connection, so that every pass runs on the backend whose CPU is read.
        await open_database(Settings.from_env({**seeded.env, "DATABASE_POOL_SIZE": "1"}))
        try:
            pace = f" at {rate:.0f} hooks/s" if rate else ""
            say(
                f"ingest, {connections} connections{pace}: {passes} purge passes, each in a"
                f" {seconds:.0f} s window between two windows without one"
            )
            # A whole window of warm-up: a fresh server's first seconds are slower, and they
            # would all land on the side without passes.
            await load(seconds)
            quiet, purging, done = [await load(seconds)], [], []
            for hour in range(passes):
                window, purge_pass = await asyncio.gather(load(seconds), timed_purge(seeded, hour))
                purging.append(window)
                done.append(purge_pass)
                quiet.append(await load(seconds))
                say(
                    f"  pass {hour + 1}: {purge_pass.report.deleted:,} rows in"
                    f" {purge_pass.seconds:.2f} s; ingest p99 {quiet[-2].p99_ms:.1f} /"
                    f" {window.p99_ms:.1f} / {quiet[-1].p99_ms:.1f} ms (before / during / after)"
                )
        finally:
            # Closing ends the pool's backend, which flushes its counts to pg_stat_user_tables.
            await close_database()
    return Cleanup(quiet, purging, done)


async def create_partitioned_copy(conn: asyncpg.Connection, seeded: Seeded) -> None:
    """events_part: events' columns, range-partitioned by fired_at, one partition per hour.

    A primary key on a partitioned table must include the partition key, hence (id, fired_at);
    the two unique (trigger_id, ...) constraints of events cannot exist at all without fired_at,
    so they are left out. The listing indexes are kept.
    """
    await conn.execute("CREATE TABLE events_part (LIKE events) PARTITION BY RANGE (fired_at)")
    await conn.execute("CREATE SEQUENCE events_part_id_seq OWNED BY events_part.id")
    await conn.execute(
        "ALTER TABLE events_part ALTER COLUMN id SET DEFAULT nextval('events_part_id_seq')"
    )
    await conn.execute("ALTER TABLE events_part ADD PRIMARY KEY (id, fired_at)")
    await conn.execute("CREATE INDEX ON events_part (fired_at, id)")
    await conn.execute("CREATE INDEX ON events_part (trigger_id, fired_at, id)")
    start = seeded.anchor - timedelta(hours=seeded.hours)
    for hour in range(seeded.hours):
        low, high = start + timedelta(hours=hour), start + timedelta(hours=hour + 1)
        # DDL takes no bind parameters; both bounds are timestamps this function made.
        await conn.execute(
            f"CREATE TABLE events_part_h{hour:03d} PARTITION OF events_part"
            f" FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')"
        )


async def compare_partitions(seeded: Seeded, *, hours_filled: int) -> PartitionDrop:
    # The purge has already deleted the oldest hour from events, so the copy is generated again
    # by the seed statement: the same rows, event for event, as events held before the pass.
    rows = seeded.oldest_hour_rows * hours_filled
    conn = await asyncpg.connect(seeded.database_url)
    try:
        await create_partitioned_copy(conn, seeded)
        say(f"events_part: {seeded.hours} hourly partitions, filling the oldest {hours_filled}")
        started = time.perf_counter()
        await seed_rows(
            conn,
            "events_part",
            start=seeded.anchor - timedelta(hours=seeded.hours),
            slot_seconds=seeded.slot_seconds,
            triggers=seeded.triggers,
            first=0,
            count=rows,
        )
        await conn.execute("VACUUM ANALYZE events_part")
        fill_seconds = time.perf_counter() - started
        oldest_rows = int(await conn.fetchval("SELECT count(*) FROM events_part_h000"))
        started = time.perf_counter()
        await conn.execute("ALTER TABLE events_part DETACH PARTITION events_part_h000")
        detach_seconds = time.perf_counter() - started
        started = time.perf_counter()
        await conn.execute("DROP TABLE events_part_h000")
        drop_seconds = time.perf_counter() - started
        # Scratch only: leave the database as the rest of the bench found it.
        await conn.execute("DROP TABLE events_part")
    finally:
        await conn.close()
    return PartitionDrop(
        hours_filled=hours_filled,
        rows_filled=rows,
        fill_seconds=fill_seconds,
        oldest_rows=oldest_rows,
        detach_seconds=detach_seconds,
        drop_seconds=drop_seconds,
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def listing_rows(label: str, listing: Listing) -> list[str]:
    return [
        f"  {label:<18} {status:<9} {result.p50_ms:>8.2f} {result.p99_ms:>8.2f}"
        for status, result in listing.by_status.items()
    ]


def listing_ratios(big: Listing, small: Listing) -> dict[str, tuple[float, float]]:
    """10M/10k ratio of p50 and p99, by status."""
    return {
        status: (
            result.p50_ms / small.by_status[status].p50_ms,
            result.p99_ms / small.by_status[status].p99_ms,
        )
        for status, result in big.by_status.items()
    }


def ingest_row(label: str, result: LoadResult) -> str:
    return (
        f"  {label:<16} {result.rps:>8.0f} req/s   p50 {result.p50_ms:>7.1f} ms   "
        f"p99 {result.p99_ms:>7.1f} ms   2xx {result.ok}   other {result.other}"
    )


def print_seed(seeded: Seeded) -> None:
    print()
    print(f"1. seed ({seeded.name})")
    print(
        f"  {seeded.events:,} events over {seeded.hours} h, {len(seeded.triggers)} triggers: "
        f"insert {seeded.seed_seconds:.1f} s "
        f"({seeded.events / seeded.seed_seconds:,.0f} rows/s), "
        f"VACUUM ANALYZE {seeded.vacuum_seconds:.1f} s"
    )


def print_listing(seeded: Seeded, uncached: Listing, cached: Listing) -> None:
    print()
    print(
        f"3. events(first: {PAGE_SIZE}) latency at {seeded.events:,} rows "
        f"({LISTING_REQUESTS} sequential requests per line, one client, in blocks of"
        f" {LISTING_BLOCK} alternating with the other database)"
    )
    print(f"  {'':<18} {'status':<9} {'p50 ms':>8} {'p99 ms':>8}")
    for line in listing_rows("uncached", uncached) + listing_rows("cached", cached):
        print(line)


def print_ratios(big: Seeded, small: Seeded, listings: dict[str, Listing]) -> None:
    print()
    print(f"3. uncached latency ratio, {big.events:,} rows / {small.events:,} rows")
    ratios = listing_ratios(listings["big uncached"], listings["small uncached"])
    for status, (p50, p99) in ratios.items():
        print(f"  {status:<9} p50 {p50:.2f}x   p99 {p99:.2f}x   (goal <= {LISTING_GOAL}x)")


def cpu_text(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def print_cleanup(seeded: Seeded, cleanup: Cleanup, connections: int, seconds: float) -> None:
    print()
    print(
        f"4. clean-up passes with the API ingesting ({connections} connections, windows of"
        f" {seconds:.0f} s)"
    )
    print(
        f"  {'window':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}   pass: rows, batches,"
        " seconds, Postgres backend CPU"
    )
    for n, quiet in enumerate(cleanup.quiet):
        print(f"  {'no pass':<16} {quiet.rps:>8.0f} {quiet.p50_ms:>8.1f} {quiet.p99_ms:>8.1f}")
        if n < len(cleanup.passes):
            window, purge_pass = cleanup.purging[n], cleanup.passes[n]
            print(
                f"  {f'pass {n + 1}':<16} {window.rps:>8.0f} {window.p50_ms:>8.1f} "
                f"{window.p99_ms:>8.1f}   {purge_pass.report.deleted:,} "
                f"(expected {seeded.oldest_hour_rows:,} = N/H), {purge_pass.report.batches}, "
                f"{purge_pass.seconds:.2f} s, {cpu_text(purge_pass.backend_cpu_seconds)}"
            )
    print(ingest_row("pooled, no pass", cleanup.without_purge))
    print(ingest_row("pooled, passes", cleanup.with_purge))
    print(
        "  each pass window's p99 / the two windows around it: "
        + ", ".join(f"{r:.2f}x" for r in cleanup.paired_ratios)
        + f"; median {cleanup.p99_ratio:.2f}x (pooled: {cleanup.pooled_ratio:.2f}x)"
    )
    print(
        "  noise, the same with a window without a pass in the middle: "
        + ", ".join(f"{r:.2f}x" for r in cleanup.noise_ratios)
        + f"; median {statistics.median(cleanup.noise_ratios):.2f}x"
    )
    longest = max(p.seconds for p in cleanup.passes)
    print(
        f"  each pass lasts at most {longest:.2f} s of its {seconds:.0f} s window: the window's"
        " p99 covers requests before and after the pass too"
    )


def print_sizes(title: str, sizes: Sizes) -> None:
    print()
    print(title)
    print(f"  {sizes.line()}")


def print_partitions(seeded: Seeded, cleanup: Cleanup, part: PartitionDrop) -> None:
    print()
    print("6. partition per hour vs bounded DELETE, oldest hour")
    print(
        f"  events_part: {seeded.hours} hourly partitions; only the oldest {part.hours_filled} "
        f"filled ({part.rows_filled:,} rows, {part.fill_seconds:.1f} s), to spare a full copy"
    )
    print(
        f"  DETACH PARTITION {part.detach_seconds * 1000:.1f} ms + DROP TABLE "
        f"{part.drop_seconds * 1000:.1f} ms = {part.total_seconds * 1000:.1f} ms "
        f"for {part.oldest_rows:,} rows"
    )
    print(
        f"  bounded DELETE (first purge pass above): {cleanup.first.seconds * 1000:.1f} ms "
        f"for {cleanup.first.report.deleted:,} rows, plus the dead tuples it leaves for vacuum"
    )
    print(
        "  note: a plain DETACH takes an ACCESS EXCLUSIVE lock on the parent (inserts wait);"
        " DETACH ... CONCURRENTLY does not, but cannot run inside a transaction block"
    )


def print_summary(
    big: Seeded,
    small: Seeded,
    listings: dict[str, Listing],
    cleanup: Cleanup,
    sizes: tuple[Sizes, Sizes],
    part: PartitionDrop,
) -> None:
    before, after = sizes
    ratios = listing_ratios(listings["big uncached"], listings["small uncached"])
    listing_ok = all(max(pair) <= LISTING_GOAL for pair in ratios.values())
    print()
    print("summary")
    print(
        f"  seed: {big.events:,} rows in {big.seed_seconds:.1f} s (+ vacuum {big.vacuum_seconds:.1f} s)"
    )
    print(f"  size before: {before.total / MB:,.1f} MB (indexes {before.indexes / MB:,.1f} MB)")
    print(
        f"  size after {len(cleanup.passes)} passes: {after.total / MB:,.1f} MB,"
        f" n_dead_tup {after.dead_tuples:,}"
    )
    for status, (p50, p99) in ratios.items():
        big_result = listings["big uncached"].by_status[status]
        small_result = listings["small uncached"].by_status[status]
        print(
            f"  events({status}, first: {PAGE_SIZE}) uncached p50/p99 ms: "
            f"{big.events:,} rows {big_result.p50_ms:.2f}/{big_result.p99_ms:.2f}, "
            f"{small.events:,} rows {small_result.p50_ms:.2f}/{small_result.p99_ms:.2f}, "
            f"ratio {p50:.2f}x/{p99:.2f}x"
        )
    timings = ", ".join(f"{p.seconds:.2f}" for p in cleanup.passes)
    cpu = ", ".join(cpu_text(p.backend_cpu_seconds) for p in cleanup.passes)
    print(
        f"  purge of the oldest hour: {cleanup.first.report.deleted:,} rows, "
        f"{cleanup.first.report.batches} batches, {cleanup.first.seconds:.2f} s "
        f"(all {len(cleanup.passes)} passes: {timings} s; backend CPU {cpu}); "
        f"DETACH+DROP: {part.total_seconds * 1000:.1f} ms"
    )
    noise = statistics.median(cleanup.noise_ratios)
    print(
        f"  ingest p99, window with a pass / the two around it: median {cleanup.p99_ratio:.2f}x "
        f"(A/A noise {noise:.2f}x; pooled {cleanup.without_purge.p99_ms:.1f} ms without, "
        f"{cleanup.with_purge.p99_ms:.1f} ms with, {cleanup.pooled_ratio:.2f}x)"
    )
    print(
        f"  goal ingest p99 in windows with a purge pass <= {PURGE_GOAL}x without: "
        f"{cleanup.p99_ratio:.2f}x  {verdict(cleanup.p99_ratio <= PURGE_GOAL)}"
    )
    worst = max(max(pair) for pair in ratios.values())
    print(
        f"  goal events(first: {PAGE_SIZE}) uncached {big.events:,} vs {small.events:,} rows "
        f"<= {LISTING_GOAL}x (p50 and p99, both statuses): worst {worst:.2f}x  {verdict(listing_ok)}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--hours", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--ingest-rate",
        type=float,
        default=None,
        help="hooks/s on a fixed schedule while measuring the purge (default: as fast as the"
        " connections go, which saturates the API)",
    )
    parser.add_argument(
        "--passes",
        type=int,
        default=5,
        help="purge passes measured, each over the then oldest hour (default 5)",
    )
    parser.add_argument(
        "--partition-hours",
        type=int,
        default=3,
        help="hours of rows copied into the partitioned scratch table (default 3)",
    )
    args = parser.parse_args()
    # Retention is H-1 hours and must exceed the 2 h active window.
    if args.hours <= ACTIVE_SECONDS // HOUR + 1:
        parser.error(f"--hours must be at least {ACTIVE_SECONDS // HOUR + 2}")
    if not 1 <= args.passes < args.hours:
        parser.error("--passes must be between 1 and --hours - 1")
    if not 1 <= args.partition_hours <= args.hours:
        parser.error("--partition-hours must be between 1 and --hours")

    big = await prepare(BIG_DATABASE, events=args.events, hours=args.hours)
    print_seed(big)
    before = await table_sizes(big.database_url)
    print_sizes("2. events before the clean-up pass", before)

    small = await prepare(SMALL_DATABASE, events=SMALL_EVENTS, hours=args.hours)
    print_seed(small)
    listings: dict[str, Listing] = {}
    listings["big uncached"], listings["small uncached"] = await measure_listings(
        big, small, cached=False
    )
    listings["big cached"], listings["small cached"] = await measure_listings(
        big, small, cached=True
    )
    print_listing(big, listings["big uncached"], listings["big cached"])
    print_listing(small, listings["small uncached"], listings["small cached"])
    print_ratios(big, small, listings)
    big_counts, small_counts = await time_counts(big), await time_counts(small)
    print()
    print(f"3b. eventCounts (all triggers, whole retention window), {COUNTS_REQUESTS} requests")
    for label, result in (
        (f"{big.events:,} rows", big_counts),
        (f"{small.events:,} rows", small_counts),
    ):
        print(f"  {label:>18}   p50 {result.p50_ms:7.2f} ms   p99 {result.p99_ms:7.2f} ms")
    print(f"  ratio p99: {big_counts.p99_ms / small_counts.p99_ms:.2f}x")

    cleanup = await measure_cleanup(
        big,
        passes=args.passes,
        connections=args.connections,
        seconds=args.seconds,
        rate=args.ingest_rate,
    )
    print_cleanup(big, cleanup, args.connections, args.seconds)

    after = await table_sizes(big.database_url)
    print_sizes(f"5. events after the {args.passes} clean-up passes", after)
    print(
        "  note: Postgres does not shrink files after DELETE: deleted rows stay as dead tuples"
        " (n_dead_tup) until vacuum makes their space reusable, and even then the files keep"
        " their size; rows ingested in step 4 are included above"
    )

    part = await compare_partitions(big, hours_filled=args.partition_hours)
    print_partitions(big, cleanup, part)
    print_summary(big, small, listings, cleanup, (before, after), part)


if __name__ == "__main__":
    run_dropping(main(), BIG_DATABASE, SMALL_DATABASE)
