"""A destination's triggers as named by the caller: each must parse and exist."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from core.deliveries.destination_triggers import MAX_TRIGGER_IDS, chosen_triggers
from core.errors import ErrorCode
from core.triggers.definitions import ApiTriggerInput, create_api_trigger
from core.triggers.records import StoredTrigger
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


async def test_every_bad_id_is_named_by_its_index_and_good_ones_are_kept(clean: Server) -> None:
    trigger = await create_api_trigger(ApiTriggerInput(name="t", api_schema={"a": "int"}))
    assert isinstance(trigger, StoredTrigger)
    assert await chosen_triggers(None) is None
    assert await chosen_triggers([str(trigger.id), str(trigger.id)]) == (trigger.id,)
    errors = await chosen_triggers([str(uuid4()), str(trigger.id), "nope"])
    assert isinstance(errors, list)
    assert [(e.code, e.field) for e in errors] == [
        (ErrorCode.NOT_FOUND, ("trigger_ids", "0")),
        (ErrorCode.INVALID, ("trigger_ids", "2")),
    ]
    too_many = await chosen_triggers([str(UUID(int=i)) for i in range(MAX_TRIGGER_IDS + 1)])
    assert isinstance(too_many, list) and too_many[0].field == ("trigger_ids",)
