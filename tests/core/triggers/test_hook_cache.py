"""Unknown hook tokens are remembered briefly, so repeating one costs no query; the lookups are
counted by wrapping the real query, against the test database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from core.platform.clock import ManualClock
from core.triggers import firing
from core.triggers.firing import HookCache, SchemaCache
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


async def test_an_unknown_token_is_looked_up_once_per_unknown_period(
    clean: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = firing.trigger_rows.api_trigger_by_hook_token

    async def counted(token: str) -> Any:
        asked.append(token)
        return await real(token)

    monkeypatch.setattr(firing.trigger_rows, "api_trigger_by_hook_token", counted)
    clock = ManualClock(datetime.now(UTC))
    hooks = HookCache(SchemaCache(), clock=clock)
    token = "u" * 32
    for _ in range(5):
        assert await hooks.get(token) is None
    assert asked == [token]
    clock.advance(HookCache.UNKNOWN_SECONDS)
    assert await hooks.get(token) is None
    assert asked == [token, token]
    hooks.forget(token)  # as firing does when a token's trigger changed
    assert await hooks.get(token) is None
    assert len(asked) == 3
    assert await hooks.get(token, fresh=True) is None
    assert len(asked) == 4
