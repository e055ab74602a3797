"""`etp dev` serves GraphiQL unless GRAPHIQL says otherwise; `etp api` only when asked."""

from __future__ import annotations

import pytest

from core.platform.settings import Settings
from etp.dev import dev_settings


@pytest.mark.parametrize(("env", "expected"), [({}, True), ({"GRAPHIQL": "0"}, False)])
def test_etp_dev_turns_graphiql_on_unless_told_otherwise(
    env: dict[str, str], expected: bool
) -> None:
    assert dev_settings(Settings.from_env(env)).graphiql is expected


def test_etp_api_serves_it_only_when_asked() -> None:
    assert Settings.from_env({}).graphiql is None  # create_app: off
    assert Settings.from_env({"GRAPHIQL": "1"}).graphiql is True


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("0", False), ("1", True)])
def test_etp_dev_lets_deliveries_reach_this_machine_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    env = {} if value is None else {"DELIVERY_ALLOW_PRIVATE": value}
    monkeypatch.delenv("DELIVERY_ALLOW_PRIVATE", raising=False)
    for name, setting in env.items():
        monkeypatch.setenv(name, setting)
    assert dev_settings(Settings.from_env(env)).delivery_allow_private is expected
    assert Settings.from_env(env).delivery_allow_private is (value == "1")
