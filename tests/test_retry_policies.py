"""Retry and back-off numbers live in core/platform/retry_policies.py (and, for the dashboard's
live client, dashboard/src/lib/retry.ts), nowhere else: checked on the source itself.

What counts as a retry number: a LoopMonitor's policy, a call of backoff_seconds, a literal
handed to asyncio.sleep/time.sleep, a literal bound to a name or keyword that says retry, back-off
or pause. Timeouts and poll intervals of healthy loops are not retries and stay where they are
used.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "core", "workers", "etp")
# The module of policies and the pure formula it builds on.
# core/deliveries/retry_schedule.py is not a loop's policy but the product's: the schedule a
# destination's deliveries follow (Svix's, or the destination's own), part of the public contract.
HOMES = {
    Path("core/platform/retry_policies.py"),
    Path("core/platform/backoff.py"),
    Path("core/deliveries/retry_schedule.py"),
}
RETRY_WORD = re.compile(r"retr(y|ies)|back_?off|pause|max_tries|attempts", re.IGNORECASE)
SLEEPS = {("asyncio", "sleep"), ("time", "sleep")}


def _number(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value != 0
    )


def _named(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _from_policies(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "retry_policies"
    )


def retry_numbers(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for every retry or back-off number the source writes itself."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = node.func
            if _named(called) == "LoopMonitor":
                policy = next((k.value for k in node.keywords if k.arg == "policy"), None)
                if policy is None or not _from_policies(policy):
                    yield node.lineno, "a LoopMonitor whose policy is not from retry_policies"
            if _named(called) == "backoff_seconds":
                yield node.lineno, "backoff_seconds called outside retry_policies"
            if (
                isinstance(called, ast.Attribute)
                and isinstance(called.value, ast.Name)
                and (called.value.id, called.attr) in SLEEPS
                and any(_number(arg) for arg in node.args)
            ):
                yield node.lineno, f"{called.value.id}.sleep of a literal"
            for keyword in node.keywords:
                if keyword.arg and RETRY_WORD.search(keyword.arg) and _number(keyword.value):
                    yield node.lineno, f"{keyword.arg}= a literal"
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _named(target)
                if RETRY_WORD.search(name) and _number(node.value):
                    yield node.lineno, f"{name} = a literal"


def python_sources() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.relative_to(ROOT) not in HOMES:
                yield path


@pytest.mark.parametrize(
    "source",
    [
        'LoopMonitor("scheduler", log, base_seconds=0.1, cap_seconds=1.0)',
        'LoopMonitor("scheduler", log, policy=RetryPolicy(0.1, 1.0))',
        'LoopMonitor("scheduler", log)',
        "delay = backoff_seconds(failures, base=0.1, cap=2.0)",
        "await asyncio.sleep(0.5)",
        "time.sleep(2)",
        "REDIS_RETRY_SECONDS = 5.0",
        "BACK_OFF_SECONDS: float = 5.0",
        "self.publish_pause = 2.0",
        "RedisSettings(conn_retries=5)",
        "class WorkerSettings:\n    max_tries = 3",
    ],
)
def test_a_planted_retry_number_is_found(source: str) -> None:
    assert list(retry_numbers(source))


@pytest.mark.parametrize(
    "source",
    [
        'LoopMonitor("scheduler", log, policy=retry_policies.SCHEDULER)',
        "await asyncio.sleep(0)",  # a yield to the loop, not a wait
        "await asyncio.sleep(retry_policies.LIVE_REDIS.delay_seconds(failures))",
        "await asyncio.sleep(METRICS_FLUSH_SECONDS)",
        "REDIS_TIMEOUT_SECONDS = 0.25",  # a timeout, not a retry
        "RETRY_AFTER_SECONDS = retry_policies.RETRY_AFTER_DATABASE_DOWN_SECONDS",
        "retry_jobs = True",
    ],
)
def test_what_is_not_a_retry_number_passes(source: str) -> None:
    assert not list(retry_numbers(source))


def test_no_retry_number_outside_the_policies_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in python_sources()
        for line, what in retry_numbers(path.read_text())
    ]
    assert not found, "name the policy in core/platform/retry_policies.py:\n" + "\n".join(found)


DASHBOARD = ROOT / "dashboard" / "src"
DASHBOARD_HOME = DASHBOARD / "lib" / "retry.ts"
# A line that speaks of retrying and writes a number, or a timer whose delay is a literal in
# the live client.
TS_RETRY_LINE = re.compile(r"(retry|backoff|back-off|reconnect|resubscribe)", re.IGNORECASE)
TS_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(\.\d+)?(?![\w])")


def ts_retry_numbers(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("//", 1)[0]
        # 0 and 1 count failures ("the n-th is retries + 1"); they wait for nothing.
        numbers = {m.group() for m in TS_NUMBER.finditer(code)} - {"0", "1"}
        if TS_RETRY_LINE.search(code) and numbers:
            yield number, line.strip()


def test_ts_planted_retry_numbers_are_found() -> None:
    assert list(ts_retry_numbers("    retryWait: (n) => wait(Math.min(5000, 250 * 2 ** n)),"))
    assert list(ts_retry_numbers("  retryAttempts: 5,"))
    assert list(ts_retry_numbers("  retryWait: () => wait(1000),"))
    assert not list(ts_retry_numbers("  retryAttempts: LIVE_RECONNECT.attempts,"))
    assert not list(ts_retry_numbers("  retryWait: (n) => wait(delayMs(LIVE_RECONNECT, n + 1)),"))
    assert not list(ts_retry_numbers("  // retried up to 5 times"))


def test_the_dashboards_live_client_takes_its_retries_from_one_module() -> None:
    assert DASHBOARD_HOME.exists()
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted(DASHBOARD.rglob("*.ts*"))
        if path != DASHBOARD_HOME
        for line, text in ts_retry_numbers(path.read_text())
    ]
    assert not found, "name the policy in dashboard/src/lib/retry.ts:\n" + "\n".join(found)
