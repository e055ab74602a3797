"""Dashboard sign-in: an API key exchanged for an HttpOnly session cookie, CSRF-guarded, ended
by sign-out and by revoking the key (HTTP and open websockets alike)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import websockets

from core.access.api_keys import revoke_key, split_key
from core.access.browser_sessions import hash_session_id
from tests.api.served import served_with
from tests.api.ws_client import WsClient
from tests.conftest import Server
from tests.core.storage import tables
from tests.factories import CREATE_API_TRIGGER, PAYMENT_SCHEMA

pytestmark = pytest.mark.asyncio

WHO = "{ triggers { edges { node { id } } } }"


@pytest.fixture
async def browser(clean: Server) -> AsyncIterator[httpx.AsyncClient]:
    """A client that keeps cookies, like a browser, and sends this site's Origin."""
    async with httpx.AsyncClient(
        base_url=clean.base_url, timeout=30, headers={"Origin": clean.base_url}
    ) as client:
        yield client


async def sign_in(client: httpx.AsyncClient, api_key: str) -> str:
    response = await client.post("/session", json={"apiKey": api_key})
    assert response.status_code == 204, response.text
    token: str = response.headers["X-CSRF-Token"]
    return token


def set_cookies(response: httpx.Response) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


async def graphql(
    client: httpx.AsyncClient, query: str, variables: Any = None, csrf: str | None = None
) -> httpx.Response:
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def test_signing_in_sets_an_httponly_strict_cookie_and_a_readable_csrf_cookie(
    browser: httpx.AsyncClient, api_key: str
) -> None:
    response = await browser.post("/session", json={"apiKey": api_key})
    assert response.status_code == 204
    assert response.headers["cache-control"] == "no-store"
    cookies = set_cookies(response)
    session = cookies["etp_session"].lower()
    assert "httponly" in session
    assert "samesite=strict" in session
    assert "path=/" in session
    assert "secure" not in session  # plain http here
    csrf = cookies["etp_csrf"].lower()
    assert "httponly" not in csrf
    assert "samesite=strict" in csrf
    token = response.headers["X-CSRF-Token"]
    assert browser.cookies["etp_csrf"] == token
    # The database keeps the id's hash only.
    session_id = browser.cookies["etp_session"]
    assert api_key not in session_id
    assert await tables.count_browser_sessions(id_hash=session_id) == 0
    assert await tables.count_browser_sessions(id_hash=hash_session_id(session_id)) == 1


async def test_the_session_tells_its_key_scopes_and_csrf_token(
    browser: httpx.AsyncClient, read_only_key: str
) -> None:
    token = await sign_in(browser, read_only_key)
    response = await browser.get("/session")
    assert response.status_code == 200
    body = response.json()
    assert body["keyName"] == "reader"
    assert body["scopes"] == ["events:read", "triggers:read"]
    assert body["csrfToken"] == token


async def test_without_a_session_get_session_is_a_401_problem(clean: Server) -> None:
    async with httpx.AsyncClient(
        base_url=clean.base_url, cookies={"etp_session": "x" * 43}
    ) as client:
        response = await client.get("/session")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401


async def test_the_cookie_is_secure_when_the_site_is_https(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, public_url="https://etp.example") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        response = await client.post("/session", json={"apiKey": api_key})
    assert response.status_code == 204
    cookies = set_cookies(response)
    assert "secure" in cookies["etp_session"].lower()
    assert "secure" in cookies["etp_csrf"].lower()


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b'{"apiKey": "etp_nope_nope"}', {"content-type": "application/json"}, 401),
        (b'{"apiKey": 7}', {"content-type": "application/json"}, 422),
        (b"{", {"content-type": "application/json"}, 400),
        (b'{"apiKey": "KEY"}', {"content-type": "text/plain"}, 415),
        (
            b'{"apiKey": "KEY"}',
            {"content-type": "application/json", "origin": "https://evil.example"},
            403,
        ),
        (b"x" * 5000, {"content-type": "application/json"}, 413),
    ],
)
async def test_bad_sign_ins_are_problems_and_open_no_session(
    clean: Server, api_key: str, body: bytes, headers: dict[str, str], status: int
) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url) as client:
        response = await client.post(
            "/session", content=body.replace(b"KEY", api_key.encode()), headers=headers
        )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "set-cookie" not in response.headers
    assert await tables.count_browser_sessions() == 0


async def test_graphql_accepts_the_session_with_its_csrf_token(
    browser: httpx.AsyncClient, api_key: str
) -> None:
    token = await sign_in(browser, api_key)
    response = await graphql(
        browser,
        CREATE_API_TRIGGER,
        {"input": {"name": "from-browser", "apiSchema": PAYMENT_SCHEMA}},
        csrf=token,
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["createApiTrigger"]["errors"] == []
    assert await tables.count_triggers(name="from-browser")


@pytest.mark.parametrize("csrf", [None, "wrong"])
async def test_a_cookie_post_without_the_csrf_token_is_refused_and_writes_nothing(
    browser: httpx.AsyncClient, api_key: str, csrf: str | None
) -> None:
    await sign_in(browser, api_key)
    for query, variables in (
        (CREATE_API_TRIGGER, {"input": {"name": "forged", "apiSchema": PAYMENT_SCHEMA}}),
        (WHO, None),
    ):
        response = await graphql(browser, query, variables, csrf=csrf)
        assert response.status_code == 403, response.text
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN"
    assert not await tables.count_triggers(name="forged")


async def test_an_api_key_needs_no_csrf_token_even_beside_a_cookie(
    browser: httpx.AsyncClient, api_key: str
) -> None:
    await sign_in(browser, api_key)
    response = await browser.post("/graphql", json={"query": WHO}, headers={"X-API-Key": api_key})
    assert response.status_code == 200
    assert "errors" not in response.json()


async def test_a_read_only_session_cannot_write(
    browser: httpx.AsyncClient, read_only_key: str
) -> None:
    token = await sign_in(browser, read_only_key)
    response = await graphql(
        browser, CREATE_API_TRIGGER, {"input": {"name": "x", "apiSchema": PAYMENT_SCHEMA}}, token
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_sign_out_ends_the_session_on_the_server(
    clean: Server, browser: httpx.AsyncClient, api_key: str
) -> None:
    token = await sign_in(browser, api_key)
    session_id = browser.cookies["etp_session"]
    refused = await browser.delete("/session")  # without the CSRF token
    assert refused.status_code == 403
    response = await browser.delete("/session", headers={"X-CSRF-Token": token})
    assert response.status_code == 204
    assert await tables.count_browser_sessions() == 0
    # The old cookie, replayed, gets nothing.
    async with httpx.AsyncClient(
        base_url=clean.base_url, cookies={"etp_session": session_id}
    ) as replay:
        assert (await replay.get("/session")).status_code == 401
        stale = await replay.post("/graphql", json={"query": WHO}, headers={"X-CSRF-Token": token})
        assert stale.status_code == 401


async def _cookie_socket(server: Server, browser: httpx.AsyncClient, origin: str) -> WsClient:
    return await WsClient.connect(
        server.base_url,
        api_key=None,
        headers={
            "Cookie": f"etp_session={browser.cookies['etp_session']}",
            "Origin": origin,
        },
    )


async def test_revoking_the_key_ends_its_sessions_and_their_websockets_at_once(
    clean: Server, browser: httpx.AsyncClient, api_key: str
) -> None:
    await sign_in(browser, api_key)
    socket = await _cookie_socket(clean, browser, clean.base_url)
    try:
        await socket.acknowledged()
        await socket.subscribe()
        assert await revoke_key(split_key(api_key)[0])  # type: ignore[index]
        assert (await browser.get("/session")).status_code == 401
        assert await socket.closed_with(wait=2) == 4403
    finally:
        await socket.close()


async def test_sign_out_closes_the_sessions_websockets(
    clean: Server, browser: httpx.AsyncClient, api_key: str
) -> None:
    token = await sign_in(browser, api_key)
    socket = await _cookie_socket(clean, browser, clean.base_url)
    try:
        await socket.acknowledged()
        await socket.subscribe()
        await browser.delete("/session", headers={"X-CSRF-Token": token})
        assert await socket.closed_with(wait=2) == 4403
    finally:
        await socket.close()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", None])
async def test_a_cross_site_websocket_does_not_ride_the_cookie(
    clean: Server, browser: httpx.AsyncClient, api_key: str, origin: str | None
) -> None:
    """Refused at the handshake (Strawberry's own origin check) or, when the origin passes
    that, at connection_init: the cookie alone authenticates only this site's pages."""
    await sign_in(browser, api_key)
    headers = {"Cookie": f"etp_session={browser.cookies['etp_session']}"}
    if origin is not None:
        headers["Origin"] = origin
    assert await _refusal(clean, headers) in {403, 4403}


async def _refusal(server: Server, headers: dict[str, str]) -> int | None:
    """The handshake's HTTP status when refused there, else the close code after init."""
    try:
        socket = await WsClient.connect(server.base_url, api_key=None, headers=headers)
    except websockets.InvalidStatus as refused:
        return refused.response.status_code
    try:
        return await socket.closed_with(wait=2)
    finally:
        await socket.close()


async def test_sign_ins_are_rate_limited_per_address(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, session_rate_limit="2/minute") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        statuses = [
            (await client.post("/session", json={"apiKey": api_key})).status_code for _ in range(3)
        ]
        assert statuses == [204, 204, 429]
        refused = await client.post("/session", json={"apiKey": api_key})
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["Retry-After"]) >= 1


async def test_a_cookie_get_reads_but_cannot_mutate(
    browser: httpx.AsyncClient, api_key: str
) -> None:
    """GET needs no CSRF token because GraphQL over GET only reads: a mutation is refused."""
    await sign_in(browser, api_key)
    read = await browser.get("/graphql", params={"query": WHO})
    assert read.status_code == 200
    assert "errors" not in read.json()
    mutation = 'mutation { createApiTrigger(input: {name: "via-get", apiSchema: {a: "int"}}) { errors { message } } }'
    refused = await browser.get("/graphql", params={"query": mutation})
    assert refused.status_code in {400, 405}
    assert not await tables.count_triggers(name="via-get")
