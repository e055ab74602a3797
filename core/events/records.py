"""Event records as the domain sees them, independent of ORM and transport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.events.retention import EventStatus, RetentionWindows, event_status
from core.events.sources import EventSource
from core.triggers.kinds import TriggerKind


@dataclass(frozen=True, slots=True)
class TriggerGuard:
    """Write the event only if the trigger still has this hook token and this version.

    Lets a process fire from a cached copy of its trigger and still have the database refuse
    the event, in the same transaction, once the token was rotated or the trigger changed.
    """

    trigger_id: UUID
    hook_token: str
    version: datetime


@dataclass(frozen=True, slots=True)
class NewEvent:
    trigger_id: UUID | None
    trigger_name: str
    kind: TriggerKind
    source: EventSource
    payload: Any
    is_test: bool = False
    scheduled_for: datetime | None = None
    # With a key, a second copy for the same trigger is refused by a unique index.
    idempotency_key: str | None = None
    request_hash: str | None = None
    guard: TriggerGuard | None = None


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes it
# several times slower to build, and every page of events builds one per row (docs/performance.md).
@dataclass(slots=True)
class StoredEvent:
    id: int
    trigger_id: UUID | None
    trigger_name: str
    kind: TriggerKind
    source: EventSource
    # The decoded value, or json_text.RawJSON when read for a page (event_queries).
    payload: Any
    is_test: bool
    scheduled_for: datetime | None
    fired_at: datetime
    request_hash: str | None = None

    @classmethod
    def from_new(cls, new: NewEvent, *, id: int, fired_at: datetime) -> StoredEvent:
        return cls(
            id=id,
            trigger_id=new.trigger_id,
            trigger_name=new.trigger_name,
            kind=new.kind,
            source=new.source,
            payload=new.payload,
            is_test=new.is_test,
            scheduled_for=new.scheduled_for,
            fired_at=fired_at,
            request_hash=new.request_hash,
        )

    def status(self, *, now: datetime, windows: RetentionWindows) -> EventStatus | None:
        return event_status(self.fired_at, now=now, windows=windows)


def format_event_id(event_id: int) -> str:
    """Event ids are opaque strings that sort like the numbers behind them (fixed width)."""
    return f"{event_id:016x}"


def parse_event_id(raw: str) -> int | None:
    if len(raw) != 16:
        return None
    try:
        value = int(raw, 16)
    except ValueError:
        return None
    # Ids are signed 64-bit; 0 is before every event (resume from the start).
    return value if 0 <= value < 2**63 else None
