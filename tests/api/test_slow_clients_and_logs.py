"""Against a real `etp api` process: slow clients are cut off on time, and the access log names
routes, never hook tokens. One process for the module, with short timeouts and INFO logs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server, free_port
from tests.core.storage import tables
from tests.factories import JSON_BODY, VALID_PAYMENT, api_trigger, hook_path

TIMEOUT = 1.0
MAX_HEADER_BYTES = 8192


@dataclass
class LoggedApi:
    url: str
    port: int
    log_path: Path

    def log_lines(self) -> list[dict[str, Any]]:
        lines = self.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.fixture(scope="module")
async def api(server: Server, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LoggedApi]:
    settings = server.settings
    port = free_port()
    log_path = tmp_path_factory.mktemp("logs") / "api.log"
    env = {
        **os.environ,
        "DATABASE_URL": str(settings.database_url),
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
        "PORT": str(port),
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
        "HTTP_HEADER_TIMEOUT_SECONDS": str(TIMEOUT),
        "HTTP_READ_TIMEOUT_SECONDS": str(TIMEOUT),
        "HTTP_MAX_HEADER_BYTES": str(MAX_HEADER_BYTES),
    }
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "etp.cli", "api", env=env, stderr=log_file
        )
        url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=url) as client:
                for _ in range(200):
                    with contextlib.suppress(httpx.TransportError):
                        if (await client.get("/readyz")).status_code == 200:
                            break
                    await asyncio.sleep(0.05)
                else:
                    raise AssertionError("etp api did not become ready")
            yield LoggedApi(url, port, log_path)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)


async def _raw(port: int, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    return reader, writer


async def _collect(reader: asyncio.StreamReader) -> bytes:
    """What the server sends until it closes (a reset after its answer keeps what came)."""
    received = b""
    with contextlib.suppress(ConnectionError):
        while chunk := await reader.read(65536):
            received += chunk
    return received


async def _trickle(
    writer: asyncio.StreamWriter, pieces: list[bytes], answer: asyncio.Task[bytes]
) -> None:
    """Sends one piece every TIMEOUT / 8 s until the server answers or closes."""
    for piece in pieces:
        if answer.done():
            return
        with contextlib.suppress(ConnectionError):
            writer.write(piece)
            await writer.drain()
        await asyncio.sleep(TIMEOUT / 8)


async def _answer_and_elapsed(reader: asyncio.StreamReader) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started = time.monotonic()
    received = await asyncio.wait_for(_collect(reader), TIMEOUT * 10)
    return received, time.monotonic() - started


# ---- slow clients ---------------------------------------------------------------------------


async def test_a_slow_hook_body_is_408_within_the_read_timeout(
    api: LoggedApi, clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    reader, writer = await _raw(
        api.port,
        f"POST {hook_path(trigger)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n".encode()
        + b'{"amount": ',
    )
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b"application/problem+json" in answer
    assert b"/problems/request-timeout" in answer
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 2
    assert await tables.count_events() == 0


async def test_a_slow_graphql_body_is_408_within_the_read_timeout(
    api: LoggedApi, api_key: str
) -> None:
    reader, writer = await _raw(
        api.port,
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"X-API-Key: {api_key}\r\n".encode()
        + b'Content-Length: 500\r\n\r\n{"query": ',
    )
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert elapsed < TIMEOUT + 2


@pytest.mark.parametrize("route", ["hook", "graphql"])
async def test_a_body_declared_over_the_cap_is_413_before_any_of_it_arrives(
    api: LoggedApi, clean: Server, gql: GraphQLClient, api_key: str, route: str
) -> None:
    # Both routes read bodies through the one limiter (api/body_limit.py).
    path = hook_path(await api_trigger(gql)) if route == "hook" else "/graphql"
    reader, writer = await _raw(
        api.port,
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-API-Key: {api_key}\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n\r\n".encode(),
    )
    started = time.monotonic()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT * 5)
    writer.close()
    assert head.startswith(b"HTTP/1.1 413 "), head
    assert b"application/problem+json" in head
    # Well before the read timeout: nothing of the body was waited for.
    assert time.monotonic() - started < TIMEOUT / 2
    assert await tables.count_events() == 0


@pytest.mark.parametrize(
    "length",
    [pytest.param(500, id="a trickle"), pytest.param(50 * 1024 * 1024, id="declared over the cap")],
)
@pytest.mark.parametrize("key", [None, "etp_not-a-key"])
async def test_graphql_without_a_valid_key_is_refused_from_its_headers_alone(
    api: LoggedApi, clean: Server, length: int, key: str | None
) -> None:
    # Issue 18: a stranger's body was read (up to 1 MiB) and a trickle held for the read timeout.
    presented = f"X-API-Key: {key}\r\n" if key else ""
    reader, writer = await _raw(
        api.port,
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"{presented}Content-Length: {length}\r\n\r\n".encode()
        + b'{"query": ',
    )
    started = time.monotonic()
    # The connection is closed after the answer: the unread body is never read.
    answer = await asyncio.wait_for(_collect(reader), TIMEOUT * 5)
    writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert head.startswith(b"http/1.1 401 "), answer
    assert b"connection: close" in head
    assert b"UNAUTHENTICATED" in answer
    assert time.monotonic() - started < TIMEOUT / 2


async def test_a_body_trickled_a_byte_at_a_time_is_cut_at_the_read_timeout(
    api: LoggedApi, clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    body = json.dumps(VALID_PAYMENT).encode()
    reader, writer = await _raw(
        api.port,
        f"POST {hook_path(trigger)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode(),
    )
    started = time.monotonic()
    answer_task = asyncio.create_task(_collect(reader))
    # Each byte well within any per-read timeout; the whole body far beyond the deadline.
    await _trickle(writer, [bytes([b]) for b in body[:-1]], answer_task)
    answer = await asyncio.wait_for(answer_task, TIMEOUT * 5)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert time.monotonic() - started < TIMEOUT + 2
    assert await tables.count_events() == 0


async def test_half_sent_headers_get_408_and_a_closed_connection(api: LoggedApi) -> None:
    reader, writer = await _raw(api.port, b"POST /hooks/abc HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 2


async def test_a_connection_that_sends_nothing_is_closed_at_the_header_timeout(
    api: LoggedApi,
) -> None:
    reader, writer = await _raw(api.port, b"")
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer == b""
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 2


async def test_headers_trickled_in_are_cut_at_the_deadline_not_per_byte(api: LoggedApi) -> None:
    reader, writer = await _raw(api.port, b"GET /healthz HTTP/1.1\r\n")
    started = time.monotonic()
    answer_task = asyncio.create_task(_collect(reader))
    await _trickle(writer, [b"X-A: b\r\n"] * 40, answer_task)
    answer = await asyncio.wait_for(answer_task, TIMEOUT * 5)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert time.monotonic() - started < TIMEOUT * 3


async def test_the_second_request_on_a_kept_alive_connection_has_its_own_deadline(
    api: LoggedApi,
) -> None:
    reader, writer = await _raw(api.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first = await asyncio.wait_for(reader.readuntil(b'{"status":"ok"}'), TIMEOUT * 5)
    assert first.startswith(b"HTTP/1.1 200 ")
    await asyncio.sleep(TIMEOUT * 0.7)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    await writer.drain()
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 2


async def test_prompt_requests_on_one_connection_outlive_the_header_timeout(
    api: LoggedApi,
) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        started = time.monotonic()
        while time.monotonic() - started < TIMEOUT * 2.5:
            assert (await client.get("/healthz")).status_code == 200
            await asyncio.sleep(TIMEOUT / 4)


async def test_headers_over_the_cap_are_431(api: LoggedApi) -> None:
    reader, writer = await _raw(
        api.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (MAX_HEADER_BYTES * 2)
    )
    answer, elapsed = await _answer_and_elapsed(reader)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 431 "), answer
    assert elapsed < TIMEOUT


async def test_a_websocket_outlives_the_header_timeout(
    api: LoggedApi, clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(api.url, api_key=api_key)
    try:
        await asyncio.sleep(TIMEOUT * 2)
        pong = await client.connection.ping()
        await asyncio.wait_for(pong, TIMEOUT)
    finally:
        await client.connection.close()


# ---- the access log --------------------------------------------------------------------------


async def test_hook_tokens_never_reach_the_log(
    api: LoggedApi, clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    path = hook_path(trigger)
    token = path.removeprefix("/hooks/")
    async with httpx.AsyncClient(base_url=api.url) as client:
        statuses = [
            (await client.post(path, json=VALID_PAYMENT)).status_code,
            (await client.post(path + "/test?x=1", json=VALID_PAYMENT)).status_code,
            (await client.post(path, content=b"{not json", headers=JSON_BODY)).status_code,
            (await client.post(path, json={"amount": "x"})).status_code,
            (await client.post(path + "/nope", json=VALID_PAYMENT)).status_code,
            (await client.get(path)).status_code,
        ]
    assert statuses == [202, 202, 400, 422, 404, 405]
    await asyncio.sleep(0.2)
    text = api.log_path.read_text()
    assert token not in text
    assert token[:12] not in text
    access = [line for line in api.log_lines() if line["logger"] == "etp.access"]
    hooks = [(a["method"], a["route"], a["status"]) for a in access if "hooks" in a["route"]]
    assert (
        ("POST", "/hooks/{token}", 202) in hooks
        and ("POST", "/hooks/{token}/test", 202) in hooks
        and ("POST", "/hooks/{token}", 400) in hooks
        and ("GET", "/hooks/{token}", 405) in hooks
    ), hooks
    assert any(a["route"] == "<unmatched>" and a["status"] == 404 for a in access)
    assert all(isinstance(a["duration_ms"], float) for a in access)


async def test_client_mistakes_are_info_without_traceback(api: LoggedApi) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        await client.post("/hooks/" + "B" * 43, content=b"9" * 5000)
        await client.post("/graphql", content=b"{" * 5000)
        await client.post("/graphql", json={"query": "{ nope }"})
    await asyncio.sleep(0.2)
    lines = api.log_lines()
    assert [line for line in lines if line["level"] == "error"] == []
    assert all("exc" not in line for line in lines)
    assert "9" * 100 not in api.log_path.read_text()
