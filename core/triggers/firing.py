"""Firing triggers: every firing becomes one committed event in the event log."""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.errors import FireRefusal, RefusalReason, UserError, invalid
from core.events.records import NewEvent, StoredEvent, TriggerGuard
from core.events.retention import RetentionWindows
from core.events.sources import EventSource
from core.platform import retry_policies
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.storage import deferred_test_rows, event_reads, expired_events, trigger_rows
from core.storage.event_log import EventLog
from core.triggers.definitions import (
    Owner,
    compile_api_schema,
    over_quota,
    validate_json,
    validate_name,
)
from core.triggers.json_schema import VALIDATION_SECONDS_MAX
from core.triggers.kinds import TriggerKind
from core.triggers.payload_schema import PayloadSchema, Violation, compile_schema
from core.triggers.records import StoredTrigger
from core.triggers.schedules import ScheduleInput, validate_schedule

FireResult = StoredEvent | list[FireRefusal]
HOOK_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Payloads up to this size validate on the event loop without stalling it; bigger ones (up to
# the 256 KiB hook cap) could, so they go to a thread.
INLINE_PAYLOAD_BYTES = 16 * 1024


def rough_size(value: object, *, limit: int) -> int:
    """About the JSON size of `value` in bytes, counted only until it passes `limit`."""
    size = 0
    stack = [value]
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            size += 2 + sum(len(k) + 4 for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            size += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, str):
            size += len(item) + 2
        else:
            size += 5
    return size


async def payload_violations(
    schema: PayloadSchema, payload: object, *, size: int | None = None
) -> list[Violation]:
    """The schema's violations, computed off the event loop when the payload is big."""
    if size is None:
        size = rough_size(payload, limit=INLINE_PAYLOAD_BYTES)
    if size <= INLINE_PAYLOAD_BYTES:
        return schema.violations(payload)
    return await asyncio.to_thread(schema.violations, payload, seconds=VALIDATION_SECONDS_MAX)


class SchemaCache:
    """Compiled payload schemas by trigger version: compiling is costly, firing is hot."""

    def __init__(self, max_entries: int = 4096) -> None:
        self._entries: dict[tuple[Any, datetime], PayloadSchema] = {}
        self._max_entries = max_entries

    async def for_trigger(self, trigger: StoredTrigger) -> PayloadSchema:
        key = (trigger.id, trigger.updated_at)
        compiled = self._entries.get(key)
        if compiled is None:
            # In a thread: a big schema takes up to a second to check (core/triggers/json_schema.py).
            result = await asyncio.to_thread(compile_schema, trigger.api_schema)
            # Saved schemas were checked on save, but one saved before a check existed (a remote
            # $ref, a backtracking pattern) is refused on fire, with the reason, until edited.
            compiled = RefusedSchema(result) if isinstance(result, list) else result
            if len(self._entries) >= self._max_entries:
                self._entries.clear()
            self._entries[key] = compiled
        return compiled


class RefusedSchema:
    def __init__(self, problems: list[UserError]) -> None:
        self._violations = [
            Violation((), f"this trigger's apiSchema is no longer accepted: {p.message}")
            for p in problems
        ]

    def violations(self, payload: object, *, seconds: float = 0.0) -> list[Violation]:
        return list(self._violations)


def schema_mismatches(violations: list[Violation], *field_path: str) -> list[FireRefusal]:
    return [
        FireRefusal(RefusalReason.SCHEMA_MISMATCH, v.message, (*field_path, *v.path))
        for v in violations
    ]


def _refusals(errors: list[UserError]) -> list[FireRefusal]:
    return [FireRefusal.of(error) for error in errors]


UNKNOWN_HOOK = FireRefusal(RefusalReason.UNKNOWN_TRIGGER, "no API trigger has this hook URL")


@dataclass(frozen=True, slots=True)
class HookFired:
    """The hook's event: stored now, or (replayed) stored by an earlier request with its key."""

    event: StoredEvent
    replayed: bool = False


HookResult = HookFired | list[FireRefusal]


def request_hash(body: bytes, *, is_test: bool) -> str:
    return hashlib.sha256(b"test:" + body if is_test else body).hexdigest()


@dataclass(frozen=True, slots=True)
class HookTarget:
    """What firing a hook needs to know about its API trigger, as of `version`."""

    token: str
    trigger_id: UUID
    name: str
    paused: bool
    version: datetime
    schema: PayloadSchema


@dataclass(frozen=True, slots=True)
class HookRequest:
    """A hook request for a trigger found by Firing.find_hook."""

    target: HookTarget
    payload: Any
    is_test: bool
    raw_body: bytes
    idempotency_key: str | None = None


class HookCache:
    """Hook token -> trigger, so that a webhook request costs no lookup query.

    Staleness is safe: events are written with a guard on (token, version), so the database
    refuses them once the token is rotated or the trigger edited, and the caller reloads.

    A token that matched nothing is remembered for UNKNOWN_SECONDS too, so a sender that keeps
    calling a deleted hook costs no query each time. That never hides a new hook: tokens are
    drawn at random (128+ bits), so a new one was never asked about before it existed.
    """

    UNKNOWN_SECONDS = 5.0

    def __init__(
        self, schemas: SchemaCache, max_entries: int = 10_000, *, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self._schemas = schemas
        self._entries: dict[str, HookTarget] = {}
        self._unknown: dict[str, float] = {}  # token -> until when (monotonic) it is unknown
        self._max_entries = max_entries
        self._clock = clock

    async def get(self, token: str, *, fresh: bool = False) -> HookTarget | None:
        if not fresh:
            cached = self._entries.get(token)
            if cached is not None:
                return cached
            if self._unknown.get(token, 0.0) > self._clock.monotonic():
                return None
        trigger = await trigger_rows.api_trigger_by_hook_token(token)
        if trigger is None:
            self._entries.pop(token, None)
            if len(self._unknown) >= self._max_entries:
                self._unknown.clear()
            self._unknown[token] = self._clock.monotonic() + self.UNKNOWN_SECONDS
            return None
        self._unknown.pop(token, None)
        target = HookTarget(
            token=token,
            trigger_id=trigger.id,
            name=trigger.name,
            paused=trigger.paused,
            version=trigger.updated_at,
            schema=await self._schemas.for_trigger(trigger),
        )
        if len(self._entries) >= self._max_entries:
            self._entries.clear()
        self._entries[token] = target
        return target

    def forget(self, token: str) -> None:
        self._entries.pop(token, None)
        self._unknown.pop(token, None)


class Firing:
    """Fires triggers into the event log; one per process."""

    def __init__(
        self,
        event_log: EventLog,
        *,
        windows: RetentionWindows,
        schemas: SchemaCache | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.event_log = event_log
        self.clock = clock
        self.windows = windows
        self.schemas = schemas or SchemaCache()
        self.hook_targets = HookCache(self.schemas)

    async def find_hook(self, token: str) -> HookTarget | None:
        """The API trigger a hook token names: the hook path's one check of the token's form
        and its one lookup (from the hook cache, else the database). The transport asks before
        it reads anything else of the request, and fires with what this returns."""
        if not HOOK_TOKEN.fullmatch(token):
            # Not a token this platform issues: no need to ask the database.
            return None
        return await self.hook_targets.get(token)

    async def fire_hook(self, request: HookRequest) -> HookResult:
        token = request.target.token
        key = request.idempotency_key
        digest = request_hash(request.raw_body, is_test=request.is_test) if key else None
        # A cached trigger may be stale; its guard then makes the database refuse the event,
        # and the second attempt works from a fresh read.
        checked: tuple[PayloadSchema, list[Violation]] | None = None
        for attempt in range(retry_policies.HOOK_FIRING.attempts):
            fresh = attempt > 0
            hook = await self.hook_targets.get(token, fresh=True) if fresh else request.target
            if hook is None:
                return [UNKNOWN_HOOK]
            paused = hook.paused and not request.is_test
            if paused:
                violations = []
            elif checked is not None and checked[0] is hook.schema:
                # Same schema as the stale copy's: checking a big payload again costs seconds.
                violations = checked[1]
            else:
                violations = await payload_violations(
                    hook.schema, request.payload, size=len(request.raw_body)
                )
                checked = (hook.schema, violations)
            if paused or violations:
                if not fresh:
                    # A refusal may come from a stale copy (resumed, schema edited): confirm it.
                    continue
                if paused:
                    return [FireRefusal(RefusalReason.PAUSED, "trigger is paused", ("id",))]
                return schema_mismatches(violations, "payload")
            result = await self.event_log.append(
                NewEvent(
                    trigger_id=hook.trigger_id,
                    trigger_name=hook.name,
                    kind=TriggerKind.API,
                    source=EventSource.API,
                    payload=request.payload,
                    is_test=request.is_test,
                    idempotency_key=request.idempotency_key,
                    request_hash=digest,
                    guard=TriggerGuard(hook.trigger_id, token, hook.version),
                )
            )
            if isinstance(result, StoredEvent):
                return HookFired(result)
            if key and digest:
                replay = await self._replay(hook.trigger_id, key, digest)
                if replay is not None:
                    return replay
            self.hook_targets.forget(token)
        # Refused even after a fresh read: the trigger is being changed this very moment.
        return [
            FireRefusal(RefusalReason.TRIGGER_CHANGED, "the trigger changed while firing; retry")
        ]

    async def _replay(self, trigger_id: UUID, key: str, digest: str) -> HookResult | None:
        stored = await event_reads.event_by_idempotency_key(trigger_id, key)
        if stored is None:
            return None
        if stored.status(now=self.clock.now(), windows=self.windows) is None:
            # Past retention the first event reads as deleted, so its key is free again: delete
            # it now (as the sweep would have) and let the caller's retry fire afresh.
            await expired_events.delete_event(stored.id)
            return None
        if stored.request_hash != digest:
            return [
                FireRefusal(
                    RefusalReason.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was first used with a different request body",
                )
            ]
        return HookFired(stored, replayed=True)

    async def fire_now(
        self, trigger: StoredTrigger, payload: Any, *, payload_given: bool, is_test: bool
    ) -> FireResult:
        """GraphQL fireTrigger/testTrigger: an API trigger validates the payload it is given;
        a scheduled trigger runs now with its own payload unless one is given."""
        unstorable = validate_json(payload, "payload")
        if unstorable:
            return _refusals(unstorable)
        if trigger.kind is TriggerKind.API:
            if trigger.paused and not is_test:
                return [FireRefusal(RefusalReason.PAUSED, "trigger is paused", ("id",))]
            schema = await self.schemas.for_trigger(trigger)
            violations = await payload_violations(schema, payload)
            if violations:
                return schema_mismatches(violations, "payload")
            source = EventSource.MANUAL if is_test else EventSource.API
        else:
            payload = payload if payload_given else trigger.payload
            source = EventSource.MANUAL
        return await self._append(
            NewEvent(
                trigger_id=trigger.id,
                trigger_name=trigger.name,
                kind=trigger.kind,
                source=source,
                payload=payload,
                is_test=is_test,
            )
        )

    async def test_definition(
        self,
        *,
        name: str,
        kind: TriggerKind,
        schedule: ScheduleInput | None,
        payload: Any,
        api_schema: Any,
        now: datetime,
        fire_at: datetime | None = None,
        owner: Owner | None = None,
    ) -> FireResult | None:
        """Validate an unsaved definition as a save would, then fire it once as a test event:
        now, or at fire_at (then None is returned and the scheduler fires it; the pending run
        counts toward the owner's quota until then)."""
        errors = validate_name(name, "name")
        errors += validate_json(payload, "payload")
        errors += validate_json(api_schema, "api_schema")
        if errors:
            return _refusals(errors)
        mismatches: list[FireRefusal] = []
        if kind is TriggerKind.SCHEDULED:
            if schedule is None:
                errors.append(invalid("a scheduled trigger needs a schedule", "schedule"))
            else:
                checked = validate_schedule(schedule, now=now)
                if isinstance(checked, list):
                    errors += checked
        else:
            compiled = await compile_api_schema(api_schema, "api_schema")
            if isinstance(compiled, list):
                errors += compiled
            else:
                found = await payload_violations(compiled, payload)
                mismatches = schema_mismatches(found, "payload")
        late: list[UserError] = []
        if fire_at is not None:
            if fire_at.tzinfo is None:
                late.append(invalid("fireAt must include a UTC offset", "fire_at"))
            elif fire_at < now:
                late.append(invalid("fireAt is in the past", "fire_at"))
        if errors or mismatches or late:
            return [*_refusals(errors), *mismatches, *_refusals(late)]
        if fire_at is not None and fire_at > now:
            if owner is not None:
                refused = await over_quota(owner)
                if refused:
                    return _refusals(refused)
            await deferred_test_rows.insert_deferred_test(
                name=name.strip(),
                kind=kind,
                payload=payload,
                fire_at=fire_at,
                created_by_key=owner.key_id if owner else None,
            )
            return None
        return await self._append(
            NewEvent(
                trigger_id=None,
                trigger_name=name.strip(),
                kind=kind,
                source=EventSource.MANUAL,
                payload=payload,
                is_test=True,
            )
        )

    async def _append(self, event: NewEvent) -> FireResult:
        result = await self.event_log.append(event)
        assert isinstance(result, StoredEvent), "events without keys are never duplicates"
        return result
