"""`etp dev` serves GraphiQL unless GRAPHIQL says otherwise; `etp api` only when asked."""

from __future__ import annotations

import pytest

from core.settings import Settings
from etp import dev


def test_etp_dev_turns_graphiql_on_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Settings] = []

    async def serve(settings: Settings, *, redis_label: str) -> None:
        seen.append(settings)

    monkeypatch.setattr(dev, "_serve", serve)
    base = Settings(redis_url="redis://127.0.0.1:1/0")  # not embedded: nothing is started
    dev.run_dev(base)
    dev.run_dev(base.with_changes(graphiql=False))
    assert [s.graphiql for s in seen] == [True, False]
