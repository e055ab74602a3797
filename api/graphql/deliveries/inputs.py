"""DestinationInput and its conversion to core's DestinationSettings."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.deliveries.destination_triggers import chosen_triggers
from core.deliveries.records import DEFAULT_TIMEOUT_SECONDS, DestinationSettings
from core.errors import UserError, invalid


@strawberry.input
class DestinationInput:
    name: str
    url: str
    headers: JSON | None = None
    timeout_seconds: int | None = None
    trigger_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="null: every trigger."
    )
    include_test: bool | None = None
    ordered: bool | None = None
    max_in_flight: int | None = None
    rate_per_second: float | None = None
    retry_schedule: list[int] | None = strawberry.field(
        default=None, description="Seconds between attempts; null: the default schedule."
    )

    async def to_core(self) -> DestinationSettings | list[UserError]:
        """The settings, or the errors of what core cannot see: the headers' JSON shape and
        the triggers named (core checks the rest)."""
        errors: list[UserError] = []
        headers = _headers(self.headers)
        if isinstance(headers, UserError):
            errors.append(headers)
            headers = None
        triggers = await chosen_triggers(
            None if self.trigger_ids is None else [str(t) for t in self.trigger_ids]
        )
        if isinstance(triggers, list):
            errors.extend(triggers)
            triggers = None
        if errors:
            return errors
        return DestinationSettings(
            name=self.name,
            url=self.url,
            headers=headers,
            timeout_seconds=(
                DEFAULT_TIMEOUT_SECONDS if self.timeout_seconds is None else self.timeout_seconds
            ),
            trigger_ids=triggers,
            include_test=bool(self.include_test),
            ordered=bool(self.ordered),
            max_in_flight=self.max_in_flight,
            rate_per_second=self.rate_per_second,
            retry_schedule=None if self.retry_schedule is None else tuple(self.retry_schedule),
        )


def _headers(value: Any) -> dict[str, str] | UserError | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return invalid("headers must be an object of strings", "headers")
    return value
