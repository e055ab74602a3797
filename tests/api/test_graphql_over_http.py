"""GraphQL over HTTP: every body that is not one GraphQL operation is a 400, and a request that
accepts `application/graphql-response+json` gets that type and the specification's status codes
(request errors 4xx without `data`), while `application/json` answers as it always has."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.graphql.transport.media_types import GRAPHQL_RESPONSE_JSON, response_media_type
from tests.conftest import Server

RESPONSE_JSON = {"Content-Type": "application/json", "Accept": GRAPHQL_RESPONSE_JSON}


@pytest.fixture
async def keyed(clean: Server, api_key: str) -> Any:
    async with httpx.AsyncClient(
        base_url=clean.base_url, timeout=30, headers={"X-API-Key": api_key}
    ) as client:
        yield client


NOT_AN_OPERATION = [
    b"[]",
    b"[1]",
    b'[{"query": "{ __typename }"}]',
    b"1",
    b'"x"',
    b"null",
    b"true",
    b'{"query": 5}',
    b'{"query": ["{ __typename }"]}',
    b'{"query": {"obj": "ect"}}',
    b'{"query": "{ __typename }", "variables": []}',
    b'{"query": "{ __typename }", "variables": "x"}',
    b'{"query": "{ __typename }", "operationName": 5}',
    b'{"query": "{ __typename }", "operationName": false}',
    b'{"query": "{ __typename }", "extensions": 1}',
    b'{"variables": []}',
    b"{}",
    b'{"qeury": "{ __typename }"}',
]


@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE_JSON])
@pytest.mark.parametrize("body", NOT_AN_OPERATION)
async def test_a_keyed_body_that_is_not_one_operation_is_400(
    keyed: httpx.AsyncClient, body: bytes, accept: str
) -> None:
    response = await keyed.post(
        "/graphql", content=body, headers={"Content-Type": "application/json", "Accept": accept}
    )
    assert response.status_code == 400, (body, response.status_code, response.text)
    assert response.headers["content-type"].startswith(accept)
    document = response.json()
    assert "data" not in document
    assert document["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/graphql"])
async def test_a_body_that_is_not_json_is_415(
    keyed: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await keyed.post("/graphql", content=b'{"query": "{ __typename }"}', headers=headers)
    assert response.status_code == 415, response.text


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        pytest.param("{", None, id="parse error"),
        pytest.param("{ nosuchfield }", None, id="validation error"),
        pytest.param("query($id: ID!) { __typename }", {"id": None}, id="variable coercion"),
        pytest.param("query($n: Int!) { __typename }", {"n": "x"}, id="variable of a wrong type"),
    ],
)
async def test_request_errors_are_400_without_data_in_graphql_response_json(
    keyed: httpx.AsyncClient, document: str, variables: dict[str, Any] | None
) -> None:
    body = {"query": document, "variables": variables}
    modern = await keyed.post("/graphql", json=body, headers=RESPONSE_JSON)
    assert modern.status_code == 400, modern.text
    assert modern.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert "data" not in modern.json()
    assert modern.json()["errors"]
    # application/json stays as it was: 200 with data null.
    legacy = await keyed.post("/graphql", json=body, headers={"Accept": "application/json"})
    assert legacy.status_code == 200, legacy.text
    assert legacy.headers["content-type"].startswith("application/json")
    assert legacy.json()["data"] is None


async def test_a_field_error_after_execution_began_is_200_with_data(
    clean: Server, read_only_key: str
) -> None:
    # The resolver refuses its argument: a field error (with a path) that nulls the non-null
    # root, so `data` is null, yet execution began. (A missing scope is refused before
    # execution: a request error, tests/api/test_key_scopes.py.)
    async with httpx.AsyncClient(
        base_url=clean.base_url, headers={"X-API-Key": read_only_key}
    ) as client:
        response = await client.post(
            "/graphql",
            json={"query": '{ describeSchedule(schedule: {cron: "nope"}) }'},
            headers=RESPONSE_JSON,
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    document = response.json()
    assert document["data"] is None
    assert document["errors"][0]["path"] == ["describeSchedule"]
    assert document["errors"][0]["extensions"]["code"] == "INVALID"


async def test_a_successful_operation_gets_the_media_type_it_accepts(
    keyed: httpx.AsyncClient,
) -> None:
    body = {"query": "{ __typename }"}
    modern = await keyed.post("/graphql", json=body, headers=RESPONSE_JSON)
    legacy = await keyed.post("/graphql", json=body)
    assert (modern.status_code, legacy.status_code) == (200, 200)
    assert modern.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert legacy.headers["content-type"].startswith("application/json")
    assert modern.json() == legacy.json() == {"data": {"__typename": "Query"}}


async def test_without_a_key_graphql_response_json_is_401_without_data(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }"}, headers=RESPONSE_JSON)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.5, application/json", "application/json"),
        (f"{GRAPHQL_RESPONSE_JSON};q=0", "application/json"),
        (f"{GRAPHQL_RESPONSE_JSON};q=nonsense", "application/json"),
        ("text/html", "application/json"),
    ],
)
def test_the_response_media_type_follows_accept(accept: str | None, expected: str) -> None:
    assert response_media_type(accept) == expected
