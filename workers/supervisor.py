"""`etp worker` (and the worker half of `etp dev`): the scheduler and arq's queue, supervised apart.

arq's Worker ends when a poll of Redis raises (arq issues #435, #498), and it used to take the
whole process, scheduler included, with it. Here the scheduler, which needs only Postgres, runs
beside arq for the life of the process; arq runs in a loop that builds a fresh Worker after each
failure and waits out a jittered backoff, for as long as Redis stays away. Events the scheduler
commits meanwhile are not announced on Redis; live readers fill the gap from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta
from typing import Any

from arq.worker import Worker, create_worker

from core.deliveries.dispatcher import Dispatcher
from core.deliveries.updates import UpdatePublisher
from core.platform import retry_policies
from core.platform.health import LoopMonitor
from core.platform.settings import Settings
from core.runtime import ProcessServices, close_services, open_services
from core.scheduling.scheduler import Scheduler
from workers.health_server import HealthServer
from workers.settings import worker_settings

log = logging.getLogger("etp.worker")


async def run_worker(settings: Settings) -> None:
    """`etp worker`: until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    services = await open_services(settings)
    try:
        await supervise(settings, services, stop)
    finally:
        await close_services(services)


async def supervise(settings: Settings, services: ProcessServices, stop: asyncio.Event) -> None:
    """Runs until `stop` is set; the caller owns `services`."""
    scheduler_stop = asyncio.Event()
    scheduler = asyncio.create_task(
        Scheduler(event_log=services.event_log, clock=services.clock).run(scheduler_stop),
        name="scheduler",
    )
    # Outbound deliveries: Postgres only, like the scheduler, so a Redis outage does not stop them.
    dispatcher_stop = asyncio.Event()
    dispatcher = asyncio.create_task(
        Dispatcher(
            allow_private=settings.delivery_allow_private,
            windows=services.windows,
            disable_after=timedelta(seconds=settings.delivery_disable_after_seconds),
            lease_margin_seconds=settings.delivery_lease_margin_seconds,
            clock=services.clock,
            recorded=UpdatePublisher(services.redis, prefix=settings.redis_prefix),
        ).run(dispatcher_stop),
        name="delivery-dispatcher",
    )
    queue = LoopMonitor("queue", log, policy=retry_policies.WORKER_QUEUE, critical=False)
    purge = LoopMonitor("purge", log, policy=retry_policies.PURGE, critical=False)
    health = (
        HealthServer(services, host=settings.host, port=settings.worker_health_port)
        if settings.worker_health_port
        else None
    )
    if health is not None:
        await health.start()
    log.info("worker started")
    try:
        while not stop.is_set():
            error = await _run_queue(settings, services, stop, queue=queue, purge=purge)
            if stop.is_set():
                break
            delay = queue.failed(error or ConnectionError("arq worker stopped"))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
    finally:
        scheduler_stop.set()
        dispatcher_stop.set()
        await scheduler
        await dispatcher
        if health is not None:
            await health.close()
        queue.close()
        purge.close()
        log.info("worker stopped")


async def _run_queue(
    settings: Settings,
    services: ProcessServices,
    stop: asyncio.Event,
    *,
    queue: LoopMonitor,
    purge: LoopMonitor,
) -> BaseException | None:
    """One life of an arq Worker; returns what ended it (None when asked to stop)."""

    async def on_startup(ctx: dict[str, Any]) -> None:
        # arq calls this once its Redis pool answers: polling has (re)started.
        queue.succeeded()

    worker = create_worker(
        worker_settings(settings),
        handle_signals=False,
        on_startup=on_startup,
        ctx={"services": services, "purge_monitor": purge},
    )
    run = asyncio.create_task(worker.async_run(), name="arq-worker")
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({run, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    error: BaseException | None = None
    if run.done() and not run.cancelled():
        error = run.exception()
    await _close(worker)
    return error


async def _close(worker: Worker) -> None:
    """Worker.close() cancels its jobs, then talks to Redis, which may be gone: never let that
    end the process, and always drop its connection pool."""
    try:
        await worker.close()
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
        # Otherwise it is the cancelled jobs' CancelledError, gathered by close().
    except Exception as error:
        log.debug("closing the arq worker failed: %r", error)
    pool = worker._pool  # still set when close() stopped half-way
    if pool is not None:
        with contextlib.suppress(Exception):
            await pool.close(close_connection_pool=True)
