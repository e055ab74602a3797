"""RFC 9457 problem details for every REST error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import JSONResponse

from core.platform import retry_policies

PROBLEM_TYPE_BASE = "https://etp.dev/problems/"


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    errors: Sequence[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = list(errors)
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def body_timeout_problem(timeout: float) -> JSONResponse:
    # Connection: close, as the rest of the body may still be on its way.
    return problem(
        408,
        "request-timeout",
        "Request timeout",
        f"the body did not arrive within {timeout:g} s",
        headers={"Connection": "close"},
    )


RETRY_AFTER_SECONDS = retry_policies.RETRY_AFTER_DATABASE_DOWN_SECONDS


def database_unavailable() -> JSONResponse:
    return problem(
        503,
        "database-unavailable",
        "Database unavailable",
        "the database could not be reached; nothing was written. Retry later.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def query_timeout(detail: str) -> JSONResponse:
    # 503, not 504: no gateway is involved; this server gave up on its own database read.
    return problem(503, "query-timeout", "Query timeout", detail)


def commit_outcome_unknown(what: str) -> JSONResponse:
    return problem(
        503,
        "commit-outcome-unknown",
        "Commit outcome unknown",
        f"the database connection broke while committing; {what}",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def internal_error() -> JSONResponse:
    return problem(500, "internal-error", "Internal error", "an unexpected error occurred")
