"""The triggers domain's queries: triggers, and schedules previewed or described unsaved."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import strawberry
from graphql import GraphQLError

from api.graphql.connections import Edge, check_first, page_info
from api.graphql.context import Context, invalid_argument, invalid_input
from api.graphql.field_paths import argument_path
from api.graphql.triggers.inputs import ScheduleInput
from api.graphql.triggers.types import Trigger, TriggerConnection, TriggerKind
from core.errors import UserError, UserErrors
from core.triggers import definitions as triggers
from core.triggers.schedule_text import describe_schedule
from core.triggers.schedules import COUNT_MAX, preview_schedule, validate_schedule


def _argument_errors(errors: list[UserError]) -> GraphQLError:
    """Core's errors about a query's arguments, their fields named as the arguments are."""
    return invalid_input(
        [replace(e, field=tuple(argument_path(e.field, under_input=False) or ())) for e in errors]
    )


@strawberry.type
class TriggerQuery:
    @strawberry.field
    async def trigger(self, info: strawberry.Info[Context], id: strawberry.ID) -> Trigger | None:
        row = await triggers.get_trigger(id)
        return (
            Trigger.from_stored(row, public_url=info.context.services.settings.base_url)
            if row
            else None
        )

    @strawberry.field(description="Triggers ordered by name.", metadata={"size": (1, 500)})
    async def triggers(
        self,
        info: strawberry.Info[Context],
        kind: TriggerKind | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> TriggerConnection:
        check_first(first, 500)
        after_name = triggers.decode_trigger_cursor(after) if after else None
        if after and after_name is None:
            raise invalid_argument("after is not a cursor returned by triggers", "after")
        page = await triggers.list_triggers(kind=kind, first=first, after_name=after_name)
        public_url = info.context.services.settings.base_url
        edges = [
            Edge(
                cursor=triggers.encode_trigger_cursor(row.name),
                node=Trigger.from_stored(row, public_url=public_url),
            )
            for row in page.triggers
        ]
        return TriggerConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges],
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
            ),
        )


@strawberry.type
class ScheduleQuery:
    # Expanding an arbitrary schedule is the costliest thing a read does: a thousand fields'
    # worth (api/graphql/transport/cost.py), so one operation holds at most about 20 of them.
    @strawberry.field(
        description="The next firing times of a schedule, in UTC, without saving it.",
        metadata={"cost": 1000, "size": (1, COUNT_MAX)},
    )
    async def preview_schedule(
        self, info: strawberry.Info[Context], schedule: ScheduleInput, count: int = 5
    ) -> list[datetime]:
        ctx = info.context
        try:
            # Off the event loop: a rare cron may search for up to LIST_SECONDS per call, and an
            # operation may hold about 20 calls.
            return await asyncio.to_thread(
                preview_schedule, schedule.to_core(), now=ctx.now, count=count
            )
        except UserErrors as error:
            raise _argument_errors(error.errors) from None

    # Validating a cron looks for its first time once (croniter): a tenth of previewSchedule.
    @strawberry.field(
        description="The readable text of a schedule (Schedule.description) without saving it:"
        " for a form, as the person types. INVALID errors as previewSchedule's.",
        metadata={"cost": 100},
    )
    async def describe_schedule(
        self, info: strawberry.Info[Context], schedule: ScheduleInput
    ) -> str:
        ctx = info.context
        # Off the event loop, as previewSchedule: a rare cron's first time takes a search.
        checked = await asyncio.to_thread(
            validate_schedule, schedule.to_core(), now=ctx.now, field=("schedule",)
        )
        if isinstance(checked, list):
            raise _argument_errors(checked)
        return describe_schedule(checked)
