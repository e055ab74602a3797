"""The platform's metrics for /metrics, kept by prometheus-client.

One process keeps them in memory (prometheus-client's default registry). Under
`etp api --workers N` every worker process writes its values to files in PROMETHEUS_MULTIPROC_DIR
(prometheus-client's multiprocess mode, chosen by that variable, which `etp api` sets before the
workers start) and /metrics adds up the files of all processes, so whichever worker answers the
scrape reports the whole server. Separate servers and worker processes each expose their own;
the scraper sums them.

Call sites name metrics as strings (`metrics.inc("etp_hook_requests_total", status="404")`); the
prometheus-client object behind a name is created on its first use, with the label names of that
use unless `describe` gave them, and its labelled child is cached so the hot path is one dict
lookup and one locked add.
"""

from __future__ import annotations

import asyncio
import glob
import os
import threading
from collections.abc import Callable, Sequence
from typing import Literal

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

Kind = Literal["counter", "gauge", "histogram"]
# How a gauge's per-process values combine in multiprocess mode; the `live` modes forget a process
# once it is gone (see `_forget_dead_processes`).
GaugeMode = Literal["livesum", "livemin", "livemax", "liveall", "livemostrecent"]

# `_created` series double the output and mean nothing to the dashboards; multiprocess mode has none,
# so one process and many expose the same series.
disable_created_metrics()  # type: ignore[no-untyped-call]

_Metric = Counter | Gauge | Histogram


def multiprocess_dir() -> str | None:
    """The directory shared by this server's processes, or None when this process is alone."""
    # Set at all, even empty, prometheus-client's values go to files (prometheus_client.values).
    return os.environ.get(MULTIPROC_DIR_ENV)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._specs: dict[str, _Spec] = {}
        self._metrics: dict[str, _Metric] = {}
        self._children: dict[tuple[str, tuple[tuple[str, str], ...]], _Metric] = {}
        self._collectors: list[Callable[[], None]] = []

    def describe(
        self,
        name: str,
        help_text: str,
        *,
        kind: Kind = "counter",
        labels: Sequence[str] | None = None,
        buckets: Sequence[float] | None = None,
        multiprocess_mode: GaugeMode = "livesum",
    ) -> None:
        """Declare a metric before its first use. Without `labels`, it takes the label names of
        its first use."""
        spec = _Spec(help_text, kind, labels, buckets, multiprocess_mode)
        with self._lock:
            if name in self._metrics:
                raise ValueError(f"metric {name} is described after its first use")
            self._specs[name] = spec
        if labels is not None:
            self._metric(name, tuple(labels))

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        child = self._children.get((name, tuple(labels.items())))
        if child is None:
            child = self._child(name, labels)
        child.inc(amount)  # type: ignore[union-attr]

    def set(self, name: str, value: float, **labels: str) -> None:
        """For gauges."""
        child = self._children.get((name, tuple(labels.items())))
        if child is None:
            child = self._child(name, labels)
        child.set(value)  # type: ignore[union-attr]

    def observe(self, name: str, value: float, **labels: str) -> None:
        """For histograms."""
        child = self._children.get((name, tuple(labels.items())))
        if child is None:
            child = self._child(name, labels)
        child.observe(value)  # type: ignore[union-attr]

    def child(self, name: str, **labels: str) -> _Metric:
        """The labelled series itself, for a caller on a hot path to keep (after a first use)."""
        child = self._children.get((name, tuple(labels.items())))
        return child if child is not None else self._child(name, labels)

    def value(self, name: str, **labels: str) -> float:
        """This process's value of a counter or gauge (0 before its first use)."""
        child = self._children.get((name, tuple(labels.items())))
        if child is None or isinstance(child, Histogram):
            return 0.0
        return float(child._value.get())

    def collect_with(self, collector: Callable[[], None]) -> None:
        """Run before each render (and, with several processes, by `run_collectors` in each): for
        counts kept outside, where a locked update per occurrence would cost too much (live
        messages)."""
        self._collectors.append(collector)

    def run_collectors(self) -> None:
        for collector in self._collectors:
            collector()

    def render(self) -> bytes:
        """The Prometheus text format: this process alone, or every process of this server."""
        self.run_collectors()
        return self._exposition()

    async def render_async(self) -> bytes:
        """`render`, reading the other processes' files off the event loop. The collectors run
        here, on the loop, beside the code whose counts they move."""
        self.run_collectors()
        if multiprocess_dir() is None:
            return self._exposition()
        return await asyncio.to_thread(self._exposition)

    def _exposition(self) -> bytes:
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(REGISTRY)
        _forget_dead_processes(directory)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry)

    def _child(self, name: str, labels: dict[str, str]) -> _Metric:
        metric = self._metric(name, tuple(sorted(labels)))
        child = metric.labels(**labels) if labels else metric
        self._children[(name, tuple(labels.items()))] = child
        return child

    def _metric(self, name: str, label_names: tuple[str, ...]) -> _Metric:
        with self._lock:
            metric = self._metrics.get(name)
            if metric is None:
                spec = self._specs.get(name) or _Spec(name, "counter", None, None, "livesum")
                metric = spec.create(name, label_names if spec.labels is None else spec.labels)
                self._metrics[name] = metric
            return metric


class _Spec:
    __slots__ = ("buckets", "help_text", "kind", "labels", "multiprocess_mode")

    def __init__(
        self,
        help_text: str,
        kind: Kind,
        labels: Sequence[str] | None,
        buckets: Sequence[float] | None,
        multiprocess_mode: GaugeMode,
    ) -> None:
        self.help_text = help_text
        self.kind = kind
        self.labels = tuple(labels) if labels is not None else None
        self.buckets = tuple(buckets) if buckets is not None else None
        self.multiprocess_mode = multiprocess_mode

    def create(self, name: str, label_names: Sequence[str]) -> _Metric:
        if self.kind == "counter":
            # prometheus-client would otherwise add `_total` itself, renaming the series.
            if not name.endswith("_total"):
                raise ValueError(f"counter {name} must end in _total")
            return Counter(name, self.help_text, label_names)
        if self.kind == "gauge":
            return Gauge(
                name, self.help_text, label_names, multiprocess_mode=self.multiprocess_mode
            )
        if self.buckets is None:
            return Histogram(name, self.help_text, label_names)
        return Histogram(name, self.help_text, label_names, buckets=self.buckets)


def _forget_dead_processes(directory: str) -> None:
    """Drop the `live` gauge files of processes that are gone (a worker killed and replaced by
    uvicorn): their last values would otherwise count forever. Their counters stay: what they
    counted happened."""
    pids = {
        os.path.basename(path).rsplit("_", 1)[1].removesuffix(".db")
        for path in glob.glob(os.path.join(directory, "gauge_live*_*.db"))
    }
    for pid in pids:
        if pid.isdigit() and not _alive(int(pid)):
            mark_process_dead(int(pid), directory)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


metrics = Metrics()

# A process whose pid was used by a dead worker before it must not take over that worker's gauge
# values; this runs before any gauge of this process exists.
if (_directory := multiprocess_dir()) is not None:
    mark_process_dead(os.getpid(), _directory)  # type: ignore[no-untyped-call]

metrics.describe("etp_events_written_total", "Events committed to the event log")
metrics.describe("etp_event_batches_total", "Event log transactions (group commits)")
metrics.describe(
    "etp_hook_requests_total", "Webhook requests by response status", labels=("status",)
)
metrics.describe(
    "etp_hook_request_duration_seconds",
    "Webhook request handling time, from the request to its response, by response status",
    kind="histogram",
    labels=("status",),
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
metrics.describe(
    "etp_live_subscribers",
    "Live subscriptions open in this server (all its processes)",
    kind="gauge",
    labels=(),
)
metrics.describe(
    "etp_scheduled_firing_lateness_seconds",
    "Committed minus scheduled time of each scheduled firing",
    kind="histogram",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
)
metrics.describe(
    "etp_loop_healthy",
    "1 while a long-lived loop (event-log writer, scheduler, ...) works, 0 while it is failing; "
    "with several processes, 0 if it fails in any of them",
    kind="gauge",
    labels=("loop",),
    multiprocess_mode="livemin",
)


def set_loop_health(loop: str, healthy: bool) -> None:
    """Report whether a long-lived loop currently works (`etp_loop_healthy{loop=...}`)."""
    metrics.set("etp_loop_healthy", 1.0 if healthy else 0.0, loop=loop)


# Every hook request is counted and timed: its two series per status, found once.
_hook_series: dict[int, tuple[Counter, Histogram]] = {}


def observe_hook_request(status: int, seconds: float) -> None:
    series = _hook_series.get(status)
    if series is None:
        status_text = str(status)
        counter = metrics.child("etp_hook_requests_total", status=status_text)
        duration = metrics.child("etp_hook_request_duration_seconds", status=status_text)
        assert isinstance(counter, Counter) and isinstance(duration, Histogram)
        series = _hook_series[status] = (counter, duration)
    series[0].inc()
    series[1].observe(seconds)


def observe_firing_lateness(seconds: float) -> None:
    metrics.observe("etp_scheduled_firing_lateness_seconds", seconds)
