"""Where an event came from: the domain's enum, which storage maps to its column."""

from __future__ import annotations

from enum import StrEnum


class EventSource(StrEnum):
    SCHEDULE = "SCHEDULE"
    API = "API"
    # Run-now and test runs.
    MANUAL = "MANUAL"
