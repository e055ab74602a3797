"""The filters of `events`, as `events` and `eventFired` take them: one check, one error."""

from __future__ import annotations

from typing import Any

from api.graphql.context import invalid_input
from core.errors import UserErrors
from core.events.pages import EventFilter, event_filter


def checked_filter(**arguments: Any) -> EventFilter | None:
    """core's event_filter, its refusals as the GraphQL error a query field gives (INVALID)."""
    try:
        return event_filter(**arguments)
    except UserErrors as refused:
        raise invalid_input(refused.errors) from None
