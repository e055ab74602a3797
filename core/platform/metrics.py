"""The platform's metrics for /metrics, kept by prometheus-client.

One process keeps them in memory (prometheus-client's default registry). Under
`etp api --workers N` every worker process writes its values to files in PROMETHEUS_MULTIPROC_DIR
(prometheus-client's multiprocess mode, chosen by that variable, which `etp api` sets before the
workers start) and /metrics adds up the files of all processes, so whichever worker answers the
scrape reports the whole server. Separate servers and worker processes each expose their own;
the scraper sums them.

Call sites name metrics as strings (`metrics.observe("etp_hook_request_duration_seconds", 0.01,
status="404")`). Each is declared with `describe` (its kind, label names and the label values
known in advance) before any use, and created there: every series exists, at zero, from the first
scrape, not from the first event it counts (a rate over a series that appears mid-way reads its
first increase as nothing). Labelled children are cached so the hot path is one dict lookup and
one locked add. No series repeats another: a histogram already counts (`_count`) and sums
(`_sum`) what it observes, so there is no counter beside it for either.
"""

from __future__ import annotations

import asyncio
import glob
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
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
        labels: Sequence[str] = (),
        known: Iterable[Mapping[str, str]] = (),
        buckets: Sequence[float] | None = None,
        multiprocess_mode: GaugeMode = "livesum",
    ) -> None:
        """Declare and create a metric, with a zero-valued child for each of the `known` label
        values (a metric without labels is its own series)."""
        spec = _Spec(help_text, kind, labels, buckets, multiprocess_mode)
        with self._lock:
            if name in self._specs:
                raise ValueError(f"metric {name} is described twice")
            self._specs[name] = spec
        self._metric(name)
        for values in known:
            self._child(name, dict(values))

    def declare(self, name: str, **labels: str) -> None:
        """A child whose label values became known (a loop that starts): at zero until used."""
        if (name, tuple(labels.items())) not in self._children:
            self._child(name, labels)

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
        metric = self._metric(name)
        child = metric.labels(**labels) if labels else metric
        self._children[(name, tuple(labels.items()))] = child
        return child

    def _metric(self, name: str) -> _Metric:
        with self._lock:
            metric = self._metrics.get(name)
            if metric is None:
                spec = self._specs.get(name)
                if spec is None:
                    raise ValueError(f"metric {name} is used before it is described")
                metric = spec.create(name)
                self._metrics[name] = metric
            return metric


class _Spec:
    __slots__ = ("buckets", "help_text", "kind", "labels", "multiprocess_mode")

    def __init__(
        self,
        help_text: str,
        kind: Kind,
        labels: Sequence[str],
        buckets: Sequence[float] | None,
        multiprocess_mode: GaugeMode,
    ) -> None:
        self.help_text = help_text
        self.kind = kind
        self.labels = tuple(labels)
        self.buckets = tuple(buckets) if buckets is not None else None
        self.multiprocess_mode = multiprocess_mode

    def create(self, name: str) -> _Metric:
        label_names = self.labels
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

# Every status a hook handler answers (api/rest/hooks.py; 499: the caller left before the answer).
# tests/core/platform/test_metrics.py checks them against the OpenAPI document.
HOOK_STATUSES = (202, 400, 404, 408, 409, 413, 415, 422, 429, 499, 503)

metrics.describe("etp_events_written_total", "Events committed to the event log")
metrics.describe("etp_event_batches_total", "Event log transactions (group commits)")
metrics.describe(
    "etp_hook_request_duration_seconds",
    "Webhook request handling time, from the request to its response, by response status "
    "(`_count`: the requests)",
    kind="histogram",
    labels=("status",),
    known=[{"status": str(status)} for status in HOOK_STATUSES],
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
    "Committed minus scheduled time of each scheduled firing (`_count`: the firings)",
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


# Every hook request is timed (the histogram's _count counts it): its series per status, found
# once.
_hook_series: dict[int, Histogram] = {}


def observe_hook_request(status: int, seconds: float) -> None:
    series = _hook_series.get(status)
    if series is None:
        duration = metrics.child("etp_hook_request_duration_seconds", status=str(status))
        assert isinstance(duration, Histogram)
        series = _hook_series[status] = duration
    series.observe(seconds)


def observe_firing_lateness(seconds: float) -> None:
    metrics.observe("etp_scheduled_firing_lateness_seconds", seconds)
