"""Trigger.lastEvent and Trigger.eventCount, batched: each a DataLoader per request, so a page
of triggers costs one query for its last events and one for its counts, not one per trigger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from strawberry.dataloader import DataLoader

from api.graphql.context import Context
from core.events.records import StoredEvent
from core.triggers import activity

CountKey = tuple[UUID, datetime | None]


class TriggerActivity:
    def __init__(self, now: datetime) -> None:
        self._now = now
        self.last_event = DataLoader[UUID, StoredEvent | None](load_fn=activity.last_events)
        self.event_count = DataLoader[CountKey, int](load_fn=self._event_counts)

    async def _event_counts(self, keys: Sequence[CountKey]) -> list[int]:
        # A page asks with one `since` (or none): one query per distinct value.
        by_since: dict[datetime | None, list[UUID]] = defaultdict(list)
        for trigger_id, since in keys:
            by_since[since].append(trigger_id)
        counts: dict[CountKey, int] = {}
        for since, trigger_ids in by_since.items():
            found = await activity.event_counts(trigger_ids, since=since, now=self._now)
            counts.update(
                ((trigger_id, since), n) for trigger_id, n in zip(trigger_ids, found, strict=True)
            )
        return [counts[key] for key in keys]


def trigger_activity(ctx: Context) -> TriggerActivity:
    found = ctx.loaders.get("trigger_activity")
    if not isinstance(found, TriggerActivity):
        found = ctx.loaders["trigger_activity"] = TriggerActivity(ctx.now)
    return found
