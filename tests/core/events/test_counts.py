"""eventCounts from the per-minute rollup: the same numbers as counting every event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.errors import UserErrors
from core.events.count_windows import CountPlan, EdgeRange, count_plan, rate_buckets
from core.events.counts import count_events_by_trigger
from core.events.records import NewEvent, StoredEvent
from core.events.retention import FiredAtRange, RetentionWindows, event_status
from core.events.sources import EventSource
from core.triggers.kinds import TriggerKind
from tests.conftest import Server

T = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
S = timedelta(seconds=1)
M = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        # ACTIVE: whole minutes from the one after the lower bound, plus the lower edge.
        (
            FiredAtRange(newer_than=T + 30 * S, not_after=None),
            CountPlan(T + M, None, (EdgeRange(after=T + 30 * S, before=T + M),)),
        ),
        # A bound on a minute's start: that minute is partial (an event at the bound is out).
        (
            FiredAtRange(newer_than=T, not_after=None),
            CountPlan(T + M, None, (EdgeRange(after=T, before=T + M),)),
        ),
        # ARCHIVED: whole minutes in between, both edges from the events.
        (
            FiredAtRange(newer_than=T + 30 * S, not_after=T + 10 * M + 5 * S),
            CountPlan(
                T + M,
                T + 10 * M,
                (
                    EdgeRange(after=T + 30 * S, before=T + M),
                    EdgeRange(after=None, since=T + 10 * M, until=T + 10 * M + 5 * S),
                ),
            ),
        ),
        # Narrower than two minutes: no whole minute, the events are counted directly.
        (
            FiredAtRange(newer_than=T + 30 * S, not_after=T + M + 10 * S),
            CountPlan(None, None, (EdgeRange(after=T + 30 * S, until=T + M + 10 * S),)),
        ),
    ],
)
def test_count_plan(window: FiredAtRange, expected: CountPlan) -> None:
    assert count_plan(window) == expected


@pytest.mark.asyncio
async def test_counts_match_the_events_at_every_boundary(clean: Server) -> None:
    """Events written now, counted as of later instants chosen so that each window boundary
    falls before, inside and after their minute: rollup + edges must equal a count of all."""
    triggers = [UUID(int=1), UUID(int=2)]
    stored: list[StoredEvent] = []
    for n in range(12):
        event = NewEvent(
            trigger_id=triggers[n % 2],
            trigger_name=f"t{n % 2}",
            kind=TriggerKind.API,
            source=EventSource.API,
            payload={"n": n},
            is_test=n == 5,
        )
        [result] = await clean.services.event_log.append_many([event])
        assert isinstance(result, StoredEvent)
        stored.append(result)
    windows = RetentionWindows(active_seconds=90, retention_seconds=200)
    first = min(e.fired_at for e in stored)
    for offset in [0, 1, 30, 59, 60, 61, 89, 90, 91, 119, 120, 150, 199, 200, 201, 260]:
        now = first.replace(microsecond=0) + timedelta(seconds=offset)
        counted = {
            c.trigger_id: (c.active, c.archived)
            for c in await count_events_by_trigger(now=now, windows=windows)
        }
        expected: dict[UUID, list[int]] = {}
        for e in stored:
            status = event_status(e.fired_at, now=now, windows=windows)
            if e.is_test or status is None or e.trigger_id is None:
                continue
            pair = expected.setdefault(e.trigger_id, [0, 0])
            pair[0 if status.value == "ACTIVE" else 1] += 1
        assert counted == {t: tuple(p) for t, p in expected.items()}, offset


def test_rate_buckets_are_aligned_and_bounded() -> None:
    now = datetime(2026, 11, 26, 12, 7, 30, tzinfo=UTC)
    windows = RetentionWindows(active_seconds=7200, retention_seconds=172800)
    starts = rate_buckets(
        since=now - timedelta(minutes=22), now=now, bucket_seconds=600, windows=windows
    )
    assert starts == [
        datetime(2026, 11, 26, h, m, tzinfo=UTC) for h, m in ((11, 40), (11, 50), (12, 0))
    ]
    assert (
        rate_buckets(since=now + timedelta(seconds=1), now=now, bucket_seconds=60, windows=windows)
        == []
    )
    # Clamped to retention: the oldest whole minute still kept.
    oldest = rate_buckets(
        since=now - timedelta(days=30), now=now, bucket_seconds=60, windows=windows
    )
    assert oldest[0] == datetime(2026, 11, 24, 12, 8, tzinfo=UTC)
    long = RetentionWindows(active_seconds=7200, retention_seconds=365 * 86400)
    with pytest.raises(UserErrors):
        rate_buckets(since=now - timedelta(days=300), now=now, bucket_seconds=60, windows=long)
