"""Issue 18, the websocket half: no stranger can stall the process or lock anyone out, and every
mistake gets an answer (a close code or an `error` message), bounded, logged at INFO."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from core.access.api_keys import create_key
from tests.api.served import served_with
from tests.api.ws_client import WsClient
from tests.conftest import Server

pytestmark = pytest.mark.asyncio


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/graphql"


async def open_socket(
    base_url: str, headers: dict[str, str] | None = None, **options: Any
) -> ClientConnection:
    return await websockets.connect(
        ws_url(base_url),
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers=headers or {},
        **options,
    )


async def close_code(connection: ClientConnection, wait: float = 10) -> int | None:
    """The code of the close frame the server sent (None: dropped without one)."""
    try:
        while True:
            await asyncio.wait_for(connection.recv(), wait)
    except websockets.ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


async def refused(base_url: str, headers: dict[str, str] | None = None) -> bool:
    """Whether the server turns the connection away (1013, Try Again Later) at once."""
    connection = await open_socket(base_url, headers)
    try:
        return await close_code(connection, wait=1) == 1013
    except TimeoutError:
        return False
    finally:
        await connection.close()


def failures_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info is not None]


@asynccontextmanager
async def held(count: int, base_url: str) -> AsyncIterator[list[ClientConnection]]:
    """`count` sockets that never send connection_init."""
    async with AsyncExitStack() as stack:
        sockets = []
        for _ in range(count):
            connection = await open_socket(base_url)
            stack.push_async_callback(connection.close)
            sockets.append(connection)
        yield sockets


# --- nothing is parsed before it is trusted or bounded ---


async def test_a_long_message_before_connection_ack_is_refused_unread(
    clean: Server, caplog: pytest.LogCaptureFixture
) -> None:
    # 200,000 empty arrays: parsed and walked, this held the loop (the fuzzing run's 16 MiB
    # version for seconds); the key would only have been checked after. Now uvicorn refuses
    # the frame from its header (1009, message too big): its payload is never even read.
    payload = {"apiKey": "etp_x", "junk": [[]] * 200_000}
    connection = await open_socket(clean.base_url)
    with caplog.at_level(logging.INFO):
        await connection.send(json.dumps({"type": "connection_init", "payload": payload}))
        assert await close_code(connection) == 1009
    assert failures_logged(caplog) == []


async def test_the_message_limit_rises_to_the_graphql_body_limit_once_acknowledged(
    clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    try:
        await client.acknowledged()
        # 20 KB of variables: five times what a message may be before connection_ack.
        await client.subscribe("query($note: String) { nope }", note="n" * 20_000)
        answer = await client.receive()
    finally:
        await client.close()
    assert answer["type"] == "error"  # answered: the message was read
    assert "note" in answer["payload"][0]["message"]


async def test_a_message_above_the_graphql_body_limit_is_refused_before_it_is_buffered(
    clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    await client.acknowledged()
    limit = clean.settings.graphql_max_body_bytes
    variables = {"junk": [[]] * (limit // 4 + 1000)}  # just above the limit
    await client.subscribe("subscription { eventFired { id } }", **variables)
    # websockets' 1009 (message too big): uvicorn stops reading at the limit (it buffered up to
    # 16 MiB before, and the handler parsed and walked all of it).
    assert await client.closed_with(10) == 1009


async def test_a_message_nested_too_deeply_after_ack_is_closed_with_4400(
    clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    await client.acknowledged()
    nested = "[" * 600 + "]" * 600
    await client.connection.send(
        '{"id": "1", "type": "subscribe", "payload": {"query": "subscription { eventFired '
        '{ id } }", "variables": {"x": ' + nested + "}}}"
    )
    assert await client.closed_with(10) == 4400


async def test_a_document_too_long_or_nested_too_deeply_gets_an_error_unparsed(
    clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    try:
        await client.acknowledged()
        long = "subscription { eventFired { id } }" + " " * 70_000
        deep = "subscription { eventFired " + "{ id " * 70 + "}" * 71
        answers = []
        for query in (long, deep):
            await client.subscribe(query)
            answers.append(await client.receive())
    finally:
        await client.close()
    for answer in answers:
        assert answer["type"] == "error", answer
        assert answer["payload"][0]["extensions"]["code"] == "TOO_COMPLEX"


# --- every error is an answer, bounded ---


async def test_a_syntax_error_is_answered_with_a_bounded_error_message_and_logged_at_info(
    clean: Server, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    broken = "subscription { eventFired { id } " + "x" * 60_000 + " @@@"
    with caplog.at_level(logging.DEBUG):
        try:
            await client.acknowledged()
            await client.subscribe(broken)
            text = await asyncio.wait_for(client.connection.recv(), 10)
            await client.subscribe("subscription { eventFired { nope } }")
            invalid = await client.receive()
            # The connection stays open for the next operation.
            await client.send({"type": "ping"})
            pong = await client.receive()
        finally:
            await client.close()
    answer = json.loads(text)
    assert answer["type"] == "error", answer
    assert "Syntax Error" in answer["payload"][0]["message"]
    assert len(text) < 2000  # whatever the input's length
    assert invalid["type"] == "error"
    assert pong["type"] == "pong"
    assert failures_logged(caplog) == []
    assert all(len(r.getMessage()) <= 400 for r in caplog.records)


@pytest.mark.parametrize(
    "message",
    [
        "[]",
        '"connection_init"',
        "42",
        '{"type": 5}',
        '{"type": ["subscribe"]}',
        '{"type": "' + "y" * 3000 + '"}',
        '{"type": "connection_init", "payload": [1]}',
        "{not json",
    ],
)
async def test_a_malformed_message_before_ack_gets_4400_with_a_close_frame(
    clean: Server, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    connection = await open_socket(clean.base_url)
    with caplog.at_level(logging.INFO):
        await connection.send(message)
        assert await close_code(connection) == 4400
    assert failures_logged(caplog) == []


@pytest.mark.parametrize(
    "message",
    [
        {"type": "subscribe", "id": ["1"], "payload": {"query": "subscription { a }"}},
        {"type": "subscribe", "id": "i" * 500, "payload": {"query": "subscription { a }"}},
        {"type": "subscribe", "id": "1", "payload": ["query"]},
        {"type": "subscribe", "id": "1", "payload": {"query": 7}},
        {"type": "subscribe", "id": "1", "payload": {"query": "{ a }", "variables": [1]}},
        {"type": "subscribe", "id": "1", "payload": {"query": "{ a }", "operationName": 1}},
        {"type": "complete", "id": {"x": 1}},
        {"type": "next", "id": "1", "payload": {}},
    ],
)
async def test_a_malformed_message_after_ack_gets_4400_with_a_close_frame(
    clean: Server, api_key: str, message: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    await client.acknowledged()
    with caplog.at_level(logging.INFO):
        await client.send(message)
        assert await client.closed_with(10) == 4400
    assert failures_logged(caplog) == []


async def test_a_binary_message_gets_4400(clean: Server) -> None:
    connection = await open_socket(clean.base_url)
    await connection.send(b'{"type": "connection_init"}')
    assert await close_code(connection) == 4400


# --- strangers cannot crowd out callers ---


async def test_idle_strangers_cannot_lock_out_a_key_on_the_upgrade(
    clean: Server, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    # 100 places: strangers may hold 10 (as many as one address may).
    async with (
        served_with(clean, ws_max_connections=100) as url,
        held(10, url),
    ):
        with caplog.at_level(logging.INFO):
            assert await refused(url)
            client = await WsClient.connect(url, api_key=None, headers={"X-API-Key": api_key})
            try:
                await client.acknowledged()
            finally:
                await client.close()
    refusals = [r for r in caplog.records if "websocket refused" in r.getMessage()]
    assert refusals and all(r.levelno == logging.INFO for r in refusals)
    assert failures_logged(caplog) == []


async def test_strangers_from_one_address_are_capped(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, ws_max_unauthenticated_per_address=3) as url,
        held(3, url),
    ):
        assert await refused(url)
        assert not await refused(url, {"X-API-Key": api_key})


async def test_behind_a_trusted_proxy_strangers_are_counted_by_their_forwarded_address(
    clean: Server,
) -> None:
    def forwarded(address: str) -> dict[str, str]:
        return {"X-Forwarded-For": address}

    async with served_with(
        clean, ws_max_unauthenticated_per_address=1, trusted_proxies="127.0.0.1"
    ) as url:
        first = await open_socket(url, forwarded("198.51.100.1"))
        try:
            assert not await refused(url, forwarded("198.51.100.2"))
            assert await refused(url, forwarded("198.51.100.1"))
        finally:
            await first.close()
    # Trusting no proxy (the default), a client cannot pick its address.
    async with served_with(clean, ws_max_unauthenticated_per_address=1) as url:
        first = await open_socket(url, forwarded("198.51.100.1"))
        try:
            assert await refused(url, forwarded("198.51.100.2"))
        finally:
            await first.close()


async def test_each_key_has_its_own_cap(clean: Server, api_key: str) -> None:
    other = (await create_key("other")).secret_key
    async with served_with(clean, ws_max_connections_per_key=2) as url:
        header = {"X-API-Key": api_key}
        clients = [await WsClient.connect(url, api_key=None, headers=header) for _ in range(2)]
        try:
            for client in clients:
                await client.acknowledged()
            assert await refused(url, header)
            # The same key in connection_init is refused too (the protocol's 4403)...
            late = await WsClient.connect(url, api_key=api_key)
            assert await late.closed_with(10) == 4403
            # ...while another key is not affected.
            another = await WsClient.connect(url, api_key=other)
            await another.acknowledged()
            await another.close()
        finally:
            for client in clients:
                await client.close()


async def test_a_socket_that_does_not_authenticate_in_time_is_closed_with_4408(
    clean: Server,
) -> None:
    async with served_with(clean, ws_init_timeout_seconds=0.5) as url:
        connection = await open_socket(url)
        assert await close_code(connection, wait=5) == 4408


async def test_the_init_timeout_defaults_to_a_few_seconds(clean: Server) -> None:
    assert clean.settings.ws_init_timeout_seconds <= 5


async def test_a_message_of_too_many_arrays_and_objects_is_closed_with_4400_unparsed(
    clean: Server, api_key: str
) -> None:
    # 75,000 empty arrays made at once set off a full garbage collection: 0.4 s of the whole
    # process, measured by the fuzzing stage.
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    await client.acknowledged()
    await client.subscribe("subscription { eventFired { id } }", junk=[[]] * 75_000)
    assert await client.closed_with(10) == 4400


async def test_strangers_over_the_connect_rate_are_denied_before_the_handshake(
    clean: Server, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    def from_address(address: str) -> dict[str, str]:
        return {"X-Forwarded-For": address}

    async with served_with(
        clean, ws_connect_rate_limit="3/minute", trusted_proxies="127.0.0.1"
    ) as url:
        with caplog.at_level(logging.INFO):
            # Three keyless attempts from one address end without a key (4403)...
            for _ in range(3):
                stranger = await WsClient.connect(
                    url, api_key=None, headers=from_address("198.51.100.7")
                )
                assert await stranger.closed_with(10) == 4403
            # ...so its next keyless upgrades are denied with 429 before the handshake.
            for _ in range(2):
                with pytest.raises(websockets.InvalidStatus) as denied:
                    await open_socket(url, from_address("198.51.100.7"))
                assert denied.value.response.status_code == 429
                assert int(denied.value.response.headers["Retry-After"]) >= 1
            # Another address is not affected, nor a key on the upgrade from the same one.
            other = await open_socket(url, from_address("198.51.100.8"))
            await other.close()
            keyed = await WsClient.connect(
                url, api_key=None, headers={"X-API-Key": api_key, **from_address("198.51.100.7")}
            )
            await keyed.acknowledged()
            await keyed.close()
    assert failures_logged(caplog) == []
    over = [r for r in caplog.records if "WS_CONNECT_RATE_LIMIT" in r.getMessage()]
    assert len(over) == 1  # once per address per window, not per refusal
    assert over[0].levelno == logging.INFO


async def test_keyed_connections_never_count_against_the_connect_rate(
    clean: Server, api_key: str
) -> None:
    async with served_with(clean, ws_connect_rate_limit="2/minute") as url:
        # The key in connection_init: a stranger at the upgrade, but not one that failed.
        for _ in range(4):
            client = await WsClient.connect(url, api_key=api_key)
            await client.acknowledged()
            await client.close()
        stranger = await open_socket(url)
        await stranger.close()


async def test_once_denied_an_address_is_denied_by_the_protocol_until_its_retry_after(
    clean: Server, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with served_with(clean, ws_connect_rate_limit="1/minute") as url:
        with caplog.at_level(logging.INFO):
            stranger = await WsClient.connect(url, api_key=None)
            assert await stranger.closed_with(10) == 4403
            for _ in range(3):
                with pytest.raises(websockets.InvalidStatus) as denied:
                    await open_socket(url)
                assert denied.value.response.status_code == 429
                assert int(denied.value.response.headers["Retry-After"]) >= 1
            # Headers sent twice are hostile input too: still a 429, no ERROR.
            with pytest.raises(websockets.InvalidStatus) as denied:
                await open_socket(url, [("Cookie", "a=1"), ("Cookie", "b=2")])  # type: ignore[arg-type]
            assert denied.value.response.status_code == 429
            keyed = await open_socket(url, {"X-API-Key": api_key})
            await keyed.close()
    assert failures_logged(caplog) == []
    # Only the first denial reached the app (uvicorn logs each one the app answers).
    answered = [r for r in caplog.records if '"WebSocket /graphql" 429' in r.getMessage()]
    assert len(answered) == 1
