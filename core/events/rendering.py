"""An event as REST renders it: the hook's answer, each line of the NDJSON export and (next) a
delivery's body share this one JSON form, so a client parses one shape whatever sent it.

snake_case keys, the event id in its opaque form, times in UTC ISO 8601 ending in `Z`, and the
payload as stored. Pure: api and the workers both call it (workers never import api).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.events.records import StoredEvent, format_event_id
from core.events.retention import EventStatus


def render_event(event: StoredEvent, *, status: EventStatus | None) -> dict[str, Any]:
    """The REST event, ready for a JSON encoder (the payload may be a RawJSON, passed through).
    status None only where it is decided later, by whoever delivers the document."""
    return {
        "id": format_event_id(event.id),
        "trigger_id": str(event.trigger_id) if event.trigger_id else None,
        "trigger_name": event.trigger_name,
        "kind": event.kind.value,
        "source": event.source.value,
        "status": status.value if status else None,
        "is_test": event.is_test,
        "payload": event.payload,
        "scheduled_for": _utc_text(event.scheduled_for),
        "fired_at": _utc_text(event.fired_at),
    }


def _utc_text(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
