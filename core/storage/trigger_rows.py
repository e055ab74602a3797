"""Trigger rows read on the hot path of firing."""

from __future__ import annotations

from core.storage.models import Trigger, TriggerKind
from core.storage.read_bounds import bounded


async def api_trigger_by_hook_token(token: str) -> Trigger | None:
    """The API trigger a hook URL names (a unique index on hook_token)."""
    async with bounded():
        trigger = await Trigger.get_or_none(hook_token=token, kind=TriggerKind.API)
    return trigger
