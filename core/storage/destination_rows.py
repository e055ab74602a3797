"""Destination rows: create, read, change, delete and list, taking and returning records."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from core.deliveries.records import DestinationSettings, StoredDestination
from core.storage.models import Destination
from core.storage.read_bounds import bounded


def stored_destination(row: Destination) -> StoredDestination:
    ids = row.trigger_ids
    schedule = row.retry_schedule
    return StoredDestination(
        id=row.id,
        name=row.name,
        url=row.url,
        headers=row.headers,
        timeout_seconds=row.timeout_seconds,
        trigger_ids=tuple(UUID(i) for i in ids) if ids is not None else None,
        include_test=row.include_test,
        ordered=row.ordered,
        max_in_flight=row.max_in_flight,
        rate_per_second=row.rate_per_second,
        retry_schedule=tuple(int(s) for s in schedule or ()),
        paused=row.paused,
        disabled_at=row.disabled_at,
        disabled_reason=row.disabled_reason,
        secret=row.secret,
        previous_secret=row.previous_secret,
        previous_secret_until=row.previous_secret_until,
        failing_since=row.failing_since,
        created_by_key=row.created_by_key,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def settings_columns(settings: DestinationSettings, schedule: tuple[int, ...]) -> dict[str, Any]:
    ids = settings.trigger_ids
    return {
        "name": settings.name,
        "url": settings.url,
        "headers": settings.headers,
        "timeout_seconds": settings.timeout_seconds,
        # Strings: the outbox matches them with jsonb containment against the event's trigger.
        "trigger_ids": [str(i) for i in ids] if ids is not None else None,
        "include_test": settings.include_test,
        "ordered": settings.ordered,
        "max_in_flight": settings.max_in_flight,
        "rate_per_second": settings.rate_per_second,
        "retry_schedule": list(schedule),
    }


async def insert_destination(
    settings: DestinationSettings,
    *,
    schedule: tuple[int, ...],
    secret: str,
    created_by_key: str | None,
) -> StoredDestination:
    row = await Destination.create(
        id=uuid4(),
        secret=secret,
        created_by_key=created_by_key,
        **settings_columns(settings, schedule),
    )
    return stored_destination(row)


async def destination_by_id(destination_id: UUID) -> StoredDestination | None:
    async with bounded():
        row = await Destination.get_or_none(id=destination_id)
    return stored_destination(row) if row is not None else None


async def update_destination(
    destination_id: UUID, changes: dict[str, Any], *, now: datetime
) -> StoredDestination | None:
    """Writes the given columns; None when the destination does not exist (any more)."""
    count: int = await Destination.filter(id=destination_id).update(**changes, updated_at=now)
    if not count:
        return None
    return await destination_by_id(destination_id)


async def delete_destination(destination_id: UUID) -> bool:
    """Its deliveries and their attempts go with it (ON DELETE CASCADE)."""
    deleted: int = await Destination.filter(id=destination_id).delete()
    return deleted > 0


async def destinations_page(*, limit: int, after: UUID | None) -> list[StoredDestination]:
    """Up to `limit` destinations in creation order, after the one named `after` (creation
    times are microseconds apart: two destinations are not created in the same one)."""
    query = Destination.all()
    async with bounded() as connection:
        if after is not None:
            anchor = await Destination.filter(id=after).using_db(connection).first()
            if anchor is not None:
                query = query.filter(created_at__gt=anchor.created_at)
        rows = await query.using_db(connection).order_by("created_at", "id").limit(limit)
    return [stored_destination(row) for row in rows]
