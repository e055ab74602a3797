"""What kind of trigger a definition is: the domain's enum, which storage maps to its column."""

from __future__ import annotations

from enum import StrEnum


class TriggerKind(StrEnum):
    SCHEDULED = "SCHEDULED"
    API = "API"
