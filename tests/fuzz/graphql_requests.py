"""Sending generated GraphQL requests and judging the answers, shared by the GraphQL fuzzers."""

from __future__ import annotations

import json
from typing import Any

import graphql
import httpx
import schemathesis
from schemathesis.specs.graphql.schemas import GraphQLSchema

from api.graphql.schema import schema as strawberry_schema
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger, hook_path, scheduled_trigger
from tests.fuzz.support import Snapshot, Store, assert_no_unexpected, describe

# IDs of rows that exist, refreshed by each test's seed: the ID scalar draws most of its values here.
EXISTING_IDS: list[str] = []

_loaded: dict[str, GraphQLSchema] = {}


async def loaded_schema(server: Server, key: str) -> GraphQLSchema:
    """The schema as the server introspects it, once per server.

    Where the server's settings turn introspection off (issue 11 makes it configurable), the
    same schema comes from the code: the operations under test are what matters here.
    """
    if server.base_url not in _loaded:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            response = await client.post(
                "/graphql",
                json={"query": graphql.get_introspection_query()},
                headers={"X-API-Key": key},
            )
        assert response.status_code < 500, response.text
        data = response.json().get("data")
        if not data:
            data = strawberry_schema.introspect()
        _loaded[server.base_url] = schemathesis.graphql.from_dict({"data": data})
    return _loaded[server.base_url]


async def seed(server: Server, key: str) -> None:
    """Triggers of every kind and a few events, so IDs and cursors point at real rows."""
    async with httpx.AsyncClient(
        base_url=server.base_url, timeout=30, headers={"X-API-Key": key}
    ) as client:
        gql = GraphQLClient(client)
        short = await api_trigger(gql, "fuzz-short")
        long = await api_trigger(
            gql,
            "fuzz-long",
            {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]},
        )
        cron = await scheduled_trigger(gql, "fuzz-cron", {"cron": "*/5 * * * *"})
        await scheduled_trigger(gql, "fuzz-every", {"everySeconds": 60, "timezone": "Asia/Tokyo"})
        response = await client.post(
            hook_path(short), json={"amount": 1, "currency": "EUR", "user_id": 1}
        )
        assert response.status_code == 202, response.text
        response = await client.post(hook_path(long) + "/test", json={"n": 1})
        assert response.status_code == 202, response.text
        data = await gql("{ events(status: null, includeTest: true) { edges { node { id } } } }")
        triggers = await gql("{ triggers { edges { node { id } } } }")
    EXISTING_IDS[:] = [e["node"]["id"] for e in triggers["triggers"]["edges"]] + [
        e["node"]["id"] for e in data["events"]["edges"]
    ]
    assert cron["id"] in EXISTING_IDS


def rejected(root_field: str, status: int, body: Any) -> bool:
    """A request the server refused, in whole or in the payload's `errors`."""
    if status >= 400 or not isinstance(body, dict) or body.get("errors"):
        return True
    payload = (body.get("data") or {}).get(root_field)
    return isinstance(payload, dict) and bool(payload.get("errors"))


async def send_and_check(
    client: httpx.AsyncClient,
    store: Store,
    root_field: str,
    json_body: Any = None,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    if content is None:
        # ASCII-escaped, so that lone surrogates travel as JSON escapes (httpx cannot encode them).
        content = json.dumps(json_body).encode()
        headers = {**(headers or {}), "Content-Type": "application/json"}
    before = await store.snapshot()
    response = await client.post("/graphql", content=content, headers=headers)
    after = await store.snapshot()
    request = describe("POST", "/graphql", json_body or content, headers)
    assert_no_unexpected(response, request)
    try:
        body = response.json()
    except ValueError:
        body = None
    if rejected(root_field, response.status_code, body):
        assert_unchanged(before, after, request, response)
    assert isinstance(body, dict), f"not a GraphQL response for {request}\n{response.text}"
    return body


def assert_unchanged(
    before: Snapshot, after: Snapshot, request: str, response: httpx.Response
) -> None:
    assert before == after, (
        f"a rejected request wrote to the database: {request}\n"
        f"{response.status_code} {response.text[:2000]}"
    )
