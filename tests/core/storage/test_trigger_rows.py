"""Trigger rows (core/storage/trigger_rows.py): records in, records out, and a unique index's
refusal as the storage's own exception."""

from __future__ import annotations

from typing import Any

import pytest

from core.storage import trigger_rows
from core.storage.trigger_rows import TriggerConflict
from core.triggers.kinds import TriggerKind
from core.triggers.records import StoredTrigger
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


async def api_trigger(name: str, **values: Any) -> StoredTrigger:
    return await trigger_rows.insert_trigger(
        name=name,
        kind=TriggerKind.API,
        api_schema={"a": "int"},
        hook_token=f"{name}-token",
        **values,
    )


async def test_a_changed_trigger_is_returned_as_the_database_has_it(clean: Server) -> None:
    trigger = await api_trigger("payments")
    changed = await trigger_rows.update_trigger(trigger, {"name": "refunds", "paused": True})
    assert changed is not None
    assert (changed.name, changed.paused) == ("refunds", True)
    assert changed.updated_at > trigger.updated_at
    assert changed == await trigger_rows.trigger_by_id(trigger.id)


async def test_a_taken_name_is_a_trigger_conflict(clean: Server) -> None:
    await api_trigger("payments")
    with pytest.raises(TriggerConflict):
        await api_trigger("payments")
    other = await api_trigger("refunds")
    with pytest.raises(TriggerConflict):
        await trigger_rows.update_trigger(other, {"name": "payments"})
    assert await trigger_rows.trigger_by_id(other.id) == other


async def test_changing_a_deleted_trigger_changes_nothing(clean: Server) -> None:
    trigger = await api_trigger("payments")
    assert await trigger_rows.delete_trigger(trigger.id)
    assert await trigger_rows.update_trigger(trigger, {"paused": True}) is None
    assert await trigger_rows.trigger_by_id(trigger.id) is None
    assert not await trigger_rows.delete_trigger(trigger.id)


async def test_a_hook_token_finds_only_its_api_trigger(clean: Server) -> None:
    trigger = await api_trigger("payments")
    assert await trigger_rows.api_trigger_by_hook_token("payments-token") == trigger
    assert await trigger_rows.api_trigger_by_hook_token("unknown-token") is None
