"""The deliveries domain's ids as GraphQL arguments: parsed, or None when not one."""

from __future__ import annotations

from uuid import UUID


def parse_destination_id(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except (ValueError, TypeError, AttributeError):
        return None


def parse_delivery_cursor(raw: str) -> int | None:
    """A deliveries cursor is the id of the last delivery of the previous page."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
