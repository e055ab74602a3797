"""What a page of triggers shows of its events: each one's newest event and its count since a
time. One statement per page for each, whatever the page's size (the triggers page lists up to
500 and once sent a query per trigger)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from core.events.records import StoredEvent
from core.storage.event_reads import _PAGE_COLUMNS, _from_row
from core.storage.read_bounds import fetch

# Per trigger, through the (trigger_id, fired_at, id) index: one row each, never a scan.
_NEWEST = f"""
SELECT newest.* FROM unnest($1::uuid[]) AS wanted(id)
CROSS JOIN LATERAL (
    SELECT {_PAGE_COLUMNS} FROM events
    WHERE trigger_id = wanted.id AND is_test = false
    ORDER BY fired_at DESC, id DESC LIMIT 1
) AS newest
"""

# Whole minutes from the per-minute rollup (non-test events only, written with them), and the
# part of the first minute after `since` from the events themselves.
_COUNTS = """
SELECT trigger_id, sum(n)::bigint FROM (
    SELECT trigger_id, n FROM event_counts
    WHERE trigger_id = ANY($1::uuid[]) AND minute >= $3
    UNION ALL
    SELECT trigger_id, count(*) FROM events
    WHERE trigger_id = ANY($1::uuid[]) AND is_test = false AND fired_at >= $2 AND fired_at < $3
    GROUP BY trigger_id
) AS parts GROUP BY trigger_id
"""


async def newest_events(trigger_ids: Sequence[UUID]) -> dict[UUID, StoredEvent]:
    """Each trigger's newest non-test event, whatever its status; triggers without one are
    left out."""
    rows = await fetch(_NEWEST, [list(trigger_ids)])
    events = [_from_row(row) for row in rows]
    return {event.trigger_id: event for event in events if event.trigger_id is not None}


async def event_counts_since(
    trigger_ids: Sequence[UUID], *, since: datetime, first_whole_minute: datetime
) -> dict[UUID, int]:
    """Non-test events fired at or after `since`, per trigger (absent: none).
    first_whole_minute: the first minute starting at or after `since`."""
    rows = await fetch(_COUNTS, [list(trigger_ids), since, first_whole_minute])
    return {UUID(str(row[0])): int(row[1]) for row in rows}
