"""Reading the event log: newest first, keyset-paginated, status exact at read time."""

from __future__ import annotations

from datetime import datetime

from core.events.pages import EventCursor, EventFilter, EventPage
from core.events.records import StoredEvent, parse_event_id
from core.events.retention import EventStatus, RetentionWindows, fired_at_range
from core.storage import event_reads
from core.storage.event_reads import log_version as log_version

PAGE_MAX = 500


async def list_events(
    filters: EventFilter,
    *,
    first: int,
    after: EventCursor | None,
    now: datetime,
    windows: RetentionWindows,
) -> EventPage:
    bounds = fired_at_range(filters.status, now=now, windows=windows)
    # One row read ahead tells whether a next page exists.
    events = await event_reads.event_page(filters, bounds, after=after, limit=first + 1)
    return EventPage(
        events=events[:first],
        has_next_page=len(events) > first,
        read_ahead_fired_at=events[first].fired_at if len(events) > first else None,
    )


async def next_to_archive(
    filters: EventFilter, *, now: datetime, windows: RetentionWindows
) -> datetime | None:
    """When the oldest still-ACTIVE event matching the filters was fired: the next to archive."""
    bounds = fired_at_range(EventStatus.ARCHIVED, now=now, windows=windows)
    assert bounds.not_after is not None
    return await event_reads.oldest_fired_after(filters, bounds.not_after)


async def get_event(raw_id: str, *, now: datetime, windows: RetentionWindows) -> StoredEvent | None:
    """None for unknown ids and for events past retention, deleted or not yet."""
    event_id = parse_event_id(raw_id)
    if event_id is None:
        return None
    event = await event_reads.event_by_id(event_id)
    if event is None:
        return None
    return event if event.status(now=now, windows=windows) is not None else None
