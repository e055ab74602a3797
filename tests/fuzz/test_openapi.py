"""Schemathesis against the REST shim, from the OpenAPI document the server publishes.

Every operation in GET /openapi.json is fuzzed (positive and negative cases); hook tokens are
mostly those of real triggers, so bodies reach validation. Responses are checked against the
document (status codes, content types, headers, schemas) as well as for server errors, masked
errors and writes on rejected requests. Only checks that judge the response alone are run:
Schemathesis's stateful checks send their own blocking requests, which would stall the
in-process server that shares this event loop.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import GraphQLClient, Server
from tests.factories import PAYMENT_SCHEMA, api_trigger, hook_path
from tests.fuzz import strategies as fs
from tests.fuzz.support import FUZZ_EXAMPLES, Store, assert_no_unexpected, describe, fuzz_settings

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class Rest:
    def __init__(self, operations: list[Any], tokens: list[str]) -> None:
        self.operations = operations
        self.tokens = tokens


@pytest.fixture
async def rest(clean: Server, api_key: str) -> Rest:
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=30) as client:
        response = await client.get("/openapi.json")
        assert response.status_code == 200, (
            f"GET /openapi.json: {response.status_code}; the REST shim must publish its OpenAPI "
            "document (issue 11)"
        )
        document = response.json()
        gql = GraphQLClient(
            httpx.AsyncClient(base_url=clean.base_url, timeout=30, headers={"X-API-Key": api_key})
        )
        async with gql.client:
            paths = [
                hook_path(await api_trigger(gql, "rest-short", PAYMENT_SCHEMA)),
                hook_path(
                    await api_trigger(
                        gql,
                        "rest-long",
                        {"type": "object", "properties": {"n": {"type": "integer"}}},
                    )
                ),
            ]
    assert str(document.get("openapi", "")).startswith("3.1"), document.get("openapi")
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths_in_document = {operation.path for operation in operations}
    assert {"/hooks/{token}", "/hooks/{token}/test"} <= paths_in_document, paths_in_document
    return Rest(operations, [path.rsplit("/", 1)[1] for path in paths])


def tokens(rest: Rest) -> st.SearchStrategy[str]:
    # Never one that leaves the route ("", "/", dot segments): that is another URL, not a token.
    # A URL carries UTF-8 only, so no lone surrogates.
    unknown = fs.texts.filter(
        lambda t: (
            t.strip(".") != "" and "/" not in t and "\\" not in t and fs.text_problem(t) is None
        )
    )
    return st.one_of(st.sampled_from(rest.tokens), st.sampled_from(rest.tokens), unknown)


@fuzz_settings(8 * FUZZ_EXAMPLES)
@given(data=st.data())
async def test_rest_operations(clean: Server, rest: Rest, store: Store, data: Any) -> None:
    operation = data.draw(st.sampled_from(rest.operations), label="operation")
    mode = data.draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
    case = data.draw(operation.as_strategy(generation_mode=mode), label="case")
    # Every token is drawn here, including the ones for unknown hooks.
    if "token" in (case.path_parameters or {}):
        token = data.draw(tokens(rest), label="token")
        case.path_parameters["token"] = urllib.parse.quote(token, safe="")
    kwargs = case.as_transport_kwargs(base_url=clean.base_url)
    request = describe(
        kwargs["method"], kwargs["url"], kwargs.get("json", kwargs.get("data")), kwargs["headers"]
    )
    before = await store.snapshot()
    async with httpx.AsyncClient(timeout=60) as client:
        try:
            response = await client.request(
                kwargs["method"],
                kwargs["url"],
                headers={k: str(v) for k, v in kwargs["headers"].items()},
                params=kwargs.get("params"),
                **_body(kwargs),
            )
        except (httpx.LocalProtocolError, httpx.InvalidURL, UnicodeEncodeError):
            return  # a header or body the client itself refuses to send reaches nobody
    after = await store.snapshot()
    assert_no_unexpected(response, request)
    is_hook = operation.method.upper() == "POST" and operation.path.startswith("/hooks/")
    if is_hook and response.status_code == 202:
        replayed = response.headers.get("idempotent-replayed") == "true"
        written = after.events[0] - before.events[0]
        assert written == (0 if replayed else 1), f"202 wrote {written} events: {request}"
    else:
        assert before == after, f"{response.status_code} wrote to the database: {request}"
    case.validate_response(response, checks=CHECKS)


def _body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The body as bytes: JSON ASCII-escaped, so that lone surrogates survive the trip."""
    if "json" in kwargs:
        return {"content": json.dumps(kwargs["json"]).encode()}
    data = kwargs.get("data")
    if isinstance(data, dict):
        return {"data": data}
    if data is not None:
        return {"content": data if isinstance(data, bytes) else str(data).encode()}
    return {}
