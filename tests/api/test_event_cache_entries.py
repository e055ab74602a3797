"""When a cached event list entry may be served, and when the cache is worth asking at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.graphql.fast_paths.event_list_cache import PayingGate, valid_text

COMPUTED = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
UNTIL = COMPUTED + timedelta(seconds=30)
ENTRY = f'42@x\n{COMPUTED.isoformat()}\n{UNTIL.isoformat()}\n{{"events":1}}'.encode()
SECOND = timedelta(seconds=1)
MICRO = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("entry", "version", "now", "served"),
    [
        (ENTRY, "42@x", COMPUTED, True),
        (ENTRY, "42@x", UNTIL - MICRO, True),
        (ENTRY, "42@x", UNTIL, False),  # time has changed the result
        (ENTRY, "42@x", COMPUTED - MICRO, False),  # a reader behind the writer's moment
        (ENTRY, "43@x", COMPUTED + SECOND, False),  # the log has changed
        (b"42@x\nnot a time\n" + UNTIL.isoformat().encode() + b"\n{}", "42@x", COMPUTED, False),
        (b"42@x\nshort", "42@x", COMPUTED, False),  # an entry written by other code
        (b"\xff\xfe", "42@x", COMPUTED, False),
    ],
)
def test_an_entry_is_served_only_for_its_version_and_moments(
    entry: bytes, version: str, now: datetime, served: bool
) -> None:
    text = valid_text(entry, version=version, now=now)
    assert (text == '{"events":1}') is served
    if not served:
        assert text is None


def run_gate(gate: PayingGate, outcomes: str) -> str:
    """Feeds lookups ('h' hit, 'm' miss) while the gate lets them through; '-' for a bypass."""
    seen = ""
    for outcome in outcomes:
        if gate.should_try():
            gate.record(hit=outcome == "h")
            seen += outcome
        else:
            seen += "-"
    return seen


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        # Paying: hits at or above a quarter of each window of four keep it on.
        ("hmmm" * 3, "hmmm" * 3),
        ("hhhh" * 3, "hhhh" * 3),
        # Not paying: after a window with too few hits, the next three reads bypass it...
        ("mmmm" + "hhh" + "hh", "mmmm" + "---" + "hh"),
        # ...and then it is tried again, and judged on a fresh window.
        ("mmmm" + "xxx" + "mmmm" + "xxx" + "h", "mmmm---mmmm---h"),
    ],
)
def test_the_cache_is_skipped_for_a_while_when_it_stops_paying(
    outcomes: str, expected: str
) -> None:
    gate = PayingGate(window=4, min_hit_ratio=0.25, skip=3)
    assert run_gate(gate, outcomes) == expected
