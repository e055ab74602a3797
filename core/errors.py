"""Expected failures, returned as data (GraphQL payload `errors`, REST problem details).

Services return these instead of raising so that every transport can show all of them at once,
each with the path of the field it is about.
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

    def under(self, *prefix: str) -> UserError:
        """The same error with its field path nested below `prefix` (e.g. input.schedule)."""
        return UserError(self.code, self.message, (*prefix, *(self.field or ())))


def invalid(message: str, *field: str) -> UserError:
    return UserError(ErrorCode.INVALID, message, field or None)


def not_found(what: str, *field: str) -> UserError:
    return UserError(ErrorCode.NOT_FOUND, f"{what} not found", field or None)


class UserErrors(Exception):
    """Raised inside a service to abort its transaction with errors to hand back as data."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
