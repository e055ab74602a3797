"""Introspection and GraphiQL are settings: introspection on unless turned off, GraphiQL only
when asked for (etp dev asks)."""

from __future__ import annotations

import pytest

from tests.api.served import client_for, served_with
from tests.conftest import GraphQLClient, Server

pytestmark = pytest.mark.asyncio

INTROSPECT = "{ __schema { queryType { name } } }"


async def test_introspection_is_on_by_default(gql: GraphQLClient) -> None:
    assert await gql(INTROSPECT) == {"__schema": {"queryType": {"name": "Query"}}}


async def test_introspection_can_be_turned_off(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, graphql_introspection=False) as url,
        client_for(url, api_key) as client,
    ):
        body = (await client.post("/graphql", json={"query": INTROSPECT})).json()
        assert body["data"] is None
        assert "introspection" in body["errors"][0]["message"].lower()
        # Everything else still works, __typename included.
        body = (await client.post("/graphql", json={"query": "{ __typename }"})).json()
        assert body == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(("graphiql", "status"), [(None, 404), (False, 404), (True, 200)])
async def test_graphiql_is_served_only_when_asked_for(
    clean: Server, graphiql: bool | None, status: int
) -> None:
    async with served_with(clean, graphiql=graphiql) as url, client_for(url, None) as client:
        response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == status
    if status == 200:
        assert "graphiql" in response.text.lower()
