"""Trigger.lastEvent and Trigger.eventCount for a page of triggers at once (the GraphQL layer
batches them per request)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from core.events.count_windows import event_count_start
from core.events.records import StoredEvent
from core.storage import trigger_activity


async def last_events(trigger_ids: Sequence[UUID]) -> list[StoredEvent | None]:
    """Each trigger's newest non-test event, in the order asked; None for a trigger with none."""
    newest = await trigger_activity.newest_events(trigger_ids)
    return [newest.get(trigger_id) for trigger_id in trigger_ids]


async def event_counts(
    trigger_ids: Sequence[UUID], *, since: datetime | None, now: datetime
) -> list[int]:
    """Non-test events of each trigger fired since `since` (core.events.count_windows decides
    the start), in the order asked."""
    start = event_count_start(since, now=now)
    counts = await trigger_activity.event_counts_since(
        trigger_ids, since=start.since, first_whole_minute=start.first_whole_minute
    )
    return [counts.get(trigger_id, 0) for trigger_id in trigger_ids]
