"""What a page of the event log is: its filter, its cursor, its rows. Pure: no I/O."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

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


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[StoredEvent]
    has_next_page: bool
    # When the row read ahead for has_next_page was fired: it too can leave the list.
    read_ahead_fired_at: datetime | None = None
