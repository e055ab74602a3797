"""Expected failures, returned as data (GraphQL payload `errors`, REST problem details).

Services return these instead of raising so that every transport can show all of them at once,
each with the path of the field it is about. Paths use the domain's names (("schedule",
"in_seconds"), ("api_schema", ...)); each transport maps them to its own vocabulary
(api/graphql/field_paths.py). Below "payload" and "api_schema" a path is the caller's own JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    SCHEMA_MISMATCH = "SCHEMA_MISMATCH"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"


@dataclass(frozen=True, slots=True)
class UserError:
    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


class RefusalReason(StrEnum):
    """Why a firing was refused: what the REST shim's status and GraphQL's code are chosen by."""

    INVALID = "invalid"
    UNKNOWN_TRIGGER = "unknown_trigger"
    PAUSED = "paused"
    SCHEMA_MISMATCH = "schema_mismatch"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    # The trigger was edited or its token rotated while the event was being written.
    TRIGGER_CHANGED = "trigger_changed"
    OVER_QUOTA = "over_quota"


_REASON_OF_CODE = {
    ErrorCode.INVALID: RefusalReason.INVALID,
    ErrorCode.NOT_FOUND: RefusalReason.UNKNOWN_TRIGGER,
    ErrorCode.SCHEMA_MISMATCH: RefusalReason.SCHEMA_MISMATCH,
    ErrorCode.CONFLICT: RefusalReason.PAUSED,
    ErrorCode.FORBIDDEN: RefusalReason.OVER_QUOTA,
}


@dataclass(frozen=True, slots=True)
class FireRefusal:
    """One reason a firing (a hook, fireTrigger, testTrigger, testTriggerDefinition) did not
    happen; nothing was written. The firing service returns these for every transport."""

    reason: RefusalReason
    message: str
    field: tuple[str, ...] | None = None

    @classmethod
    def of(cls, error: UserError) -> FireRefusal:
        """A definition's validation error, refusing the test firing of that definition."""
        return cls(_REASON_OF_CODE[error.code], error.message, error.field)


def invalid(message: str, *field: str) -> UserError:
    return UserError(ErrorCode.INVALID, message, field or None)


def not_found(what: str, *field: str) -> UserError:
    return UserError(ErrorCode.NOT_FOUND, f"{what} not found", field or None)


class UserErrors(Exception):
    """Raised inside a service to abort its transaction with errors to hand back as data."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
