"""Delivery records as the domain sees them: what core/storage returns, never an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from core.events.records import StoredEvent

DEFAULT_TIMEOUT_SECONDS = 15


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class DestinationSettings:
    """What a caller sets (DestinationInput); the rest of a destination is the platform's."""

    name: str
    url: str
    headers: dict[str, str] | None = None
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    # None: every trigger.
    trigger_ids: tuple[UUID, ...] | None = None
    include_test: bool = False
    ordered: bool = False
    max_in_flight: int | None = None
    rate_per_second: float | None = None
    # Seconds to wait after each failed attempt; None: the default (Svix's) schedule.
    retry_schedule: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class ReplayRange:
    """The events a replay sends again: fired in [since, until), of one trigger or of all."""

    since: datetime
    until: datetime | None = None
    trigger_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class StoredDestination:
    id: UUID
    name: str
    url: str
    headers: dict[str, str] | None
    timeout_seconds: int
    trigger_ids: tuple[UUID, ...] | None
    include_test: bool
    ordered: bool
    max_in_flight: int | None
    rate_per_second: float | None
    retry_schedule: tuple[int, ...]
    paused: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    # whsec_...; the previous one signs beside it until previous_secret_until (a rotation).
    secret: str
    previous_secret: str | None
    previous_secret_until: datetime | None
    # Since when every attempt to it has failed (None after any success): disables it when long.
    failing_since: datetime | None
    created_by_key: str | None
    created_at: datetime
    updated_at: datetime

    def __repr__(self) -> str:
        # Never the secrets: records end up in logs and error reports.
        return f"StoredDestination(id={self.id}, name={self.name!r})"


@dataclass(frozen=True, slots=True)
class StoredDelivery:
    id: int
    event_id: int
    destination_id: UUID
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    last_attempt_at: datetime | None

    @property
    def message_id(self) -> str:
        """The `webhook-id`: the same on every attempt, so receivers can drop repeats."""
        return f"msg_{self.id:016x}"


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    delivery_id: int
    at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None
    response_headers: dict[str, str] | None
    response_body: str | None


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """A due delivery this worker holds until `lease_until`: another may take it after that
    (the holder died), so the outcome is written only while `lease_until` still marks it."""

    delivery: StoredDelivery
    event: StoredEvent
    destination: StoredDestination
    lease_until: datetime


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """One attempt as it happened, and what its delivery and destination become."""

    attempt: StoredAttempt
    # DELIVERED, FAILED, or PENDING again at next_attempt_at.
    status: DeliveryStatus
    next_attempt_at: datetime | None
    # Set when this attempt disables its destination (410, or failing for too long).
    disable_reason: str | None = None
    # delivered, gone, throttled, failed or unreachable: the attempts metric's label.
    outcome: str = "failed"
