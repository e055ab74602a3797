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
