"""Revoking a key on one API process refuses its next request on another: over an HTTP
keep-alive connection, a dashboard session and an open websocket. Two real `etp api` processes
sharing Postgres and Redis, with a key cache long enough that only the announcement over Redis
(core/access/key_revocations.py) can explain the refusal."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.access.api_keys import create_key
from core.access.scopes import KeyScope
from tests.api.ws_client import WsClient
from tests.conftest import Server, api_process

pytestmark = pytest.mark.asyncio

VIEWER = {"query": "{ viewer { name } }"}
# An hour: the cached answer would outlive the test many times over.
LONG_CACHE = {"API_KEY_CACHE_SECONDS": "3600"}


def _code(body: dict[str, Any]) -> object:
    return body["errors"][0]["extensions"]["code"] if body.get("errors") else None


async def test_revocation_reaches_the_next_request_on_every_process(clean: Server) -> None:
    admin = (await create_key("admin", frozenset({KeyScope.KEYS_ADMIN}))).secret_key
    doomed = await create_key("doomed")
    kept = (await create_key("kept")).secret_key
    async with (
        api_process(clean, **LONG_CACHE) as first,
        api_process(clean, **LONG_CACHE) as second,
        httpx.AsyncClient(base_url=second, headers={"Origin": second}) as browser,
        httpx.AsyncClient(base_url=second) as keep_alive,
        httpx.AsyncClient(base_url=first) as admin_client,
    ):
        headers = {"X-API-Key": doomed.secret_key}
        # Warm the second process's key cache, sign in there, and hold a websocket.
        for _ in range(3):
            answer = await keep_alive.post("/graphql", json=VIEWER, headers=headers)
            assert answer.json() == {"data": {"viewer": {"name": "doomed"}}}
        assert (
            await browser.post("/session", json={"apiKey": doomed.secret_key})
        ).status_code == 204
        assert (await browser.get("/session")).status_code == 200
        socket = await WsClient.connect(second, api_key=doomed.secret_key)
        await socket.acknowledged()
        bystander = await WsClient.connect(second, api_key=kept)
        await bystander.acknowledged()

        revoked = await admin_client.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!) { revokeApiKey(id: $id) { deletedId } }",
                "variables": {"id": doomed.key_id},
            },
            headers={"X-API-Key": admin},
        )
        assert revoked.json()["data"]["revokeApiKey"]["deletedId"] == doomed.key_id

        answer = await keep_alive.post("/graphql", json=VIEWER, headers=headers)
        assert _code(answer.json()) == "UNAUTHENTICATED"
        assert (await browser.get("/session")).status_code == 401
        # Well inside the periodic re-check's second: closed because it was told.
        assert await socket.closed_with(wait=0.5) == 4403
        # Other keys are untouched.
        answer = await keep_alive.post("/graphql", json=VIEWER, headers={"X-API-Key": kept})
        assert answer.json() == {"data": {"viewer": {"name": "kept"}}}
        await bystander.send({"type": "ping"})
        assert (await bystander.receive())["type"] == "pong"
        await bystander.connection.close()
