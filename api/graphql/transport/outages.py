"""Database outages in GraphQL: a coded, retryable error instead of "Unexpected error.".

A resolver that loses the database (a Postgres restart, a failover) is not a bug of the platform
and not the client's mistake: the client should retry. Strawberry's MaskErrors would hide it as
"Unexpected error." and the schema would log a traceback per operation; here it becomes
`DATABASE_UNAVAILABLE`, or `COMMIT_OUTCOME_UNKNOWN` when the connection broke while committing (a
`fireTrigger` may then have fired), and the outage itself is logged once by the loop that sees
it (core/platform/health.py).
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from core.storage.transactions import CommitOutcomeUnknown, QueryTimeout, database_unreachable

RETRY_AFTER_SECONDS = 1


def outage_of(error: GraphQLError) -> str | None:
    """The error code when `error` comes from losing the database, else None."""
    original = error.original_error
    # Classified as api/errors.py classifies what escapes a REST route.
    if isinstance(original, QueryTimeout):
        # Not an outage, but as little a bug: the question cost more than a read may.
        return "QUERY_TIMEOUT"
    if isinstance(original, CommitOutcomeUnknown):
        return "COMMIT_OUTCOME_UNKNOWN"
    if original is not None and database_unreachable(original):
        return "DATABASE_UNAVAILABLE"
    return None


def query_timeout(error: QueryTimeout) -> GraphQLError:
    """For a read that timed out outside any resolver (the result cache's version probe)."""
    return GraphQLError(str(error), extensions={"code": "QUERY_TIMEOUT"})


class MaskErrorsExceptOutages(MaskErrors):
    def _process_result(self, result: object) -> None:
        # Strawberry's own checks `isinstance(result, <runtime Protocol>)`, which walks the
        # protocol's members on every operation (a profiled share of every read) even when
        # nothing failed; the attribute is all that check asks for.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        code = outage_of(error)
        if code is None:
            return super().anonymise_error(error)
        extensions: dict[str, object] = {"code": code, "retryAfter": RETRY_AFTER_SECONDS}
        if code == "QUERY_TIMEOUT":
            message = str(error.original_error)
            extensions = {"code": code}  # the same question would time out again
        elif code == "COMMIT_OUTCOME_UNKNOWN":
            message = (
                "the database connection broke while committing: the change may have been made;"
                " check before repeating it"
            )
        else:
            message = "the database could not be reached; nothing was written. Retry shortly"
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )
