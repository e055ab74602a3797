"""The event log's single write path: concurrent appends are committed together, in id order.

Why batches: one commit per webhook request is what caps a naive ingest endpoint. Appends that
arrive while a commit is in flight wait in a queue and go into the next transaction together
(group commit), so the commit rate, not the request rate, bounds throughput.

Why a lock: a bigserial id is taken at INSERT, not at COMMIT, so two concurrent transactions can
commit out of id order and a reader resuming "after id X" could skip the one that commits late.
Every batch, from any process, takes the same transaction-scoped advisory lock before it draws
ids, and the lock is released only after the commit is visible. Ids and fired_at therefore grow
in commit order across all processes.

When the database refuses a value of one event, the others of its batch are committed each on its
own, and only that one fails. When the database goes away, a batch fails (its appends get the error; a failed COMMIT raises
CommitOutcomeUnknown, since the events may be stored) and the writer waits out a jittered backoff
before the next batch, so requests queue up instead of hammering a database that is restarting.
While failing with nothing queued it probes with an empty transaction, so that readiness, which
reads this writer's health, recovers without waiting for traffic a load balancer withholds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from core.events.count_windows import minute_of
from core.events.records import NewEvent, StoredEvent
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.health import LoopMonitor
from core.platform.metrics import metrics
from core.storage.delivery_rows import create_deliveries
from core.storage.event_columns import INSERT_EVENTS, insert_arrays
from core.storage.transactions import database_unreachable, transaction

log = logging.getLogger("etp.event_log")

# A publish that takes longer is given up (Redis blackholed); publishing then pauses
# (retry_policies.EVENT_LOG_PUBLISH).
PUBLISH_TIMEOUT_SECONDS = 0.5

metrics.describe("etp_event_batches_failed_total", "Event log transactions that failed")

# Any constant shared by every process of the platform; "etp" + "events" in ASCII.
COMMIT_ORDER_LOCK = 0x65_74_70_65_76

Publisher = Callable[[Sequence[StoredEvent]], Awaitable[None]]


class Refused:
    """The event was not written: an event with the same idempotency key or scheduled time
    exists, or its trigger guard no longer holds. The caller knows which it asked for."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = Refused()

AppendResult = StoredEvent | Refused


class EventLog:
    """Group-commits appends; one instance per process, started in its lifespan."""

    def __init__(
        self,
        *,
        publish: Publisher | None = None,
        max_batch: int = 256,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._clock = clock
        self._publish = publish
        self._max_batch = max_batch
        self._pending: list[tuple[NewEvent, asyncio.Future[AppendResult]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._monitor: LoopMonitor | None = None
        self._retry_delay = 0.0
        self._publish_failing = False
        self._publish_paused_until = 0.0

    async def start(self) -> None:
        self._monitor = LoopMonitor(
            "event-log", log, policy=retry_policies.EVENT_LOG_WRITER, clock=self._clock
        )
        self._task = asyncio.create_task(self._run(), name="event-log-writer")

    async def close(self) -> None:
        """Commit what is queued, then stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self._monitor is not None:
            self._monitor.close()

    async def append(self, event: NewEvent) -> AppendResult:
        """Returns once the event is committed (or refused as a duplicate)."""
        results = await self.append_many([event])
        return results[0]

    async def append_many(self, events: Sequence[NewEvent]) -> list[AppendResult]:
        if self._task is None or self._closing:
            raise RuntimeError("the event log is not running")
        loop = asyncio.get_running_loop()
        futures = []
        for event in events:
            future: asyncio.Future[AppendResult] = loop.create_future()
            self._pending.append((event, future))
            futures.append(future)
        self._wake.set()
        return list(await asyncio.gather(*futures))

    async def _run(self) -> None:
        assert self._monitor is not None
        while True:
            if self._monitor.ok or self._closing:
                await self._wake.wait()
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._retry_delay)
            self._wake.clear()
            if not self._monitor.ok and not self._pending and not self._closing:
                await self._probe()
            while self._pending:
                if not self._monitor.ok and not self._closing:
                    # Queue up behind the backoff rather than fail each request at once.
                    await asyncio.sleep(self._retry_delay)
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                await self._commit(batch)
            if self._closing:
                return

    async def _probe(self) -> None:
        assert self._monitor is not None
        try:
            async with transaction() as conn:
                await conn.execute_query("SELECT 1")
        except Exception as error:
            self._retry_delay = self._monitor.failed(error)
        else:
            self._monitor.succeeded()

    async def _commit(self, batch: list[tuple[NewEvent, asyncio.Future[AppendResult]]]) -> None:
        assert self._monitor is not None
        events = [event for event, _ in batch]
        try:
            async with transaction() as conn:
                results = await write_events(conn, events)
        except Exception as error:
            metrics.inc("etp_event_batches_failed_total")
            if database_unreachable(error) or len(batch) == 1:
                if database_unreachable(error):
                    self._retry_delay = self._monitor.failed(error)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                return
            # The database refused a value of one of them. The batch rolled back whole, so each
            # is committed again on its own: only the refused one fails, and nothing is written
            # twice. Never on the hot path: a batch the database takes is one transaction.
            for item in batch:
                await self._commit([item])
            return
        self._monitor.succeeded()
        metrics.inc("etp_event_batches_total")
        metrics.inc("etp_events_written_total", sum(isinstance(r, StoredEvent) for r in results))
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
        await self.publish([r for r in results if isinstance(r, StoredEvent)])

    async def publish(self, stored: Sequence[StoredEvent]) -> None:
        """Announce events committed by this process (also by writers with their own
        transaction, such as the scheduler); never fails the caller.

        Publishing is a wake-up for live readers; the database already has the events and
        readers fill gaps from it (they poll it every second), so a Redis outage must neither
        fail an append nor hold up the writer: each publish is bounded in time, and after a
        failure publishing pauses briefly instead of waiting out a timeout per batch. The
        outage is logged once, and once more when publishing works again."""
        if not stored or self._publish is None:
            return
        now = self._clock.monotonic()
        if self._publish_paused_until > now:
            return
        try:
            await asyncio.wait_for(self._publish(stored), PUBLISH_TIMEOUT_SECONDS)
        except Exception as error:
            self._publish_paused_until = now + retry_policies.EVENT_LOG_PUBLISH.delay_seconds(1)
            if not self._publish_failing:
                self._publish_failing = True
                log.warning(
                    "publishing events failed; live readers fall back to polling the database",
                    extra={"error": f"{type(error).__name__}: {error}"},
                )
            return
        if self._publish_failing:
            self._publish_failing = False
            log.info("publishing events works again")


async def write_events(conn: Any, events: Sequence[NewEvent]) -> list[AppendResult]:
    """Write events inside the caller's open transaction; visible once it commits."""
    results = await _insert_events(conn, events)
    # In the same transaction: the per-minute counts commit (or not) with the events.
    await _add_to_counts(conn, [r for r in results if isinstance(r, StoredEvent)])
    # --- Outbound deliveries (issue 21): the outbox, committed with the events or not at all.
    await create_deliveries(conn, [r for r in results if isinstance(r, StoredEvent)])
    # --- end of outbound deliveries.
    return results


async def _insert_events(conn: Any, events: Sequence[NewEvent]) -> list[AppendResult]:
    # Held until commit: ids are drawn and made visible in the same order by every process.
    await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [COMMIT_ORDER_LOCK])
    rows = await conn.execute_query_dict(
        "SELECT nextval('events_id_seq') AS id FROM generate_series(1, $1)", [len(events)]
    )
    ids = sorted(int(row["id"]) for row in rows)
    inserted = await conn.execute_query_dict(INSERT_EVENTS, insert_arrays(ids, events))
    fired_at = {int(row["id"]): row["fired_at"] for row in inserted}
    return [
        StoredEvent.from_new(event, id=id_, fired_at=fired_at[id_]) if id_ in fired_at else REFUSED
        for id_, event in zip(ids, events, strict=True)
    ]


_ADD_TO_COUNTS = (
    "INSERT INTO event_counts (trigger_id, minute, n)"
    " SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[])"
    " ON CONFLICT (trigger_id, minute) DO UPDATE SET n = event_counts.n + EXCLUDED.n"
)


async def _add_to_counts(conn: Any, stored: Sequence[StoredEvent]) -> None:
    """Inside the transaction that wrote these events (only those actually inserted)."""
    per_minute: Counter[tuple[UUID, datetime]] = Counter(
        (event.trigger_id, minute_of(event.fired_at))
        for event in stored
        if event.trigger_id is not None and not event.is_test
    )
    if not per_minute:
        return
    keys = list(per_minute)
    await conn.execute_query(
        _ADD_TO_COUNTS,
        [[k[0] for k in keys], [k[1] for k in keys], [per_minute[k] for k in keys]],
    )
