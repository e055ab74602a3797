"""Trigger rows: create, read, change, delete and list, taking and returning StoredTrigger."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError

from core.storage.models import Trigger
from core.storage.read_bounds import bounded
from core.storage.row_records import record_of
from core.triggers.kinds import TriggerKind
from core.triggers.records import StoredTrigger


class TriggerConflict(Exception):
    """A unique index refused the row: another trigger already has its name."""


def stored_trigger(row: Trigger) -> StoredTrigger:
    return record_of(StoredTrigger, row)


async def api_trigger_by_hook_token(token: str) -> StoredTrigger | None:
    """The API trigger a hook URL names (a unique index on hook_token); read on the hook path
    only when the hook cache misses. Not under `bounded()`: a unique-index probe cannot be made
    slow by its caller, and the hook path would pay a transaction's three extra round trips."""
    row = await Trigger.get_or_none(hook_token=token, kind=TriggerKind.API)
    return stored_trigger(row) if row is not None else None


async def trigger_by_id(trigger_id: UUID) -> StoredTrigger | None:
    async with bounded():
        row = await Trigger.get_or_none(id=trigger_id)
    return stored_trigger(row) if row is not None else None


async def insert_trigger(**values: Any) -> StoredTrigger:
    """Raises TriggerConflict when the name is taken."""
    try:
        row: Trigger = await Trigger.create(**values)
    except IntegrityError as error:
        raise TriggerConflict(str(error)) from error
    return stored_trigger(row)


async def update_trigger(trigger: StoredTrigger, changes: dict[str, Any]) -> StoredTrigger | None:
    """Writes only the changed columns (and the version), so that the scheduler's concurrent
    writes of next_fire_at and missed_firings are not overwritten with stale values.

    None when the trigger was deleted meanwhile; raises TriggerConflict when the name is taken.
    """
    updated_at = datetime.now(UTC)
    try:
        count: int = await Trigger.filter(id=trigger.id).update(**changes, updated_at=updated_at)
    except IntegrityError as error:
        raise TriggerConflict(str(error)) from error
    if not count:
        return None
    return replace(trigger, **changes, updated_at=updated_at)


async def delete_trigger(trigger_id: UUID) -> bool:
    deleted: int = await Trigger.filter(id=trigger_id).delete()
    return deleted > 0


async def triggers_by_name(
    *, kind: TriggerKind | None, limit: int, after_name: str | None
) -> list[StoredTrigger]:
    """Up to `limit` triggers in name order, after `after_name` (names are unique)."""
    query = Trigger.all()
    if kind is not None:
        query = query.filter(kind=kind)
    if after_name is not None:
        query = query.filter(name__gt=after_name)
    async with bounded() as connection:
        rows: list[Trigger] = await query.using_db(connection).order_by("name").limit(limit)
    return [stored_trigger(row) for row in rows]


async def count_created_by(key_id: str) -> int:
    count: int = await Trigger.filter(created_by_key=key_id).count()
    return count


async def existing_trigger_ids(trigger_ids: list[UUID]) -> set[UUID]:
    """Which of these triggers exist, in one query (a destination's choice of triggers)."""
    if not trigger_ids:
        return set()
    async with bounded() as connection:
        found = await (
            Trigger.filter(id__in=trigger_ids).using_db(connection).values_list("id", flat=True)
        )
    return {UUID(str(value)) for value in found}
