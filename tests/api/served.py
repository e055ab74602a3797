"""The real app on its own port, in this event loop, with some settings changed.

Shares the session's process services (database, Redis, key cache), so that tests of a limit
need not start a process: only the settings differ.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.conftest import Server, free_port, serving


@asynccontextmanager
async def served_with(server: Server, **changes: object) -> AsyncIterator[str]:
    settings = server.settings.with_changes(**changes)
    services = dataclasses.replace(server.services, settings=settings)
    async with serving(services, free_port()) as base_url:
        yield base_url


@asynccontextmanager
async def client_for(base_url: str, api_key: str | None) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"X-API-Key": api_key} if api_key else {}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
        yield client
