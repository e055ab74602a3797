"""The modules a hook request passes through, as docs/architecture.md lists them: the test runs
one request under a profiler and compares the project's modules whose code ran with the list."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]
# uvicorn runs each request as a task of this coroutine; the event log's writer commits it.
REQUEST_TASK = "RequestResponseCycle.run_asgi"
WRITER_TASK = "event-log-writer"


def documented_hook_path() -> list[str]:
    """The numbered modules of the section "A hook request, to its commit", in order."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## A hook request, to its commit", 1)[1].split("\nLive delivery", 1)[0]
    return re.findall(r"^\d+\. `([\w/]+\.py)`", section, flags=re.MULTILINE)


def ran_modules(started: dict[str, None]) -> Any:
    """A profile function adding the project file of each call made by the request's task or
    the writer's, as a path relative to the repository."""
    root = f"{ROOT}/"
    project_dirs = tuple(f"{root}{package}/" for package in ("api", "core", "workers", "etp"))

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event != "call":
            return
        filename = frame.f_code.co_filename
        # The project's own packages only: a venv inside the checkout (.venv, .venv-3.13) is not.
        if not filename.startswith(project_dirs):
            return
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return
        if task is None:
            return
        if task.get_name() == WRITER_TASK or task.get_coro().__qualname__ == REQUEST_TASK:
            started.setdefault(filename.removeprefix(root))

    return profile


async def test_a_hook_request_passes_through_the_documented_modules(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    ran: dict[str, None] = {}
    sys.setprofile(ran_modules(ran))
    try:
        response = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    finally:
        sys.setprofile(None)
    assert response.status_code == 202, response.text
    # After the commit the writer publishes for live readers: the next journey's first step.
    ran = {path: None for path in ran if not path.startswith("core/live/")}
    documented = documented_hook_path()
    assert len(documented) == len(set(documented))
    assert sorted(ran) == sorted(documented)
