"""A client sending unknown hook tokens or API keys meets UNKNOWN_CREDENTIAL_RATE_LIMIT: past
it, 429 before any lookup; other addresses are not affected. The address is the forwarded one
only behind TRUSTED_PROXIES. Real `etp api` processes, each with its own counts."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Server, api_process

pytestmark = pytest.mark.asyncio

LIMIT = {"UNKNOWN_CREDENTIAL_RATE_LIMIT": "3/minute"}
UNKNOWN_HOOK = "/hooks/" + "x" * 32
QUERY = {"query": "{ __typename }"}


async def test_unknown_tokens_and_keys_are_limited_per_address(clean: Server, api_key: str) -> None:
    async with api_process(clean, **LIMIT) as base, httpx.AsyncClient(base_url=base) as client:
        assert (await client.post(UNKNOWN_HOOK, json={})).status_code == 404
        assert (await client.post(UNKNOWN_HOOK, json={})).status_code == 404
        unknown_key = await client.post("/graphql", json=QUERY, headers={"X-API-Key": "etp_a_b"})
        assert unknown_key.status_code == 401
        # Over the limit: refused before any lookup, hooks and keys alike.
        refused = await client.post(UNKNOWN_HOOK, json={})
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert "unknown hook tokens" in refused.json()["detail"]
        refused = await client.post("/graphql", json=QUERY, headers={"X-API-Key": api_key})
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


@pytest.mark.parametrize("trusted", [True, False])
async def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(
    clean: Server, trusted: bool
) -> None:
    env = {**LIMIT, "TRUSTED_PROXIES": "127.0.0.1" if trusted else ""}
    async with api_process(clean, **env) as base, httpx.AsyncClient(base_url=base) as client:
        for _ in range(3):
            headers = {"X-Forwarded-For": "203.0.113.7"}
            assert (await client.post(UNKNOWN_HOOK, json={}, headers=headers)).status_code == 404
        # Another client behind the same proxy: its own count if the proxy is trusted; the
        # proxy's (spent) count if not, whatever address it claims.
        other = await client.post(UNKNOWN_HOOK, json={}, headers={"X-Forwarded-For": "203.0.113.8"})
        assert other.status_code == (404 if trusted else 429)
