"""The sending loop: claims due deliveries from Postgres, sends each, records the outcome.

It runs in every worker beside the scheduler (workers/supervisor.py). Postgres is all it
needs: deliveries are rows written with their events, claims are leases, so a worker that is
killed mid-attempt loses nothing (the lease runs out and any worker sends it again, with the
same webhook-id), and a Redis outage does not touch it. Delivery is therefore at least once.

Between claims it sleeps POLL_SECONDS, or less when an attempt finishes and frees a slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx

from core.deliveries.guarded_network import guarded_client
from core.deliveries.records import ClaimedDelivery, DeliveryStatus, StoredDelivery
from core.deliveries.sender import attempt
from core.events.retention import RetentionWindows
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.health import LoopMonitor
from core.platform.metrics import metrics
from core.storage import delivery_rows

log = logging.getLogger("etp.deliveries")

POLL_SECONDS = 0.2
QUEUE_SAMPLE_SECONDS = 5.0
STOP_GRACE_SECONDS = 2.0

OUTCOMES = ("delivered", "gone", "throttled", "failed", "unreachable")
metrics.describe(
    "etp_delivery_attempts_total",
    "Delivery attempts by outcome",
    labels=("outcome",),
    known=[{"outcome": o} for o in OUTCOMES],
)
metrics.describe(
    "etp_delivery_latency_seconds",
    "From an event's firing to its delivery's 2xx",
    kind="histogram",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400),
)
metrics.describe(
    "etp_delivery_queue_depth",
    "Deliveries due now, not yet claimed",
    kind="gauge",
    multiprocess_mode="livemax",
)
metrics.describe(
    "etp_delivery_oldest_due_seconds",
    "How long the oldest due delivery has waited",
    kind="gauge",
    multiprocess_mode="livemax",
)


class Dispatcher:
    def __init__(
        self,
        *,
        allow_private: bool,
        windows: RetentionWindows,
        disable_after: timedelta,
        max_in_flight: int = 200,
        # A claimed delivery is another worker's to take this long after its timeout: the time
        # to record an outcome after the answer came.
        lease_margin_seconds: float = 30.0,
        clock: Clock = SYSTEM_CLOCK,
        client: httpx.AsyncClient | None = None,
        # Told of each delivery whose attempt was recorded (deliveryUpdated's publisher).
        recorded: Callable[[StoredDelivery], Awaitable[None]] | None = None,
    ) -> None:
        self._recorded = recorded
        self._client = client or guarded_client(allow_private=allow_private)
        self._windows = windows
        self._disable_after = disable_after
        self._max_in_flight = max_in_flight
        self._lease_margin = lease_margin_seconds
        self._clock = clock
        self._tasks: set[asyncio.Task[None]] = set()
        self._freed = asyncio.Event()
        self._next_sample = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        log.info("delivery dispatcher started")
        monitor = LoopMonitor(
            "deliveries", log, policy=retry_policies.DELIVERY_DISPATCHER, clock=self._clock
        )
        try:
            while not stop.is_set():
                try:
                    claimed = await self.tick()
                    await self._sample_queue()
                    monitor.succeeded()
                    delay = 0.0 if claimed and self._room() else POLL_SECONDS
                except Exception as error:
                    delay = monitor.failed(error)
                if delay:
                    self._freed.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(_first(stop, self._freed), timeout=delay)
        finally:
            monitor.close()
            # In-flight attempts get a moment to finish; one cut short is sent again when its
            # lease runs out (at least once), and stopping stays quick (`etp dev`'s Ctrl-C).
            if self._tasks:
                _, unfinished = await asyncio.wait(self._tasks, timeout=STOP_GRACE_SECONDS)
                for task in unfinished:
                    task.cancel()
                await asyncio.gather(*unfinished, return_exceptions=True)
            await self._client.aclose()
        log.info("delivery dispatcher stopped")

    async def tick(self) -> int:
        """Claims what is due (as much as there is room for) and starts sending it."""
        room = self._room()
        if room <= 0:
            return 0
        claimed = await delivery_rows.claim_due(
            now=self._clock.now(),
            destinations=room,
            per_destination=room,
            lease_margin_seconds=self._lease_margin,
        )
        for one in claimed:
            task = asyncio.create_task(self._deliver(one), name=f"delivery-{one.delivery.id}")
            self._tasks.add(task)
            task.add_done_callback(self._finished)
        return len(claimed)

    async def drain(self) -> None:
        """Waits for the attempts in flight (tests)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    def _room(self) -> int:
        return self._max_in_flight - len(self._tasks)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._freed.set()

    async def _deliver(self, claimed: ClaimedDelivery) -> None:
        try:
            result = await attempt(
                self._client,
                claimed,
                now=self._clock.now,
                windows=self._windows,
                disable_after=self._disable_after,
            )
            await delivery_rows.record_attempt(claimed, result)
        except Exception:
            # Recording failed (the database went away): the lease runs out and the delivery
            # is sent again; a receiver drops the repeat by its webhook-id.
            log.exception(
                "recording a delivery attempt failed",
                extra={"delivery": claimed.delivery.id, "destination": str(claimed.destination.id)},
            )
            return
        if self._recorded is not None:
            await self._recorded(claimed.delivery)
        record = result.attempt
        metrics.inc("etp_delivery_attempts_total", outcome=result.outcome)
        if result.status is DeliveryStatus.DELIVERED:
            latency = (
                record.at - claimed.event.fired_at
            ).total_seconds() + record.duration_ms / 1000
            metrics.observe("etp_delivery_latency_seconds", max(latency, 0.0))
        if result.disable_reason is not None:
            log.warning(
                "destination disabled",
                extra={"destination": str(claimed.destination.id), "reason": result.disable_reason},
            )

    async def _sample_queue(self) -> None:
        now = self._clock.monotonic()
        if now < self._next_sample:
            return
        self._next_sample = now + QUEUE_SAMPLE_SECONDS
        depth, oldest = await delivery_rows.due_queue(self._clock.now())
        metrics.set("etp_delivery_queue_depth", depth)
        metrics.set("etp_delivery_oldest_due_seconds", oldest.total_seconds() if oldest else 0.0)


async def _first(stop: asyncio.Event, freed: asyncio.Event) -> None:
    waits = [asyncio.create_task(stop.wait()), asyncio.create_task(freed.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
