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

import httpx
import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.graphql.schemas import GraphQLSchema

from api.graphql.schema import schema as strawberry_schema
from tests.conftest import Server
from tests.fuzz import strategies as fs
from tests.fuzz.graphql_requests import EXISTING_IDS, send_and_check
from tests.fuzz.support import FUZZ_EXAMPLES, Store, fuzz_settings

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


def case_strategy(schema: GraphQLSchema, operation: str) -> st.SearchStrategy[Any]:
    root, field = operation.split(".")
    api_operation = schema[root][field]
    return st.one_of(
        api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        api_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


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
    st.sampled_from([(3000, "list"), (3000, "dict")]).map(lambda args: fs.deep_body(*args)),
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
