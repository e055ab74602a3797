"""Trigger.lastEvent and Trigger.eventCount: right per trigger, and batched per page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.test_subscriptions import fire
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import api_trigger

pytestmark = pytest.mark.asyncio

PAGE = """query($first: Int!, $since: DateTime) {
  triggers(first: $first) {
    edges { node { name lastEvent { id isTest } eventCount eventCountSince: eventCount(since: $since) } }
  }
}"""


async def page(gql: GraphQLClient, first: int, since: datetime) -> dict[str, Any]:
    data = await gql(PAGE, {"first": first, "since": since.isoformat()})
    return {edge["node"]["name"]: edge["node"] for edge in data["triggers"]["edges"]}


async def test_last_event_and_counts_per_trigger(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    busy = await api_trigger(gql, name="p-busy")
    quiet = await api_trigger(gql, name="p-quiet")
    await api_trigger(gql, name="p-none")
    fired = await fire(http, busy, 3)
    await fire(http, busy, 1, test=True)  # newer, but a test: neither last nor counted
    [only] = await fire(http, quiet, 1)
    now = datetime.now(UTC)
    nodes = await page(gql, 10, since=now + timedelta(hours=1))
    assert nodes["p-busy"]["lastEvent"] == {"id": fired[-1], "isTest": False}
    assert nodes["p-busy"]["eventCount"] == 3
    assert nodes["p-quiet"]["lastEvent"] == {"id": only, "isTest": False}
    assert nodes["p-quiet"]["eventCount"] == 1
    assert nodes["p-none"]["lastEvent"] is None
    assert nodes["p-none"]["eventCount"] == 0
    # Since a time after every event: none; since long ago: the floor, 48 h back.
    assert nodes["p-busy"]["eventCountSince"] == 0
    nodes = await page(gql, 10, since=now - timedelta(days=30))
    assert nodes["p-busy"]["eventCountSince"] == 3


async def test_a_page_of_500_triggers_costs_a_few_statements_not_one_per_trigger(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await tables.seed_triggers(499)
    busy = await api_trigger(gql, name="p-busy")
    await fire(http, busy, 2)
    since = datetime.now(UTC) - timedelta(hours=1)
    async with tables.statements_sent() as sent:
        nodes = await page(gql, 500, since)
    assert len(nodes) == 500 and nodes["p-busy"]["eventCount"] == 2
    # One statement for the last events and one per distinct `since` for the counts...
    reading_events = [sql for sql in sent if "FROM events" in sql or "event_counts" in sql]
    assert len(reading_events) == 3, sent
    # ...and the rest (the key check, the page of triggers, a new connection's type lookups)
    # does not grow with the page either.
    assert len(sent) <= 20, sent
