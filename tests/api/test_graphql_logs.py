"""A client's GraphQL mistakes are INFO lines without tracebacks, cut short; never ERROR."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import GraphQLClient

pytestmark = pytest.mark.asyncio


async def test_a_client_mistake_is_logged_at_info_cut_short(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    noise = "x" * 5000
    with caplog.at_level(logging.DEBUG):
        body = await gql.raw(f"{{ trigger(id: 1) {{ {noise} }} }}")
    assert body["errors"]
    graphql_records = [
        r for r in caplog.records if r.name in {"etp.graphql", "strawberry.execution"}
    ]
    assert graphql_records, "the mistake was not logged at all"
    assert all(r.levelno == logging.INFO for r in graphql_records)
    assert all(r.exc_info is None for r in graphql_records)
    assert all(len(r.getMessage()) < 400 for r in graphql_records)
