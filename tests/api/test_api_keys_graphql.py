"""Keys managed over GraphQL by a keys:admin key: created (secret once), listed, paged,
revoked, expired; the caller's own key as viewer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from core.access.api_keys import KeyVerifier, create_key
from core.access.scopes import KeyScope
from core.platform.clock import ManualClock
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

CREATE = """mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret errors { code field message }
    key { id name prefix scopes createdAt lastUsedAt expiresAt revokedAt }
  }
}"""
REVOKE = "mutation($id: ID!) { revokeApiKey(id: $id) { deletedId errors { code field } } }"
LIST = """query($first: Int!, $after: String) {
  apiKeys(first: $first, after: $after) {
    edges { cursor node { id name scopes revokedAt } }
    pageInfo { hasNextPage endCursor }
  }
}"""
VIEWER = "{ viewer { id name scopes } }"


async def _post(
    http: httpx.AsyncClient, key: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={"X-API-Key": key}
    )
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def admin(clean: Server) -> str:
    return (await create_key("admin", frozenset({KeyScope.KEYS_ADMIN}))).secret_key


async def test_a_created_key_works_once_shown_and_is_listed_without_its_secret(
    http: httpx.AsyncClient, admin: str
) -> None:
    expires = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    body = await _post(
        http,
        admin,
        CREATE,
        {"input": {"name": "ci", "scopes": ["EVENTS_READ", "HOOKS_READ"], "expiresAt": expires}},
    )
    created = body["data"]["createApiKey"]
    assert created["errors"] == []
    secret, key = created["secret"], created["key"]
    assert secret.startswith(key["prefix"] + "_")
    assert key["scopes"] == ["EVENTS_READ", "HOOKS_READ"]
    assert key["expiresAt"] is not None and key["revokedAt"] is None
    assert key["lastUsedAt"] is None

    viewer = await _post(http, secret, VIEWER)
    assert viewer["data"]["viewer"] == {
        "id": key["id"],
        "name": "ci",
        "scopes": ["EVENTS_READ", "HOOKS_READ"],
    }
    assert (await _post(http, secret, "{ events { edges { cursor } } }"))["data"] is not None

    listed = await _post(http, admin, LIST, {"first": 50})
    assert "ci" in [e["node"]["name"] for e in listed["data"]["apiKeys"]["edges"]]
    assert secret.split("_")[2] not in str(listed)
    again = await _post(http, admin, "{ apiKeys { edges { node { id lastUsedAt } } } }")
    used = {e["node"]["id"]: e["node"]["lastUsedAt"] for e in again["data"]["apiKeys"]["edges"]}
    assert used[key["id"]] is not None


async def test_key_pages_follow_their_cursors(http: httpx.AsyncClient, admin: str) -> None:
    for name in ("k1", "k2", "k3"):
        await create_key(name)
    names: list[str] = []
    after = None
    while True:
        page = (await _post(http, admin, LIST, {"first": 2, "after": after}))["data"]["apiKeys"]
        names += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert names == ["admin", "k1", "k2", "k3"]
    bad = await _post(http, admin, LIST, {"first": 2, "after": "bm9wZQ=="})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"name": " ", "scopes": ["EVENTS_READ"]}, ["input", "name"]),
        ({"name": "x", "scopes": []}, ["input", "scopes"]),
        (
            {"name": "x", "scopes": ["EVENTS_READ"], "expiresAt": "2001-01-01T00:00:00+00:00"},
            ["input", "expiresAt"],
        ),
    ],
)
async def test_invalid_keys_are_refused_and_write_nothing(
    http: httpx.AsyncClient, admin: str, given: dict[str, Any], field: list[str]
) -> None:
    body = await _post(http, admin, CREATE, {"input": given})
    created = body["data"]["createApiKey"]
    assert created["key"] is None and created["secret"] is None
    [error] = created["errors"]
    assert error["code"] == "INVALID" and error["field"] == field
    listed = await _post(http, admin, LIST, {"first": 50})
    assert [e["node"]["name"] for e in listed["data"]["apiKeys"]["edges"]] == ["admin"]


async def test_a_revoked_key_is_refused_on_its_next_request(
    http: httpx.AsyncClient, admin: str
) -> None:
    issued = await create_key("doomed")
    assert (await _post(http, issued.secret_key, VIEWER))["data"]["viewer"]["name"] == "doomed"
    revoked = await _post(http, admin, REVOKE, {"id": issued.key_id})
    assert revoked["data"]["revokeApiKey"] == {"deletedId": issued.key_id, "errors": []}
    refused = await _post(http, issued.secret_key, VIEWER)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = await _post(http, admin, REVOKE, {"id": issued.key_id})
    assert again["data"]["revokeApiKey"]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]


async def test_an_expired_key_is_refused_without_waiting_for_the_cache(
    http: httpx.AsyncClient, clean: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock(datetime.now(UTC))
    monkeypatch.setattr(clean.services, "keys", KeyVerifier(cache_seconds=3600, clock=clock))
    issued = await create_key("brief", expires_at=clock.now() + timedelta(minutes=5))
    assert (await _post(http, issued.secret_key, VIEWER))["data"]["viewer"] is not None
    clock.advance(300)  # the cached answer has an hour left; the key's own time is up
    refused = await _post(http, issued.secret_key, VIEWER)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
