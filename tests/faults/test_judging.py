"""The suite's own rules, as tables: what counts as /readyz lying, and the worst recovery."""

from __future__ import annotations

import pytest

from tests.faults.drivers import Attempt, Probe
from tests.faults.scenario import _ready_while_failing, _worst


def hooks(*outcomes: tuple[float, int | None]) -> list[Attempt]:
    return [Attempt(0, done - 0.01, done, status) for done, status in outcomes]


@pytest.mark.parametrize(
    ("attempts", "probe", "lie"),
    [
        # inside a 2 s run of 500s: a lie
        (hooks((0, 202), (1, 500), (2, 500), (3, 500), (4, 202)), Probe(0, 2.0, 200), True),
        # the same probe answering 503 is the truth
        (hooks((0, 202), (1, 500), (2, 500), (3, 500), (4, 202)), Probe(0, 2.0, 503), False),
        # refused connections count as failures too
        (hooks((1, None), (2, None), (3, 202)), Probe(0, 1.8, 200), True),
        # a run shorter than 1 s is a blip, not "cannot serve"
        (hooks((1, 500), (1.5, 500), (2, 202)), Probe(0, 1.4, 200), False),
        # within half a second of the first failure the probe may not know yet
        (hooks((1, 500), (2, 500), (3, 500)), Probe(0, 1.3, 200), False),
        # after the run ended with a 202 the process serves again
        (hooks((1, 500), (2, 500), (3, 202)), Probe(0, 3.5, 200), False),
        # a run still going at the end counts
        (hooks((0, 202), (1, 500), (2.5, 500)), Probe(0, 2.0, 200), True),
    ],
)
def test_ready_while_failing(attempts: list[Attempt], probe: Probe, lie: bool) -> None:
    assert bool(_ready_while_failing(attempts, [probe])) is lie


@pytest.mark.parametrize(
    ("values", "worst"),
    [([0.1, 2.5], 2.5), ([0.1, None], None), ([], None)],
)
def test_worst_recovery_is_never_when_one_process_never_recovered(
    values: list[float | None], worst: float | None
) -> None:
    assert _worst(values) == worst
