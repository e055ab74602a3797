"""Trigger records as the domain sees them: what core/storage returns, never an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.triggers.kinds import TriggerKind


@dataclass(frozen=True, slots=True)
class StoredTrigger:
    id: UUID
    name: str
    description: str | None
    kind: TriggerKind
    # Schedule.to_json() for SCHEDULED triggers, else None.
    schedule: Any
    payload: Any
    api_schema: Any
    hook_token: str | None
    paused: bool
    misfire_grace_seconds: int | None
    missed_firings: int
    next_fire_at: datetime | None
    created_by_key: str | None
    created_at: datetime
    # The definition's version: firing from a cached copy is guarded on it.
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DeferredTestRun:
    """A test run of an unsaved definition, due once at fire_at (testTriggerDefinition)."""

    id: UUID
    name: str
    kind: TriggerKind
    payload: Any
    fire_at: datetime
