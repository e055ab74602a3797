"""Process-local counters in the Prometheus text format, for /metrics.

Each process exposes its own; the scraper sums them across API and worker processes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable


class Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple[str, tuple[tuple[str, str], ...]], float] = defaultdict(float)
        self._help: dict[str, str] = {}
        self._kinds: dict[str, str] = {}
        self._collectors: list[Callable[[], None]] = []

    def describe(self, name: str, help_text: str, *, kind: str = "counter") -> None:
        self._help[name] = help_text
        self._kinds[name] = kind

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        with self._lock:
            self._values[(name, tuple(sorted(labels.items())))] += amount

    def value(self, name: str, **labels: str) -> float:
        return self._values.get((name, tuple(sorted(labels.items()))), 0.0)

    def collect_with(self, collector: Callable[[], None]) -> None:
        """Run before each render: for counts kept outside, where a locked update per
        occurrence would cost too much (live messages)."""
        self._collectors.append(collector)

    def render(self) -> str:
        for collector in self._collectors:
            collector()
        lines: list[str] = []
        with self._lock:
            items = sorted(self._values.items())
        seen: set[str] = set()
        for (name, labels), value in items:
            if name not in seen:
                seen.add(name)
                lines.append(f"# HELP {name} {self._help.get(name, name)}")
                lines.append(f"# TYPE {name} {self._kinds.get(name, 'counter')}")
            label_text = ",".join(f'{k}="{v}"' for k, v in labels)
            lines.append(f"{name}{{{label_text}}} {value:g}" if label_text else f"{name} {value:g}")
        return "\n".join(lines) + "\n"


metrics = Counters()
metrics.describe("etp_events_written_total", "Events committed to the event log")
metrics.describe("etp_event_batches_total", "Event log transactions (group commits)")
metrics.describe("etp_hook_requests_total", "Webhook requests by response status")
metrics.describe("etp_live_subscribers", "Live subscriptions open in this process", kind="gauge")
