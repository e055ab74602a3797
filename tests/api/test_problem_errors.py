"""Whatever escapes a route becomes problem+json with a stable type, never plain text."""

from __future__ import annotations

import asyncpg
import httpx
import pytest
from starlette.types import Receive, Scope, Send

from api.errors import ProblemErrors
from core.storage.transactions import CommitOutcomeUnknown

pytestmark = pytest.mark.asyncio


def raising(error: Exception, *, after_start: bool = False) -> ProblemErrors:
    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        if after_start:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        raise error

    return ProblemErrors(route)


@pytest.mark.parametrize(
    ("error", "status", "slug", "retry_after"),
    [
        (RuntimeError("a bug"), 500, "internal-error", False),
        (asyncpg.ConnectionDoesNotExistError("closed"), 503, "database-unavailable", True),
        (ConnectionRefusedError(), 503, "database-unavailable", True),
        (CommitOutcomeUnknown("lost"), 503, "commit-outcome-unknown", True),
    ],
)
async def test_escaped_errors_are_problems(
    error: Exception, status: int, slug: str, retry_after: bool
) -> None:
    transport = httpx.ASGITransport(app=raising(error), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://etp") as client:
        response = await client.get("/anything")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"https://etp.dev/problems/{slug}"
    assert (body["status"], "detail" in body) == (status, True)
    assert ("retry-after" in response.headers) is retry_after
    assert "a bug" not in response.text  # internals stay in the log


async def test_an_error_after_the_response_started_is_left_to_the_server() -> None:
    transport = httpx.ASGITransport(
        app=raising(RuntimeError("late"), after_start=True), raise_app_exceptions=True
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://etp") as client:
        with pytest.raises(RuntimeError, match="late"):
            await client.get("/anything")


async def test_the_error_log_names_the_route_never_the_hook_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = "s3cr3t-hook-token-0123456789"
    transport = httpx.ASGITransport(app=raising(RuntimeError("a bug")), raise_app_exceptions=False)
    with caplog.at_level("DEBUG", logger="etp.api"):
        async with httpx.AsyncClient(transport=transport, base_url="http://etp") as client:
            await client.post(f"/hooks/{token}")
    assert caplog.records, "the fault was not logged"
    assert all(token not in repr(record.__dict__) for record in caplog.records)
