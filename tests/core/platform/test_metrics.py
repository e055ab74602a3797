"""Metrics: the names call sites use, and how several processes of one server add up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.platform.metrics import HOOK_STATUSES, Metrics, metrics, set_loop_health


def sample(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return None


def test_loop_health_is_one_while_the_loop_works_and_zero_while_it_fails() -> None:
    set_loop_health("test-loop", True)
    assert sample(metrics.render().decode(), "etp_loop_healthy", loop="test-loop") == 1.0
    set_loop_health("test-loop", False)
    assert sample(metrics.render().decode(), "etp_loop_healthy", loop="test-loop") == 0.0


def test_existing_names_are_exposed_unchanged() -> None:
    metrics.inc("etp_events_written_total")
    metrics.inc("etp_events_written_total", 2)
    text = metrics.render().decode()
    assert sample(text, "etp_events_written_total") == metrics.value("etp_events_written_total")
    assert "# TYPE etp_events_written_total counter" in text
    assert "_created" not in text


@pytest.mark.parametrize(
    ("kind", "name", "labels", "use", "error"),
    [
        ("counter", "etp_test_labelled_total", ("a",), {"b": "1"}, "Incorrect label names"),
        ("counter", "etp_test_unlabelled_total", (), {"a": "1"}, "No label names"),
    ],
)
def test_a_misused_metric_is_refused(
    kind: str, name: str, labels: tuple[str, ...], use: dict[str, str], error: str
) -> None:
    fresh = Metrics()
    fresh.describe(name, "test", kind=kind, labels=labels)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=error):
        fresh.inc(name, **use)


def test_a_counter_not_named_total_is_refused() -> None:
    # prometheus-client would expose it as etp_test_things_total: a renamed series.
    with pytest.raises(ValueError, match="must end in _total"):
        Metrics().describe("etp_test_things", "test")


def test_a_metric_is_described_before_its_first_use() -> None:
    fresh = Metrics()
    with pytest.raises(ValueError, match="used before it is described"):
        fresh.inc("etp_test_early_total")
    fresh.describe("etp_test_described_total", "test")
    with pytest.raises(ValueError, match="described twice"):
        fresh.describe("etp_test_described_total", "again")


AGENT = """
import sys
from datetime import UTC, datetime, timedelta
from core.events.records import StoredEvent
from core.platform.metrics import metrics, observe_hook_request, set_loop_health
from core.scheduling.scheduler import Scheduler
from core.events.sources import EventSource
from core.triggers.kinds import TriggerKind

for line in sys.stdin:
    command, *args = line.split()
    if command == "hook":
        observe_hook_request(int(args[0]), 0.01)
    elif command == "firing":
        due = datetime(2026, 1, 1, tzinfo=UTC)
        late = timedelta(seconds=float(args[0]))
        fired = StoredEvent(
            id=1, trigger_id=None, trigger_name="t", kind=TriggerKind.SCHEDULED,
            source=EventSource.SCHEDULE, payload=None, is_test=False, scheduled_for=due,
            fired_at=due + late,
        )
        Scheduler._count([fired], missed=0)
    elif command == "subscribe":
        metrics.inc("etp_live_subscribers")
    elif command == "health":
        set_loop_health(args[0], args[1] == "1")
    elif command == "render":
        sys.stdout.write(metrics.render().decode())
    sys.stdout.write("END\\n")
    sys.stdout.flush()
"""


class Agent:
    """A process of a multi-process server, driven line by line."""

    def __init__(self, directory: Path) -> None:
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", AGENT],
            env=env,
            cwd=Path(__file__).resolve().parents[3],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, *commands: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        output = []
        for command in commands:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
            while (line := self.process.stdout.readline()) != "END\n":
                assert line, "agent exited"
                output.append(line)
        return "".join(output)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        self.process.send_signal(sig)
        self.process.wait(10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def agents(tmp_path: Path):  # type: ignore[no-untyped-def]
    started: list[Agent] = []

    def start() -> Agent:
        started.append(Agent(tmp_path))
        return started[-1]

    yield start
    for agent in started:
        if agent.process.poll() is None:
            agent.stop()


def test_counters_of_every_process_add_up_even_after_it_ended(agents) -> None:  # type: ignore[no-untyped-def]
    first, second = agents(), agents()
    first("hook 202", "hook 202")
    second("hook 202", "hook 404")
    first.stop(signal.SIGKILL)
    text = second("render")
    assert sample(text, "etp_hook_request_duration_seconds_count", status="202") == 3.0
    assert sample(text, "etp_hook_request_duration_seconds_count", status="404") == 1.0


def test_gauges_count_live_processes_only(agents) -> None:  # type: ignore[no-untyped-def]
    first, second = agents(), agents()
    first("subscribe", "subscribe", "health writer 0")
    second("subscribe", "health writer 1")
    text = second("render")
    # Subscribers of the whole server; a loop failing in any process shows.
    assert sample(text, "etp_live_subscribers") == 3.0
    assert sample(text, "etp_loop_healthy", loop="writer") == 0.0
    first.stop(signal.SIGKILL)
    text = second("render")
    assert sample(text, "etp_live_subscribers") == 1.0
    assert sample(text, "etp_loop_healthy", loop="writer") == 1.0


# ---- issue 18: every series from the first scrape, none repeating another ------------------------


def test_every_series_exists_from_the_first_scrape(agents) -> None:  # type: ignore[no-untyped-def]
    text = agents()("render")
    families = list(text_string_to_metric_families(text))
    assert [f.name for f in families if not f.samples] == []
    lateness = "etp_scheduled_firing_lateness_seconds"
    assert sample(text, f"{lateness}_count") == 0.0
    assert sample(text, f"{lateness}_bucket", le="+Inf") == 0.0
    assert sample(text, "etp_missed_firings_total") == 0.0
    for status in HOOK_STATUSES:
        count = sample(text, "etp_hook_request_duration_seconds_count", status=str(status))
        assert count == 0.0, status


def test_no_series_repeats_another(agents) -> None:  # type: ignore[no-untyped-def]
    text = agents()("hook 202", "hook 202", "hook 404", "firing 2.5", "firing 0.5", "render")
    families = list(text_string_to_metric_families(text))
    observed = {
        (s.name.rsplit("_", 1)[1], tuple(sorted(s.labels.items())), s.value)
        for f in families
        if f.type == "histogram"
        for s in f.samples
        if s.name.endswith(("_count", "_sum")) and s.value
    }
    assert len(observed) >= 4, observed  # the traffic above was observed
    repeats = [
        (s.name, s.labels, s.value)
        for f in families
        if f.type == "counter"
        for s in f.samples
        if s.value
        and any(
            (kind, tuple(sorted(s.labels.items())), s.value) in observed
            for kind in ("count", "sum")
        )
    ]
    assert repeats == []
