"""Every GraphQL operation needs a valid key; writes need the write scope."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from core.access.api_keys import KeyVerifier, revoke_key, split_key
from core.platform.clock import ManualClock
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

QUERY = "{ triggers { edges { node { id } } } }"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-Key": "etp_nope_nope"},
        {"X-API-Key": "garbage"},
        {"Authorization": "Bearer etp_abc_def"},
        {"Authorization": "Basic Zm9vOmJhcg=="},
    ],
)
async def test_missing_or_wrong_key_is_unauthenticated(
    http: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    for query in (QUERY, "{ __schema { queryType { name } } }"):
        response = await http.post("/graphql", json={"query": query}, headers=headers)
        body = response.json()
        assert body.get("data") is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_key_works_as_header_or_bearer(http: httpx.AsyncClient, api_key: str) -> None:
    for headers in ({"X-API-Key": api_key}, {"Authorization": f"Bearer {api_key}"}):
        response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
        assert response.json() == {"data": {"triggers": {"edges": []}}}


async def test_read_only_key_cannot_write(http: httpx.AsyncClient, read_only_key: str) -> None:
    headers = {"X-API-Key": read_only_key}
    read = await http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert "errors" not in read.json()
    write = await http.post(
        "/graphql",
        json={
            "query": 'mutation { createApiTrigger(input: {name: "x", apiSchema: {a: "int"}}) { errors { code } } }'
        },
        headers=headers,
    )
    assert write.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_revoked_key_stops_working(
    http: httpx.AsyncClient, api_key: str, clean: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server's key verifier on a clock the test moves, instead of waiting out its cache.
    clock = ManualClock(datetime.now(UTC))
    cache_seconds = clean.settings.api_key_cache_seconds
    monkeypatch.setattr(
        clean.services, "keys", KeyVerifier(cache_seconds=cache_seconds, clock=clock)
    )
    headers = {"X-API-Key": api_key}
    accepted = await http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert "errors" not in accepted.json()
    parts = split_key(api_key)
    assert parts is not None
    assert await revoke_key(parts[0])
    # Verified keys are remembered for api_key_cache_seconds; then the revocation applies.
    clock.advance(cache_seconds)
    response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_oversized_graphql_bodies_are_refused_before_parsing(
    http: httpx.AsyncClient, api_key: str
) -> None:
    huge = (
        '{"query": "{ triggers { edges { node { id } } } }", "variables": {"x": "'
        + "y" * 2_000_000
        + '"}}'
    )
    response = await http.post(
        "/graphql", content=huge, headers={"X-API-Key": api_key, "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"query": 5}', b'{"query": "{"}', b"", b'{"query": "{ nope }"}'],
)
async def test_malformed_graphql_requests_are_client_errors(
    http: httpx.AsyncClient, api_key: str, body: bytes
) -> None:
    response = await http.post(
        "/graphql", content=body, headers={"X-API-Key": api_key, "content-type": "application/json"}
    )
    assert 200 <= response.status_code < 500, response.text
    if response.status_code == 200:
        assert response.json()["errors"]
