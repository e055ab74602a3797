"""The triggers a destination receives, as the caller names them: each must parse and exist,
so a typo does not make a destination that silently receives nothing."""

from __future__ import annotations

from uuid import UUID

from core.errors import UserError, invalid, not_found
from core.storage import trigger_rows

MAX_TRIGGER_IDS = 100


async def chosen_triggers(raw_ids: list[str] | None) -> tuple[UUID, ...] | list[UserError] | None:
    """The trigger ids (None: every trigger), or an error per id that is not a trigger."""
    if raw_ids is None:
        return None
    if len(raw_ids) > MAX_TRIGGER_IDS:
        return [invalid(f"at most {MAX_TRIGGER_IDS} triggers", "trigger_ids")]
    parsed: dict[int, UUID] = {}
    errors: list[UserError] = []
    for index, raw in enumerate(raw_ids):
        try:
            parsed[index] = UUID(raw)
        except (ValueError, TypeError, AttributeError):
            errors.append(invalid("is not a trigger id", "trigger_ids", str(index)))
    existing = await trigger_rows.existing_trigger_ids(list(set(parsed.values())))
    errors.extend(
        not_found("trigger", "trigger_ids", str(index))
        for index, trigger_id in parsed.items()
        if trigger_id not in existing
    )
    if errors:
        return sorted(errors, key=lambda e: int((e.field or ("", "0"))[1]))
    return tuple(dict.fromkeys(parsed.values()))
