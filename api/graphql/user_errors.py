"""The payload error type every mutation returns: core's UserError and FireRefusal, their
fields named as the operation's arguments are."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from api.graphql.field_paths import argument_path
from core import errors as core_errors

# Core's enums are the GraphQL enums: strawberry.enum marks the class itself, and the name
# below is a plain alias, so that type checkers see the enum class.
strawberry.enum(core_errors.ErrorCode, name="ErrorCode")
ErrorCode = core_errors.ErrorCode

# A refused firing's code in GraphQL; the REST shim maps the same reasons to HTTP statuses.
_REFUSAL_CODES = {
    core_errors.RefusalReason.INVALID: core_errors.ErrorCode.INVALID,
    core_errors.RefusalReason.UNKNOWN_TRIGGER: core_errors.ErrorCode.NOT_FOUND,
    core_errors.RefusalReason.PAUSED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.SCHEMA_MISMATCH: core_errors.ErrorCode.SCHEMA_MISMATCH,
    core_errors.RefusalReason.IDEMPOTENCY_KEY_REUSED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.TRIGGER_CHANGED: core_errors.ErrorCode.CONFLICT,
    core_errors.RefusalReason.OVER_QUOTA: core_errors.ErrorCode.FORBIDDEN,
}


@strawberry.type(name="UserError")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def from_core(
        cls, error: core_errors.UserError | core_errors.FireRefusal, *, under_input: bool
    ) -> UserError:
        code = (
            _REFUSAL_CODES[error.reason]
            if isinstance(error, core_errors.FireRefusal)
            else error.code
        )
        path = argument_path(error.field, under_input=under_input)
        return cls(code=code, field=path or None, message=error.message)


def user_errors(
    errors: Sequence[core_errors.UserError | core_errors.FireRefusal], *, under_input: bool
) -> list[UserError]:
    return [UserError.from_core(e, under_input=under_input) for e in errors]
