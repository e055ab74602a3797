"""What a page of the event log is: its filter, its cursor, its rows. Pure: no I/O."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.errors import UserError, UserErrors, invalid
from core.events.payload_filter import payload_filter
from core.events.records import StoredEvent
from core.events.retention import EventStatus

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class EventCursor:
    """Position after an event in (fired_at DESC, id DESC) order.

    fired_at and id grow together (see core/storage/event_log.py), but the cursor carries both so
    that the query can seek through the (fired_at, id) index instead of counting an offset.
    """

    fired_at: datetime
    id: int

    @classmethod
    def decode(cls, raw: str) -> EventCursor | None:
        try:
            text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
            micros, _, event_id = text.partition(":")
            position = cls(EPOCH + int(micros) * MICROSECOND, int(event_id))
        except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
            return None
        # Ids are signed 64-bit: a larger one would fail in the query.
        return position if 0 <= position.id < 2**63 else None


def encode_cursor(fired_at: datetime, event_id: int) -> str:
    """The cursor EventCursor.decode reads back, built without an EventCursor: pages encode one
    per row."""
    since = fired_at - EPOCH
    # Whole microseconds since the epoch: a float timestamp would round at this magnitude.
    micros = (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
    raw = f"{micros}:{event_id}".encode()
    return binascii.b2a_base64(raw, newline=False).translate(_URLSAFE).decode().rstrip("=")


# bytes.translate: str.translate with a mapping is several times slower than the whole encoding.
_URLSAFE = bytes.maketrans(b"+/", b"-_")


@dataclass(frozen=True, slots=True)
class EventFilter:
    status: EventStatus | None = EventStatus.ACTIVE
    trigger_id: UUID | None = None
    include_test: bool = False
    # An EventSource value (SCHEDULE, API, MANUAL).
    source: str | None = None
    # since <= fired_at < until: consecutive ranges neither overlap nor leave a gap.
    since: datetime | None = None
    until: datetime | None = None
    # Canonical JSON text of a containment pattern (core/events/payload_filter.py).
    payload_contains: str | None = None


def event_filter(
    *,
    status: EventStatus | None = EventStatus.ACTIVE,
    trigger_id: str | None = None,
    include_test: bool = False,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    payload_contains: object = None,
) -> EventFilter | None:
    """The events filter from a caller's arguments (GraphQL `events`, the NDJSON export): None
    when it can match nothing (an id that is no trigger's); UserErrors for a bad argument."""
    errors: list[UserError] = []
    if since is not None and until is not None and since >= until:
        errors.append(invalid("since must be before until", "since"))
    pattern = None
    if payload_contains is not None:
        checked = payload_filter(payload_contains, "payloadContains")
        if isinstance(checked, list):
            errors += checked
        else:
            pattern = checked
    if errors:
        raise UserErrors(errors)
    trigger_uuid = _uuid(trigger_id) if trigger_id else None
    if trigger_id and trigger_uuid is None:
        return None
    return EventFilter(
        status=status,
        trigger_id=trigger_uuid,
        include_test=include_test,
        source=str(source) if source is not None else None,
        since=since,
        until=until,
        payload_contains=pattern,
    )


def _uuid(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except (ValueError, TypeError, AttributeError):
        return None


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[StoredEvent]
    has_next_page: bool
    # When the row read ahead for has_next_page was fired: it too can leave the list.
    read_ahead_fired_at: datetime | None = None
