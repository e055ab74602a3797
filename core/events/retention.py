"""Event lifecycle rules: an event's status follows from its age alone, exact to the second.

Status is computed whenever an event is read, so readers never depend on when the clean-up job
last ran: an event is ACTIVE while younger than the active window, ARCHIVED while younger than the
retention window, and gone (never returned) after that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class EventStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


@dataclass(frozen=True, slots=True)
class RetentionWindows:
    active_seconds: int
    retention_seconds: int
    # Made once: every status of every event read compares against them.
    active: timedelta = field(init=False, repr=False, compare=False)
    retention: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "active", timedelta(seconds=self.active_seconds))
        object.__setattr__(self, "retention", timedelta(seconds=self.retention_seconds))


def event_status(
    fired_at: datetime, *, now: datetime, windows: RetentionWindows
) -> EventStatus | None:
    """None means the event has expired and must read as if it were already deleted."""
    age = now - fired_at
    if age < windows.active:
        return EventStatus.ACTIVE
    if age < windows.retention:
        return EventStatus.ARCHIVED
    return None


@dataclass(frozen=True, slots=True)
class FiredAtRange:
    """Events with newer_than < fired_at <= not_after (bounds as query filters)."""

    newer_than: datetime
    not_after: datetime | None


def fired_at_range(
    status: EventStatus | None, *, now: datetime, windows: RetentionWindows
) -> FiredAtRange:
    """The fired_at range a status filter selects; None selects every retained event."""
    active_since = now - windows.active
    retained_since = now - windows.retention
    if status is EventStatus.ACTIVE:
        return FiredAtRange(newer_than=active_since, not_after=None)
    if status is EventStatus.ARCHIVED:
        return FiredAtRange(newer_than=retained_since, not_after=active_since)
    return FiredAtRange(newer_than=retained_since, not_after=None)


def expired_before(*, now: datetime, windows: RetentionWindows) -> datetime:
    """Events fired at or before this instant are past retention and may be deleted."""
    return now - windows.retention


def page_valid_until(
    status: EventStatus | None,
    *,
    fired_at: Sequence[datetime],
    read_ahead: datetime | None,
    next_to_archive: datetime | None,
    now: datetime,
    windows: RetentionWindows,
    longest: timedelta,
) -> datetime:
    """Until when a page of an event list reads the same, statuses included, time alone passing.

    fired_at: the page's events. Each changes at its next boundary: an ACTIVE event turns
    ARCHIVED (and so leaves an ACTIVE list) at the end of the active window, an ARCHIVED one is
    gone at the end of retention. read_ahead: the row read for hasNextPage, which matters once it
    leaves the list. next_to_archive: for an ARCHIVED list, the oldest event still ACTIVE, which
    will enter at the head. New events are not time's doing: the cache checks for them
    separately. Never later than now + longest.
    """
    until = now + longest
    for moment in fired_at:
        archived_at = moment + windows.active
        until = min(until, archived_at if archived_at > now else moment + windows.retention)
    if read_ahead is not None:
        leaves_after = windows.active if status is EventStatus.ACTIVE else windows.retention
        until = min(until, read_ahead + leaves_after)
    if next_to_archive is not None:
        until = min(until, next_to_archive + windows.active)
    return until
