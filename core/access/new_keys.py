"""What a key created over the API must be (pure): errors name the input's fields."""

from __future__ import annotations

from datetime import datetime

from core.access.scopes import KeyScope
from core.errors import UserError, invalid

NAME_MAX = 200  # the column's length (core/storage/models.py)


def new_key_errors(
    name: str, scopes: frozenset[KeyScope], expires_at: datetime | None, *, now: datetime
) -> list[UserError]:
    errors: list[UserError] = []
    if not name.strip():
        errors.append(invalid("name must not be blank", "name"))
    elif len(name) > NAME_MAX:
        errors.append(invalid(f"name must be at most {NAME_MAX} characters", "name"))
    if not scopes:
        errors.append(invalid("a key needs at least one scope", "scopes"))
    if expires_at is not None:
        if expires_at.tzinfo is None:
            errors.append(invalid("expiresAt needs a time zone offset", "expires_at"))
        elif expires_at <= now:
            errors.append(invalid("expiresAt must be in the future", "expires_at"))
    return errors
