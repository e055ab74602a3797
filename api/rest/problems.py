"""RFC 9457 problem details for every REST error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import JSONResponse

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
