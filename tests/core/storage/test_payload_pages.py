"""payloadContains pages when the pattern has more matches in scope than the second step reads
(PAYLOAD_MATCHES_MAX) and none among the newest events: the id blocks are walked newest first
until a page's worth is found, and the page is still exactly the newest matches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.connection import get_connection

from core.events.pages import EventCursor, EventFilter
from core.events.retention import RetentionWindows, fired_at_range
from core.storage import event_reads
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

WINDOWS = RetentionWindows(active_seconds=7200, retention_seconds=172800)
ROWS = 3000


@pytest.fixture
async def old_shape(clean: Server, monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(event_reads, "PAYLOAD_MATCHES_MAX", 50)
    monkeypatch.setattr(event_reads, "PAYLOAD_PROBE_ROWS", 200)
    monkeypatch.setattr(event_reads, "BLOCK_BITS", 6)  # blocks of 64 events
    monkeypatch.setattr(event_reads, "BLOCKS_PER_STEP", 4)
    now = datetime.now(UTC)
    # The older half carries {"era": 0}, the newer {"era": 1}; ids grow with fired_at.
    await get_connection("default").execute_script(
        f"""
        INSERT INTO events (trigger_id, trigger_name, kind, source, is_test, payload, fired_at)
        SELECT NULL, 't', 'API', 'API', false,
               jsonb_build_object('era', CASE WHEN n <= {ROWS // 2} THEN 0 ELSE 1 END, 'n', n),
               '{now.isoformat()}'::timestamptz - (({ROWS} - n) * interval '20 seconds')
        FROM generate_series(1, {ROWS}) AS n;
        ANALYZE events;
        """
    )
    return now


async def expected(pattern: str, after: EventCursor | None, count: int) -> list[int]:
    condition = "" if after is None else f" AND id < {after.id}"
    rows = await get_connection("default").execute_query_dict(
        f"SELECT id FROM events WHERE payload @> '{pattern}'::jsonb{condition}"
        f" ORDER BY id DESC LIMIT {count}"
    )
    return [row["id"] for row in rows]


@pytest.mark.parametrize("pattern", ['{"era":0}', '{"era":1}', '{"n":7}', '{"era":2}'])
async def test_a_page_is_the_newest_matches_whatever_their_age(
    old_shape: datetime, pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked = []
    walk = event_reads._newest_by_blocks

    async def counted(*args: Any, **kwargs: Any) -> list[Any]:
        found = await walk(*args, **kwargs)
        walked.append(len(found))
        return found

    monkeypatch.setattr(event_reads, "_newest_by_blocks", counted)
    filters = EventFilter(status=None, payload_contains=pattern)
    bounds = fired_at_range(None, now=old_shape, windows=WINDOWS)
    after = None
    for _ in range(3):  # three pages, each after the last
        page = await event_reads.event_page(filters, bounds, after=after, limit=21)
        assert [e.id for e in page] == await expected(pattern, after, 21)
        if not page:
            break
        after = EventCursor(page[-1].fired_at, page[-1].id)
    if pattern == '{"era":0}':  # 1,500 old matches, over the 50 read at once: walked
        assert walked == [21]  # the next pages start among old matches: the probe finds them
