"""How this process's long-lived loops are doing, for readiness checks and operators.

Each loop (event-log writer, scheduler, live hub, purge, the worker's queue polling) reports
after every attempt through its `LoopMonitor`. The monitor logs once when the loop breaks and
once when it recovers, instead of a traceback per attempt, and hands back how long to wait
before the next attempt, by the loop's policy (core/platform/retry_policies.py): capped
exponential backoff with full jitter, so that processes that lost the same database do not all
reconnect in the same instant.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime

from core.platform.clock import SYSTEM_CLOCK, Clock
from core.platform.metrics import metrics, set_loop_health
from core.platform.retry_policies import RetryPolicy

metrics.describe(
    "etp_dependency_up",
    "1 while a dependency (database, redis) answered this process's last readiness check, 0 when "
    "it did not; a Redis at 0 with readiness 200 is the degraded state",
    kind="gauge",
    labels=("dependency",),
    multiprocess_mode="livemin",
)
metrics.describe(
    "etp_loop_failures_total", "Failed attempts of a long-lived loop, by loop", labels=("loop",)
)
metrics.describe(
    "etp_loop_recoveries_total", "Loops that worked again after failing, by loop", labels=("loop",)
)


@dataclass(frozen=True, slots=True)
class LoopStatus:
    name: str
    ok: bool
    since: datetime
    # Whether the process is unready while this loop fails (the worker's queue polling is not:
    # the scheduler keeps working without Redis).
    critical: bool
    failures: int = 0
    # The error's class only: /readyz is public, and an error's text can name hosts and
    # addresses (the log has the whole text).
    error: str | None = None


class HealthRegistry:
    """Process-wide: readiness reads what the loops of this process report. Two loops of one
    name (`etp dev` runs API and worker side by side) show as one, failing if either fails."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loops: dict[int, LoopStatus] = {}

    def set(self, owner: object, status: LoopStatus) -> None:
        with self._lock:
            self._loops[id(owner)] = status

    def forget(self, owner: object) -> None:
        with self._lock:
            self._loops.pop(id(owner), None)

    def snapshot(self) -> dict[str, LoopStatus]:
        with self._lock:
            statuses = list(self._loops.values())
        merged: dict[str, LoopStatus] = {}
        for status in statuses:
            seen = merged.get(status.name)
            if seen is None or (seen.ok and not status.ok):
                merged[status.name] = status
        return merged


loops = HealthRegistry()


class LoopMonitor:
    def __init__(
        self,
        name: str,
        logger: logging.Logger,
        *,
        policy: RetryPolicy,
        critical: bool = True,
        registry: HealthRegistry = loops,
        clock: Clock = SYSTEM_CLOCK,
        # False for a step the process cannot be ready without (a start that waits for the
        # database): unready from the first instant, with nothing logged until an attempt fails.
        started: bool = True,
    ) -> None:
        self.name = name
        self._log = logger
        self._critical = critical
        self._policy = policy
        self._registry = registry
        self._clock = clock
        self._status = LoopStatus(name, ok=started, since=clock.now(), critical=critical)
        # Whether "failing" was logged and "recovered" is owed.
        self._reported = False
        registry.set(self, self._status)
        set_loop_health(name, started)
        # At zero from the loop's start, not from its first failure.
        metrics.declare("etp_loop_failures_total", loop=name)
        metrics.declare("etp_loop_recoveries_total", loop=name)

    @property
    def ok(self) -> bool:
        return self._status.ok

    @property
    def failures(self) -> int:
        return self._status.failures

    def succeeded(self) -> None:
        if self._status.ok:
            return
        if self._reported:
            down_for = (self._clock.now() - self._status.since).total_seconds()
            self._log.info(
                "%s recovered",
                self.name,
                extra={
                    "loop": self.name,
                    "failed_attempts": self._status.failures,
                    "down_seconds": down_for,
                },
            )
            metrics.inc("etp_loop_recoveries_total", loop=self.name)
            self._reported = False
        self._update(
            LoopStatus(self.name, ok=True, since=self._clock.now(), critical=self._critical)
        )

    def failed(self, error: BaseException) -> float:
        """Records a failed attempt; returns the seconds to wait before the next one."""
        metrics.inc("etp_loop_failures_total", loop=self.name)
        text = f"{type(error).__name__}: {error}"
        if not self._reported:
            self._log.error(
                "%s failing: %s; retrying with backoff", self.name, text, extra={"loop": self.name}
            )
            self._reported = True
            status = LoopStatus(
                self.name,
                ok=False,
                # A start-up step has been unready since it began.
                since=self._clock.now() if self._status.ok else self._status.since,
                critical=self._critical,
                failures=1,
                error=type(error).__name__,
            )
        else:
            previous = self._status
            status = LoopStatus(
                self.name,
                ok=False,
                since=previous.since,
                critical=self._critical,
                failures=previous.failures + 1,
                error=type(error).__name__,
            )
        self._update(status)
        return self._policy.delay_seconds(status.failures)

    def close(self) -> None:
        self._registry.forget(self)

    def _update(self, status: LoopStatus) -> None:
        self._status = status
        self._registry.set(self, status)
        set_loop_health(self.name, status.ok)


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    body: dict[str, object]


def readiness(
    pings: dict[str, bool], statuses: dict[str, LoopStatus], *, required: frozenset[str]
) -> Readiness:
    """Ready when every required ping answers and no critical loop is failing. A ping that is
    not required (Redis, whose loss delays wake-ups but stops nothing) shows in the body as
    "degraded", and turns the status to "degraded", without taking the process out of a load
    balancer's rotation: draining every replica for a Redis outage would stop hooks and GraphQL,
    which need only Postgres."""
    for name, up in pings.items():
        metrics.set("etp_dependency_up", 1.0 if up else 0.0, dependency=name)
    failing = [s for s in statuses.values() if not s.ok and s.critical]
    ready = all(pings[name] for name in required) and not failing
    degraded = not all(pings.values()) or any(not s.ok for s in statuses.values())
    return Readiness(
        ready=ready,
        body={
            "status": "unavailable" if not ready else "degraded" if degraded else "ready",
            "checks": {
                name: "ok" if up else "down" if name in required else "degraded"
                for name, up in pings.items()
            },
            "loops": {
                s.name: {
                    "status": "ok" if s.ok else "failing",
                    "since": s.since.isoformat(),
                    "critical": s.critical,
                    "failures": s.failures,
                    "error": s.error,
                }
                for s in sorted(statuses.values(), key=lambda s: s.name)
            },
        },
    )


async def answers(check: Awaitable[object], *, within: float) -> bool:
    """Whether a ping completes in time; readiness pings must never hang the probe."""
    try:
        await asyncio.wait_for(check, within)
    except Exception:
        return False
    return True
