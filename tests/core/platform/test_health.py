"""Loop health: backoff, one log line per transition, the registry readiness reads."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from core.platform.backoff import backoff_seconds
from core.platform.health import HealthRegistry, LoopMonitor, LoopStatus, readiness
from core.platform.retry_policies import RetryPolicy

_POLICY = RetryPolicy(base_seconds=0.1, cap_seconds=2.0)


@pytest.mark.parametrize(
    ("failures", "draw", "expected"),
    [
        (0, 1.0, 0.0),
        (1, 1.0, 0.1),
        (2, 1.0, 0.2),
        (4, 1.0, 0.8),
        (7, 1.0, 5.0),  # capped
        (1000, 1.0, 5.0),  # no overflow
        (4, 0.5, 0.4),  # jitter: a fraction of the ceiling
        (4, 0.0, 0.0),
    ],
)
def test_backoff_is_capped_exponential_with_full_jitter(
    failures: int, draw: float, expected: float
) -> None:
    assert backoff_seconds(failures, base=0.1, cap=5.0, draw=lambda: draw) == pytest.approx(
        expected
    )


def test_a_monitor_logs_once_when_it_breaks_and_once_when_it_recovers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = HealthRegistry()
    monitor = LoopMonitor(
        "writer", logging.getLogger("test.loop"), policy=_POLICY, registry=registry
    )
    with caplog.at_level(logging.INFO, logger="test.loop"):
        delays = [monitor.failed(OSError("refused")) for _ in range(50)]
        status = registry.snapshot()["writer"]
        monitor.succeeded()
        monitor.succeeded()
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.INFO]
    assert "OSError: refused" in caplog.records[0].getMessage()
    assert "recovered" in caplog.records[1].getMessage()
    # The public status names the class only; the log has the whole text.
    assert (status.ok, status.failures, status.error) == (False, 50, "OSError")
    assert max(delays) <= _POLICY.cap_seconds
    assert max(delays) > 0  # the policy's delays, not none
    assert registry.snapshot()["writer"].ok


@pytest.mark.parametrize("failures", [0, 3])
def test_a_start_up_step_is_unready_until_it_succeeds_and_logs_only_failures(
    caplog: pytest.LogCaptureFixture, failures: int
) -> None:
    registry = HealthRegistry()
    monitor = LoopMonitor(
        "start",
        logging.getLogger("test.loop"),
        policy=_POLICY,
        registry=registry,
        started=False,
    )
    with caplog.at_level(logging.INFO, logger="test.loop"):
        assert not registry.snapshot()["start"].ok
        for _ in range(failures):
            monitor.failed(OSError("refused"))
        assert not registry.snapshot()["start"].ok
        monitor.succeeded()
    assert registry.snapshot()["start"].ok
    logged = [r.getMessage().split(":")[0] for r in caplog.records]
    assert logged == (["start failing", "start recovered"] if failures else [])


def test_two_loops_of_one_name_show_failing_if_either_fails() -> None:
    registry = HealthRegistry()
    log = logging.getLogger("test.loop")
    first = LoopMonitor("scheduler", log, policy=_POLICY, registry=registry)
    second = LoopMonitor("scheduler", log, policy=_POLICY, registry=registry)
    second.failed(OSError("down"))
    assert not registry.snapshot()["scheduler"].ok
    second.close()
    assert registry.snapshot()["scheduler"].ok
    first.close()
    assert "scheduler" not in registry.snapshot()


_T0 = datetime(2030, 1, 1, tzinfo=UTC)


def _loop(name: str, ok: bool, *, critical: bool = True) -> LoopStatus:
    return LoopStatus(name, ok=ok, since=_T0, critical=critical, failures=0 if ok else 3)


@pytest.mark.parametrize(
    ("pings", "statuses", "ready", "status"),
    [
        ({"database": True, "redis": True}, [_loop("event-log", True)], True, "ready"),
        ({"database": False, "redis": True}, [_loop("event-log", True)], False, "unavailable"),
        ({"database": True, "redis": False}, [_loop("event-log", True)], True, "degraded"),
        ({"database": True, "redis": True}, [_loop("event-log", False)], False, "unavailable"),
        (
            {"database": True, "redis": True},
            [_loop("event-log", True), _loop("queue", False, critical=False)],
            True,
            "degraded",
        ),
    ],
)
def test_readiness_needs_the_database_and_every_critical_loop(
    pings: dict[str, bool], statuses: list[LoopStatus], ready: bool, status: str
) -> None:
    report = readiness(pings, {s.name: s for s in statuses}, required=frozenset({"database"}))
    assert (report.ready, report.body["status"]) == (ready, status)
    # A required dependency that does not answer is "down"; another one is "degraded".
    assert report.body["checks"] == {
        k: "ok" if v else "down" if k == "database" else "degraded" for k, v in pings.items()
    }
    assert set(report.body["loops"]) == {s.name for s in statuses}  # type: ignore[arg-type]
