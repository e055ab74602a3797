"""Schemathesis against /graphql: every operation, with a write key, a read-only key and no key.

The schema is introspected from the running server. Schemathesis generates each operation's
document (arguments inline, positive and negative); the custom scalars draw from
tests/fuzz/strategies.py, and IDs are mostly those of rows that exist, so mutations reach past
"not found". A second fuzzer sends the JSON scalar through `variables`, which graphql-core parses
differently from literals.
"""

from __future__ import annotations

import json
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.graphql.schemas import GraphQLSchema

from api.graphql.schema import schema as strawberry_schema
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger, hook_path, scheduled_trigger
from tests.fuzz import strategies as fs
from tests.fuzz.conftest import (
    FUZZ_EXAMPLES,
    Snapshot,
    Store,
    assert_no_unexpected,
    describe,
    fuzz_settings,
)

# IDs of rows that exist, refreshed by each test's seed: the ID scalar draws most of its values here.
EXISTING_IDS: list[str] = []

schemathesis.graphql.scalar("JSON", fs.json_nodes)
schemathesis.graphql.scalar("DateTime", fs.datetime_nodes)
schemathesis.graphql.scalar("String", fs.string_nodes)
schemathesis.graphql.scalar("Int", fs.int_nodes)
schemathesis.graphql.scalar("ID", fs.id_nodes(lambda: EXISTING_IDS))

_graphql_schema = strawberry_schema._schema
OPERATIONS = [
    f"{root.name}.{field}"
    for root in (_graphql_schema.query_type, _graphql_schema.mutation_type)
    if root is not None
    for field in root.fields
]

_loaded: dict[str, GraphQLSchema] = {}


async def loaded_schema(server: Server, key: str) -> GraphQLSchema:
    """The schema as the server introspects it, once per server."""
    if server.base_url not in _loaded:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            response = await client.post(
                "/graphql",
                json={"query": graphql.get_introspection_query()},
                headers={"X-API-Key": key},
            )
        assert response.status_code == 200, response.text
        _loaded[server.base_url] = schemathesis.graphql.from_dict(response.json())
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
        for trigger, payload in ((short, {"amount": 1, "currency": "EUR", "user_id": 1}),):
            response = await client.post(hook_path(trigger), json=payload)
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


def case_strategy(schema: GraphQLSchema, operation: str) -> st.SearchStrategy[Any]:
    root, field = operation.split(".")
    api_operation = schema[root][field]
    return st.one_of(
        api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        api_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


@pytest.fixture
async def seeded(clean: Server, api_key: str) -> GraphQLSchema:
    """The introspected schema, with a seeded database behind it."""
    schema = await loaded_schema(clean, api_key)
    await seed(clean, api_key)
    return schema


@pytest.mark.parametrize("operation", OPERATIONS)
@fuzz_settings(FUZZ_EXAMPLES)
@given(data=st.data())
async def test_operations_with_a_write_key(
    operation: str, seeded: GraphQLSchema, clean: Server, api_key: str, store: Store, data: Any
) -> None:
    case = data.draw(case_strategy(seeded, operation), label="case")
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        await send_and_check(
            client,
            store,
            operation.split(".")[1],
            {"query": case.body},
            headers={"X-API-Key": api_key},
        )


@pytest.mark.parametrize("operation", OPERATIONS)
@fuzz_settings(max(3, FUZZ_EXAMPLES // 3))
@given(data=st.data())
async def test_operations_with_a_read_only_key(
    operation: str,
    seeded: GraphQLSchema,
    clean: Server,
    read_only_key: str,
    store: Store,
    data: Any,
) -> None:
    case = data.draw(case_strategy(seeded, operation), label="case")
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        before = await store.snapshot()
        body = await send_and_check(
            client,
            store,
            operation.split(".")[1],
            {"query": case.body},
            headers={"X-API-Key": read_only_key},
        )
    if operation.startswith("Mutation."):
        assert await store.snapshot() == before, f"a read-only key wrote: {case.body}"
        assert body.get("errors"), f"a read-only key ran a mutation: {case.body} -> {body}"


CREDENTIALS = [
    {},
    {"X-API-Key": "etp_nope"},
    {"Authorization": "Bearer"},
    {"Authorization": "Basic eDp5"},
    {"X-API-Key": ""},
]


@fuzz_settings(2 * FUZZ_EXAMPLES)
@given(data=st.data(), headers=st.sampled_from(CREDENTIALS))
async def test_every_operation_without_a_key(
    seeded: GraphQLSchema, clean: Server, store: Store, data: Any, headers: dict[str, str]
) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
    case = data.draw(case_strategy(seeded, operation), label="case")
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        body = await send_and_check(client, store, "", {"query": case.body}, headers=headers)
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert body.get("data") is None and codes == ["UNAUTHENTICATED"], (
        f"{headers} {case.body} -> {body}"
    )


# The JSON scalar through `variables`: values that a GraphQL literal cannot carry (any key, NaN
# tokens, deep nesting, ints past the str limit) reach Strawberry's own JSON parsing.
VARIABLE_DOCUMENTS = {
    "fireTrigger": "mutation($id: ID!, $p: JSON) { fireTrigger(id: $id, payload: $p) { event { id payload } errors { code field message } } }",
    "testTrigger": "mutation($id: ID!, $p: JSON) { testTrigger(id: $id, payload: $p) { event { id } errors { code field message } } }",
    "createApiTrigger": "mutation($s: JSON!, $n: String!) { createApiTrigger(input: {name: $n, apiSchema: $s}) { trigger { id apiSchema } errors { code field message } } }",
    "createScheduledTrigger": "mutation($p: JSON, $n: String!) { createScheduledTrigger(input: {name: $n, schedule: {everySeconds: 60}, payload: $p}) { trigger { id payload } errors { code field message } } }",
}


def _json_text(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _variables_body(document: str, variables: dict[str, Any], raw_value: bytes | None) -> bytes:
    """The request body; with raw_value, the variable `p`/`s` is spliced in as raw bytes."""
    if raw_value is None:
        return _json_text({"query": document, "variables": variables})
    name = "s" if "$s" in document else "p"
    marker = "__RAW__"
    text = _json_text({"query": document, "variables": {**variables, name: marker}})
    return text.replace(b'"' + marker.encode() + b'"', raw_value)


_variable_values = st.one_of(fs.json_values(), fs.api_schemas, fs.deep_values)
_raw_values = st.one_of(
    st.none(),
    st.sampled_from([fs.INT_MAX_STR_DIGITS + 1, 10_000]).map(lambda n: b"9" * n),
    st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b'"\\ud800"']),
    st.sampled_from([(3000, "list"), (3000, "dict")]).map(lambda args: fs._deep_body(*args)),
)


@fuzz_settings(4 * FUZZ_EXAMPLES)
@given(
    field=st.sampled_from(sorted(VARIABLE_DOCUMENTS)),
    value=_variable_values,
    raw_value=_raw_values,
    name=fs.texts,
    trigger=st.integers(min_value=0, max_value=1000),
)
async def test_json_scalar_in_variables(
    seeded: GraphQLSchema,
    clean: Server,
    api_key: str,
    store: Store,
    field: str,
    value: Any,
    raw_value: bytes | None,
    name: str,
    trigger: int,
) -> None:
    document = VARIABLE_DOCUMENTS[field]
    variables = {
        "id": EXISTING_IDS[trigger % len(EXISTING_IDS)],
        "p": value,
        "s": value,
        "n": f"{name}-{trigger}",
    }
    body = _variables_body(document, variables, raw_value)
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        await send_and_check(
            client,
            store,
            field,
            content=body,
            headers={"X-API-Key": api_key, "Content-Type": "application/json"},
        )
