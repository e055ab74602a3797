"""The triggers domain's mutations (define, change, fire): expected failures come back as payload errors and write nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Context
from api.graphql.events.types import EventPayload, event_or_none
from api.graphql.triggers.inputs import (
    CreateApiTriggerInput,
    CreateScheduledTriggerInput,
    TriggerDefinitionInput,
    UpdateTriggerInput,
)
from api.graphql.triggers.types import DeletePayload, Trigger, TriggerPayload
from api.graphql.user_errors import user_errors
from core.errors import FireRefusal, UserError, invalid
from core.events.records import StoredEvent
from core.platform import json_encoding as json_text
from core.triggers import definitions as triggers
from core.triggers.definitions import ApiTriggerInput, ScheduledTriggerInput
from core.triggers.records import StoredTrigger


def _oversized(ctx: Context, payload: Any) -> list[UserError]:
    """Payloads given over GraphQL are held to the hooks' byte limit (HOOK_MAX_BODY_BYTES):
    the same event cannot be too large through one door and fine through the other."""
    if payload is None or payload is strawberry.UNSET:
        return []
    limit = ctx.services.settings.hook_max_body_bytes
    size = len(json_text.dumps(payload).encode())
    if size <= limit:
        return []
    return [invalid(f"payload is {size} bytes as JSON, more than the limit of {limit}", "payload")]


def _trigger_payload(result: StoredTrigger | list[UserError], ctx: Context) -> TriggerPayload:
    if isinstance(result, list):
        return TriggerPayload(errors=user_errors(result, under_input=True))
    return TriggerPayload(
        trigger=Trigger.from_stored(result, public_url=ctx.services.settings.base_url)
    )


def _event_payload(
    result: StoredEvent | list[FireRefusal], ctx: Context, *, under_input: bool
) -> EventPayload:
    if isinstance(result, list):
        return EventPayload(errors=user_errors(result, under_input=under_input))
    return EventPayload(event=event_or_none(result, ctx))


@strawberry.type
class TriggerMutation:
    @strawberry.mutation
    async def create_scheduled_trigger(
        self, info: strawberry.Info[Context], input: CreateScheduledTriggerInput
    ) -> TriggerPayload:
        ctx = info.context
        if oversized := _oversized(ctx, input.payload):
            return TriggerPayload(errors=user_errors(oversized, under_input=True))
        result = await triggers.create_scheduled_trigger(
            ScheduledTriggerInput(
                name=input.name,
                description=input.description,
                schedule=input.schedule.to_core(),
                payload=input.payload,
                misfire_grace_seconds=input.misfire_grace_seconds,
            ),
            now=ctx.now,
            owner=ctx.owner(),
        )
        return _trigger_payload(result, ctx)

    @strawberry.mutation
    async def create_api_trigger(
        self, info: strawberry.Info[Context], input: CreateApiTriggerInput
    ) -> TriggerPayload:
        ctx = info.context
        result = await triggers.create_api_trigger(
            ApiTriggerInput(
                name=input.name, description=input.description, api_schema=input.api_schema
            ),
            owner=ctx.owner(),
        )
        return _trigger_payload(result, ctx)

    @strawberry.mutation(description="Changes affect future firings only.")
    async def update_trigger(
        self, info: strawberry.Info[Context], id: strawberry.ID, input: UpdateTriggerInput
    ) -> TriggerPayload:
        ctx = info.context
        if oversized := _oversized(ctx, input.payload):
            return TriggerPayload(errors=user_errors(oversized, under_input=True))
        result = await triggers.update_trigger(id, input.to_core(), now=ctx.now)
        return _trigger_payload(result, ctx)

    @strawberry.mutation(description="The trigger's events stay.")
    async def delete_trigger(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DeletePayload:
        result = await triggers.delete_trigger(id)
        if isinstance(result, list):
            return DeletePayload(errors=user_errors(result, under_input=False))
        return DeletePayload(deleted_id=strawberry.ID(str(result)))

    @strawberry.mutation
    async def pause_trigger(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> TriggerPayload:
        ctx = info.context
        return _trigger_payload(await triggers.set_paused(id, True, now=ctx.now), ctx)

    @strawberry.mutation(description="Continues from now: firings due while paused are skipped.")
    async def resume_trigger(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> TriggerPayload:
        ctx = info.context
        return _trigger_payload(await triggers.set_paused(id, False, now=ctx.now), ctx)

    @strawberry.mutation(description="API triggers: a new hookUrl; the old one stops at once.")
    async def rotate_hook_token(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> TriggerPayload:
        ctx = info.context
        return _trigger_payload(await triggers.rotate_hook_token(id), ctx)

    @strawberry.mutation(description="API: a validated firing. SCHEDULED: run now (source MANUAL).")
    async def fire_trigger(
        self,
        info: strawberry.Info[Context],
        id: strawberry.ID,
        payload: JSON | None = strawberry.UNSET,
    ) -> EventPayload:
        return await _fire(info.context, id, payload, is_test=False)

    @strawberry.mutation(description="Fires once as a test event (isTest, source MANUAL).")
    async def test_trigger(
        self,
        info: strawberry.Info[Context],
        id: strawberry.ID,
        payload: JSON | None = strawberry.UNSET,
    ) -> EventPayload:
        return await _fire(info.context, id, payload, is_test=True)

    @strawberry.mutation(
        description="Validates an unsaved definition and fires it once as a test; never stored."
    )
    async def test_trigger_definition(
        self,
        info: strawberry.Info[Context],
        input: TriggerDefinitionInput,
        fire_at: datetime | None = None,
    ) -> EventPayload:
        ctx = info.context
        if oversized := _oversized(ctx, input.payload):
            return EventPayload(errors=user_errors(oversized, under_input=True))
        result = await ctx.services.firing.test_definition(
            name=input.name,
            kind=input.kind,
            schedule=input.schedule.to_core() if input.schedule else None,
            payload=input.payload,
            api_schema=input.api_schema,
            now=ctx.now,
            fire_at=fire_at,
            owner=ctx.owner(),
        )
        if result is None:
            return EventPayload()  # deferred: the event appears when it fires
        return _event_payload(result, ctx, under_input=True)


async def _fire(ctx: Context, raw_id: str, payload: Any, *, is_test: bool) -> EventPayload:
    if oversized := _oversized(ctx, payload):
        return EventPayload(errors=user_errors(oversized, under_input=False))
    found = await triggers.find_trigger(raw_id)
    if isinstance(found, list):
        return EventPayload(errors=user_errors(found, under_input=False))
    given = payload is not strawberry.UNSET
    result = await ctx.services.firing.fire_now(
        found, payload if given else None, payload_given=given, is_test=is_test
    )
    return _event_payload(result, ctx, under_input=False)
