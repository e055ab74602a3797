"""A real `etp worker` killed with SIGKILL in the middle of an attempt, then started again:
every event is delivered, each webhook-id reaches the receiver, and only the attempt whose 2xx
was lost is seen twice."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

from core.deliveries import destinations
from core.deliveries.records import DeliveryStatus, DestinationSettings, StoredDestination
from core.events.records import NewEvent
from core.events.sources import EventSource
from core.triggers.kinds import TriggerKind
from tests.conftest import Server, free_port
from tests.core.storage import tables
from tests.delivery_receiver import running_receiver
from tests.workers.test_scheduler_processes import start_worker


async def _start_worker(server: Server) -> asyncio.subprocess.Process:
    return await start_worker(
        server,
        free_port(),
        DELIVERY_ALLOW_PRIVATE="1",
        # The killed worker's lease runs out 1 s after the destination's timeout.
        DELIVERY_LEASE_MARGIN_SECONDS="1",
    )


async def _until(condition: object, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not reached in time")


async def test_sigkill_mid_attempt_then_restart_delivers_every_event(
    clean: Server, tmp_path: Path
) -> None:
    with running_receiver(tmp_path) as receiver:
        created = await destinations.create_destination(
            # The receiver holds the first request: the worker is killed while it waits.
            DestinationSettings(
                name="slow",
                url=receiver.url("stallonce/crash"),
                timeout_seconds=5,
                max_in_flight=1,
            ),
            allow_private=True,
        )
        assert isinstance(created, StoredDestination)
        event = NewEvent(
            trigger_id=None,
            trigger_name="t",
            kind=TriggerKind.API,
            source=EventSource.API,
            payload={"n": 1},
        )
        await clean.services.event_log.append_many([event] * 4)

        worker = await _start_worker(clean)
        try:

            async def first_request_arrived() -> bool:
                return len(receiver.requests()) >= 1

            await _until(first_request_arrived, 60)
            worker.send_signal(signal.SIGKILL)
            await worker.wait()
            killed_mid_attempt = {r["headers"]["webhook-id"] for r in receiver.requests()}
            assert len(killed_mid_attempt) == 1
            assert await tables.count_deliveries(status=DeliveryStatus.DELIVERED) == 0

            worker = await _start_worker(clean)

            async def all_delivered() -> bool:
                return await tables.count_deliveries(status=DeliveryStatus.DELIVERED) == 4

            await _until(all_delivered, 90)
        finally:
            if worker.returncode is None:
                worker.send_signal(signal.SIGTERM)
                await asyncio.wait_for(worker.wait(), 30)

        seen = Counter(r["headers"]["webhook-id"] for r in receiver.requests())
        ids = {f"msg_{d.id:016x}" for d in await tables.stored_deliveries()}
        assert set(seen) == ids
        assert {i for i, n in seen.items() if n > 1} == killed_mid_attempt
        assert max(seen.values()) == 2
