"""What every fuzzer shares: the Hypothesis settings, the budget, and the database snapshot
that tells whether a request wrote anything."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from hypothesis import HealthCheck, Phase, settings

from tests.conftest import Server

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 8)
# Shrinking a failure to a minimal request can take minutes; off by default so that a failing
# stage stays as short as a passing one (the first failing request is reported whole).
FUZZ_SHRINK = os.environ.get("FUZZ_SHRINK") == "1"
UNEXPECTED = "Unexpected error."


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max(1, max_examples),
        deadline=None,
        # The same requests on every run: a failure in CI reproduces locally.
        derandomize=True,
        database=None,
        # Function-scoped fixtures (an empty database, keys) are shared by all examples on purpose:
        # state accumulates as a real client's would. Generation of whole documents is slow.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
        print_blob=True,
        phases=[p for p in Phase if p is not Phase.shrink or FUZZ_SHRINK],
    )


@dataclass(frozen=True)
class Snapshot:
    """What a request could have written: the events' count and newest id, every trigger row
    and every deferred test run."""

    events: tuple[int, int]
    triggers: tuple[tuple[Any, ...], ...]
    deferred_tests: tuple[tuple[Any, ...], ...]


class Store:
    """Reads the database on a connection of its own, outside the server's ORM."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._pg: asyncpg.Connection | None = None

    async def open(self) -> None:
        self._pg = await asyncpg.connect(self.server.settings.database_url)

    async def close(self) -> None:
        if self._pg is not None:
            await self._pg.close()

    async def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        assert self._pg is not None
        return [tuple(row) for row in await self._pg.fetch(sql)]

    async def snapshot(self) -> Snapshot:
        (events,) = await self._rows("SELECT count(*), coalesce(max(id), 0) FROM events")
        return Snapshot(
            events=(int(events[0]), int(events[1])),
            triggers=tuple(await self._rows("SELECT * FROM triggers ORDER BY id")),
            deferred_tests=tuple(await self._rows("SELECT * FROM deferred_tests ORDER BY id")),
        )


def assert_no_unexpected(response: httpx.Response, request: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {request}\n{response.text}"
    assert UNEXPECTED not in response.text, f"masked server error for {request}\n{response.text}"


def describe(method: str, url: str, body: Any, headers: dict[str, str] | None = None) -> str:
    shown = repr(body)
    if len(shown) > 600:
        shown = shown[:600] + f"... ({len(shown)} chars)"
    return f"{method} {url} headers={headers or {}} body={shown}"
