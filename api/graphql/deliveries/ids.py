"""The deliveries domain's ids as GraphQL arguments: parsed, or None when not one."""

from __future__ import annotations

from uuid import UUID

from api.graphql.context import invalid_argument
from core.events.records import parse_event_id


def parse_destination_id(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except (ValueError, TypeError, AttributeError):
        return None


def parse_delivery_cursor(raw: str) -> int | None:
    """A deliveries cursor is the id of the last delivery of the previous page."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def delivery_filters(
    destination_id: str | None, event_id: str | None
) -> tuple[UUID | None, int | None]:
    """The destinationId and eventId arguments that select deliveries; INVALID when not ids."""
    destination = parse_destination_id(destination_id) if destination_id else None
    if destination_id and destination is None:
        raise invalid_argument("destinationId is not a destination id", "destinationId")
    event = parse_event_id(event_id) if event_id else None
    if event_id and event is None:
        raise invalid_argument("eventId is not an event id", "eventId")
    return destination, event
