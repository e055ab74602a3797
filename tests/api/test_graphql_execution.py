"""The execution shortcuts change nothing a client can see: limits hold, results are identical."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import strawberry

from api.graphql.context import Context
from api.graphql.schema import Mutation, Query, Subscription, schema
from core.platform import json_encoding as json_text
from tests.conftest import GraphQLClient, Server
from tests.factories import EVENT_FIELDS, TRIGGER_FIELDS, api_trigger, hook_path, scheduled_trigger

pytestmark = pytest.mark.asyncio

# The same types, executed by graphql-core field by field: the reference.
reference = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription)

QUERIES: list[tuple[str, dict[str, Any]]] = [
    (
        f"{{ events(first: 5) {{ edges {{ cursor node {{ __typename {EVENT_FIELDS} }} }}"
        " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
        {},
    ),
    ("{ events(status: null, first: 3) { edges { node { a: id b: payload id } } } }", {}),
    (
        "query($full: Boolean!) { events(first: 5) { edges { node { id"
        " payload @include(if: $full) status @skip(if: $full) } } } }",
        {"full": True},
    ),
    (
        "fragment E on Event { id firedAt kind } { events(first: 5) { edges { node { ...E"
        " ... on Event { isTest } } } } }",
        {},
    ),
    (f"{{ triggers(first: 10) {{ edges {{ node {{ {TRIGGER_FIELDS} }} }} }} }}", {}),
    ("{ eventCounts { triggerId triggerName active archived } }", {}),
]


@pytest.mark.parametrize(("query", "variables"), QUERIES)
async def test_results_are_identical_to_field_by_field_execution(
    clean: Server,
    api_key: str,
    gql: GraphQLClient,
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
) -> None:
    trigger = await api_trigger(gql)
    await scheduled_trigger(gql)
    for n in range(4):
        response = await http.post(
            hook_path(trigger), json={"amount": n + 0.5, "currency": "EUR", "user_id": n}
        )
        assert response.status_code == 202
    platform = clean.platform
    context = Context(
        platform=platform,
        principal=await platform.keys.verify(api_key),
        connection=None,  # type: ignore[arg-type]
        now=platform.now(),
        live=None,  # type: ignore[arg-type]
    )
    ours = await schema.execute(query, variable_values=variables, context_value=context)
    expected = await reference.execute(query, variable_values=variables, context_value=context)
    assert ours.errors is None and expected.errors is None, (ours.errors, expected.errors)
    # Compared as clients get them: payloads may be JSON text passed through (json_text.RawJSON).
    assert json.loads(json_text.dumps(ours.data)) == json.loads(json_text.dumps(expected.data))
    assert ours.data and next(iter(ours.data.values()))


async def test_the_alias_limit_still_applies(gql: GraphQLClient) -> None:
    # The limits are built once now (so that validation can be cached): they must still bite.
    # (No type of ours nests deeper than the depth limit; introspection has its own limit.)
    aliases = "{ " + " ".join(f"a{n}: eventCounts {{ active }}" for n in range(31)) + " }"
    for _ in range(2):  # the second time from the validation cache
        body = await gql.raw(aliases)
        assert body["data"] is None and "aliases" in body["errors"][0]["message"].lower(), body
    fine = "{ " + " ".join(f"a{n}: eventCounts {{ active }}" for n in range(30)) + " }"
    assert (await gql.raw(fine))["data"] is not None


async def test_payload_numbers_beyond_64_bits_come_back_exactly(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    # Stored and returned exactly, whatever JSON library happens to be installed.
    trigger = await api_trigger(gql, name="open", api_schema={"type": "object"})
    payload = {"big": 2**70, "negative": -(2**65), "small": 7, "text": "é"}
    response = await http.post(hook_path(trigger), json=payload)
    assert response.status_code == 202
    data = await gql("{ events(first: 1) { edges { node { payload } } } }")
    assert data["events"]["edges"][0]["node"]["payload"] == payload
