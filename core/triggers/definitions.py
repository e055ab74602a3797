"""Trigger definitions: create, change, pause, delete. Firing lives in core/triggers/firing.py."""

from __future__ import annotations

import asyncio
import base64
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from core.errors import ErrorCode, UserError, invalid, not_found
from core.storage import deferred_test_rows, trigger_rows
from core.storage.trigger_rows import TriggerConflict
from core.triggers.kinds import TriggerKind
from core.triggers.payload_schema import PayloadSchema, compile_schema
from core.triggers.records import StoredTrigger
from core.triggers.schedules import Schedule, ScheduleInput, next_fire_time, validate_schedule
from core.triggers.storable_json import find_unstorable, text_problem

NAME_MAX = 200
DEFAULT_MISFIRE_GRACE_SECONDS = 60
MISFIRE_GRACE_MAX = 7 * 24 * 3600

TriggerResult = StoredTrigger | list[UserError]


@dataclass(frozen=True, slots=True)
class ScheduledTriggerInput:
    name: str
    schedule: ScheduleInput
    description: str | None = None
    payload: Any = None
    misfire_grace_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class ApiTriggerInput:
    name: str
    api_schema: Any
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TriggerChanges:
    """Fields left out of `given` (by their names here) stay as they are, so that null can
    still be set explicitly."""

    given: frozenset[str] = field(default_factory=frozenset)
    name: str | None = None
    description: str | None = None
    schedule: ScheduleInput | None = None
    payload: Any = None
    api_schema: Any = None
    misfire_grace_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Owner:
    """The API key creating a trigger, and how many triggers one key may keep."""

    key_id: str
    max_triggers: int


def new_hook_token() -> str:
    # 256 random bits; the token alone authorises firing the trigger.
    return secrets.token_urlsafe(32)


def parse_trigger_id(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except (ValueError, TypeError, AttributeError):
        return None


async def get_trigger(raw_id: str) -> StoredTrigger | None:
    trigger_id = parse_trigger_id(raw_id)
    if trigger_id is None:
        return None
    return await trigger_rows.trigger_by_id(trigger_id)


async def find_trigger(raw_id: str, *field_path: str) -> StoredTrigger | list[UserError]:
    trigger = await get_trigger(raw_id)
    if trigger is None:
        return [not_found("trigger", *(field_path or ("id",)))]
    return trigger


def validate_name(name: str | None, *field_path: str) -> list[UserError]:
    if name is None or not name.strip():
        return [invalid("name must not be empty", *field_path)]
    if len(name) > NAME_MAX:
        return [invalid(f"name must be at most {NAME_MAX} characters", *field_path)]
    return validate_text(name, *field_path)


def validate_text(text: str | None, *field_path: str) -> list[UserError]:
    problem = text_problem(text) if text else None
    return [invalid(f"{field_path[-1]} {problem}", *field_path)] if problem else []


def validate_json(value: Any, *field_path: str) -> list[UserError]:
    """JSON the databases cannot store (NUL, unpaired surrogates, runaway nesting) is refused."""
    problem = find_unstorable(value)
    if problem is None:
        return []
    return [invalid(problem.message, *field_path, *problem.path)]


def validate_grace(value: int | None, *field_path: str) -> list[UserError]:
    if value is not None and not 0 <= value <= MISFIRE_GRACE_MAX:
        return [
            invalid(f"misfireGraceSeconds must be between 0 and {MISFIRE_GRACE_MAX}", *field_path)
        ]
    return []


async def compile_api_schema(spec: Any, *field_path: str) -> PayloadSchema | list[UserError]:
    # Off the event loop: checking a schema of a few thousand nodes against its metaschema
    # takes up to a second.
    compiled = await asyncio.to_thread(compile_schema, spec)
    if isinstance(compiled, list):
        return [_reroot(error, field_path) for error in compiled]
    return compiled


async def validate_api_schema(spec: Any, *field_path: str) -> list[UserError]:
    compiled = await compile_api_schema(spec, *field_path)
    return compiled if isinstance(compiled, list) else []


def _reroot(error: UserError, field_path: tuple[str, ...]) -> UserError:
    """compile_schema names paths from "api_schema"; put them under the caller's field path."""
    rest = (error.field or ())[1:]
    return UserError(error.code, error.message, (*field_path, *rest))


def first_fire_at(schedule: Schedule, *, now: datetime) -> datetime | None:
    return next_fire_time(schedule, after=now)


async def create_scheduled_trigger(
    data: ScheduledTriggerInput, *, now: datetime, owner: Owner | None = None
) -> TriggerResult:
    errors = validate_name(data.name, "name")
    errors += validate_text(data.description, "description")
    errors += validate_json(data.payload, "payload")
    errors += validate_grace(data.misfire_grace_seconds, "misfire_grace_seconds")
    schedule = validate_schedule(data.schedule, now=now, field=("schedule",))
    if isinstance(schedule, list):
        errors += schedule
    if errors or isinstance(schedule, list):
        return errors
    return await _insert(
        owner,
        name=data.name.strip(),
        description=data.description,
        kind=TriggerKind.SCHEDULED,
        schedule=schedule.to_json(),
        payload=data.payload,
        misfire_grace_seconds=(
            data.misfire_grace_seconds
            if data.misfire_grace_seconds is not None
            else DEFAULT_MISFIRE_GRACE_SECONDS
        ),
        next_fire_at=first_fire_at(schedule, now=now),
    )


async def create_api_trigger(data: ApiTriggerInput, *, owner: Owner | None = None) -> TriggerResult:
    errors = validate_name(data.name, "name")
    errors += validate_text(data.description, "description")
    errors += validate_json(data.api_schema, "api_schema")
    errors += await validate_api_schema(data.api_schema, "api_schema")
    if errors:
        return errors
    return await _insert(
        owner,
        name=data.name.strip(),
        description=data.description,
        kind=TriggerKind.API,
        api_schema=data.api_schema,
        hook_token=new_hook_token(),
    )


async def over_quota(owner: Owner) -> list[UserError]:
    """Whether the key may add one more trigger or pending test run (each is scheduler work).

    Counted, not locked: concurrent creates from one key may pass the quota by the few that
    race (API_RATE_LIMIT bounds how many); the quota stops floods, not the last one."""
    kept = await trigger_rows.count_created_by(owner.key_id)
    kept += await deferred_test_rows.count_created_by(owner.key_id)
    if kept < owner.max_triggers:
        return []
    return [
        UserError(
            ErrorCode.FORBIDDEN,
            f"this API key already has {kept} triggers and pending test runs, its quota"
            f" (MAX_TRIGGERS_PER_KEY={owner.max_triggers}); delete some first",
            ("definition",),
        )
    ]


async def _insert(owner: Owner | None, **values: Any) -> TriggerResult:
    if owner is not None:
        refused = await over_quota(owner)
        if refused:
            return refused
        values["created_by_key"] = owner.key_id
    try:
        return await trigger_rows.insert_trigger(**values)
    except TriggerConflict:
        return [_name_taken(values["name"])]


def _name_taken(name: str) -> UserError:
    return UserError(ErrorCode.CONFLICT, f"a trigger named {name!r} already exists", ("name",))


async def update_trigger(raw_id: str, changes: TriggerChanges, *, now: datetime) -> TriggerResult:
    found = await find_trigger(raw_id)
    if isinstance(found, list):
        return found
    trigger = found
    errors: list[UserError] = []
    updates: dict[str, Any] = {}
    given = changes.given
    scheduled = trigger.kind is TriggerKind.SCHEDULED
    if "name" in given:
        errors += validate_name(changes.name, "name")
        if changes.name:
            updates["name"] = changes.name.strip()
    if "description" in given:
        errors += validate_text(changes.description, "description")
        updates["description"] = changes.description
    for name, label, applies in (
        ("schedule", "schedule", scheduled),
        ("payload", "payload", scheduled),
        ("misfire_grace_seconds", "misfireGraceSeconds", scheduled),
        ("api_schema", "apiSchema", not scheduled),
    ):
        if name in given and not applies:
            errors.append(
                invalid(f"{label} does not apply to a {trigger.kind.value} trigger", name)
            )
    if scheduled and "schedule" in given:
        if changes.schedule is None:
            errors.append(invalid("a scheduled trigger needs a schedule", "schedule"))
        else:
            schedule = validate_schedule(changes.schedule, now=now, field=("schedule",))
            if isinstance(schedule, list):
                errors += schedule
            else:
                updates["schedule"] = schedule.to_json()
                updates["next_fire_at"] = (
                    None if trigger.paused else first_fire_at(schedule, now=now)
                )
    if scheduled and "payload" in given:
        errors += validate_json(changes.payload, "payload")
        updates["payload"] = changes.payload
    if scheduled and "misfire_grace_seconds" in given:
        errors += validate_grace(changes.misfire_grace_seconds, "misfire_grace_seconds")
        updates["misfire_grace_seconds"] = (
            changes.misfire_grace_seconds
            if changes.misfire_grace_seconds is not None
            else DEFAULT_MISFIRE_GRACE_SECONDS
        )
    if not scheduled and "api_schema" in given:
        errors += validate_json(changes.api_schema, "api_schema")
        errors += await validate_api_schema(changes.api_schema, "api_schema")
        updates["api_schema"] = changes.api_schema
    if errors:
        return errors
    if not updates:
        return trigger
    try:
        return await _changed(trigger, updates)
    except TriggerConflict:
        return [_name_taken(updates.get("name", trigger.name))]


async def _changed(trigger: StoredTrigger, updates: dict[str, Any]) -> TriggerResult:
    changed = await trigger_rows.update_trigger(trigger, updates)
    return [not_found("trigger", "id")] if changed is None else changed


async def delete_trigger(raw_id: str) -> UUID | list[UserError]:
    trigger_id = parse_trigger_id(raw_id)
    if trigger_id is None or not await trigger_rows.delete_trigger(trigger_id):
        return [not_found("trigger", "id")]
    return trigger_id


async def set_paused(raw_id: str, paused: bool, *, now: datetime) -> TriggerResult:
    found = await find_trigger(raw_id)
    if isinstance(found, list):
        return found
    trigger = found
    if trigger.paused == paused:
        return trigger
    updates: dict[str, Any] = {"paused": paused}
    if trigger.kind is TriggerKind.SCHEDULED:
        # Resuming continues from now: firings due while paused are not replayed.
        updates["next_fire_at"] = (
            None if paused else first_fire_at(Schedule.from_json(trigger.schedule), now=now)
        )
    return await _changed(trigger, updates)


async def rotate_hook_token(raw_id: str) -> TriggerResult:
    found = await find_trigger(raw_id)
    if isinstance(found, list):
        return found
    trigger = found
    if trigger.kind is not TriggerKind.API:
        return [invalid("only API triggers have a hook URL", "id")]
    return await _changed(trigger, {"hook_token": new_hook_token()})


@dataclass(frozen=True, slots=True)
class TriggerPage:
    triggers: list[StoredTrigger]
    has_next_page: bool


async def list_triggers(
    *, kind: TriggerKind | None, first: int, after_name: str | None
) -> TriggerPage:
    """Triggers by name; the cursor is the last name seen (names are unique)."""
    rows = await trigger_rows.triggers_by_name(kind=kind, limit=first + 1, after_name=after_name)
    return TriggerPage(triggers=rows[:first], has_next_page=len(rows) > first)


def encode_trigger_cursor(name: str) -> str:
    return base64.urlsafe_b64encode(name.encode()).decode()


def decode_trigger_cursor(raw: str) -> str | None:
    """The name a cursor points after; None for anything no trigger name could be (a NUL, which
    Postgres refuses, or more than NAME_MAX characters)."""
    if len(raw) > 4 * NAME_MAX * 4 // 3 + 4:  # base64 of NAME_MAX characters of 4 bytes
        return None
    try:
        name = base64.urlsafe_b64decode(raw.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not name or len(name) > NAME_MAX or text_problem(name) is not None:
        return None
    return name
