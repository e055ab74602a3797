"""GraphQL input types and their conversion to core's inputs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.triggers.types import TriggerKind
from core.triggers.definitions import TriggerChanges
from core.triggers.schedules import ScheduleInput as CoreScheduleInput


@strawberry.input(description="Exactly one of at, inSeconds, cron, everySeconds.")
class ScheduleInput:
    at: datetime | None = None
    in_seconds: int | None = None
    cron: str | None = None
    every_seconds: int | None = None
    timezone: str = "UTC"
    start_at: datetime | None = None
    end_at: datetime | None = None

    def to_core(self) -> CoreScheduleInput:
        return CoreScheduleInput(
            at=self.at,
            in_seconds=self.in_seconds,
            cron=self.cron,
            every_seconds=self.every_seconds,
            timezone=self.timezone,
            start_at=self.start_at,
            end_at=self.end_at,
        )


@strawberry.input
class CreateScheduledTriggerInput:
    name: str
    schedule: ScheduleInput
    description: str | None = None
    payload: JSON | None = None
    misfire_grace_seconds: int | None = None


@strawberry.input
class CreateApiTriggerInput:
    name: str
    api_schema: JSON
    description: str | None = None


@strawberry.input(
    description="Fields left out stay as they are; changes affect future firings only."
)
class UpdateTriggerInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    schedule: ScheduleInput | None = strawberry.UNSET
    payload: JSON | None = strawberry.UNSET
    api_schema: JSON | None = strawberry.UNSET
    misfire_grace_seconds: int | None = strawberry.UNSET

    def to_core(self) -> TriggerChanges:
        given = {
            name
            for name, value in (
                ("name", self.name),
                ("description", self.description),
                ("schedule", self.schedule),
                ("payload", self.payload),
                ("api_schema", self.api_schema),
                ("misfire_grace_seconds", self.misfire_grace_seconds),
            )
            if value is not strawberry.UNSET
        }
        return TriggerChanges(
            given=frozenset(given),
            name=_given(self.name),
            description=_given(self.description),
            schedule=self.schedule.to_core() if isinstance(self.schedule, ScheduleInput) else None,
            payload=_given(self.payload),
            api_schema=_given(self.api_schema),
            misfire_grace_seconds=_given(self.misfire_grace_seconds),
        )


@strawberry.input
class TriggerDefinitionInput:
    name: str
    kind: TriggerKind
    schedule: ScheduleInput | None = None
    payload: JSON | None = None
    api_schema: JSON | None = None


def _given(value: Any) -> Any:
    return None if value is strawberry.UNSET else value
