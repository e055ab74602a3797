"""Generated websocket traffic against the real server, before and after connection_init: every
message gets an answer or a close frame with a protocol code, nothing stalls the event loop
for more than STALL_SECONDS, no upgrade gets a 5xx and nothing is logged at ERROR (issue 18).

The server runs in this test's event loop, so a ticker here measures the server's stalls; it
counts only while traffic is in flight, not while Hypothesis generates the next example.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.client import ClientConnection

from tests.conftest import Server
from tests.fuzz.support import FUZZ_EXAMPLES, fuzz_settings
from tests.fuzz.websocket_messages import frames

STALL_SECONDS = 0.2
TICK = 0.005
# What graphql-transport-ws (44xx), websockets (1009: too big) and this server (1013: full)
# close with.
CLOSE_CODES = {1000, 1009, 1013, 4400, 4401, 4403, 4408, 4409, 4429}
ANSWER_TYPES = {"connection_ack", "pong", "ping", "next", "error", "complete"}
# An answer's size whatever was sent (error_answers.py bounds errors to a few KB).
MAX_ANSWER = 16 * 1024


class Ticker:
    """The longest gap between ticks while `measuring`: how long the event loop was held."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._since: float | None = None

    async def run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            if self._since is not None and self._since <= before:
                self.longest = max(self.longest, time.perf_counter() - before - TICK)

    @contextlib.asynccontextmanager
    async def measuring(self) -> AsyncIterator[None]:
        self._since = time.perf_counter()
        try:
            yield
        finally:
            self._since = None


@pytest.fixture
async def ticker() -> AsyncIterator[Ticker]:
    # As a served process is (api/gc_tuning.py): what the test run has made so far is frozen
    # out of the garbage collector, whose full passes over it would otherwise count here as
    # stalls of the server's making.
    gc.collect()
    gc.freeze()
    ticker = Ticker()
    task = asyncio.create_task(ticker.run())
    try:
        yield ticker
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        gc.unfreeze()


async def _connected(base_url: str, api_key: str | None) -> ClientConnection:
    url = base_url.replace("http://", "ws://") + "/graphql"
    try:
        connection = await websockets.connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            max_size=None,
        )
    except websockets.InvalidStatus as refused:
        raise AssertionError(f"upgrade refused: {refused.response.status_code}") from None
    if api_key is not None:
        await connection.send(
            json.dumps({"type": "connection_init", "payload": {"apiKey": api_key}})
        )
        ack = json.loads(await asyncio.wait_for(connection.recv(), 10))
        assert ack["type"] == "connection_ack", ack
    return connection


async def _answers(connection: ClientConnection, sent: list[str | bytes]) -> None:
    """Reads until the server closes or goes quiet; checks each answer and the close."""
    closed: websockets.ConnectionClosed | None = None
    try:
        while True:
            answer = await asyncio.wait_for(connection.recv(), 0.5)
            assert isinstance(answer, str), answer
            assert len(answer) <= MAX_ANSWER, (len(answer), _shown(sent))
            message = json.loads(answer)
            assert message.get("type") in ANSWER_TYPES, (message, _shown(sent))
    except TimeoutError:
        return
    except websockets.ConnectionClosed as error:
        closed = error
    assert closed.rcvd is not None, f"dropped without a close frame after {_shown(sent)}"
    assert closed.rcvd.code in CLOSE_CODES, (closed.rcvd, _shown(sent))


def _shown(sent: list[str | bytes]) -> list[str]:
    return [repr(m[:300]) + (f"... ({len(m)})" if len(m) > 300 else "") for m in sent]


@fuzz_settings(FUZZ_EXAMPLES * 6)
@given(authenticated=st.booleans(), sent=st.lists(frames, min_size=1, max_size=3))
async def test_generated_websocket_messages_get_bounded_answers_without_stalls(
    clean: Server,
    api_key: str,
    ticker: Ticker,
    caplog: pytest.LogCaptureFixture,
    authenticated: bool,
    sent: list[str | bytes],
) -> None:
    caplog.clear()
    with caplog.at_level(logging.INFO):
        async with ticker.measuring():
            connection = await _connected(clean.base_url, api_key if authenticated else None)
            try:
                for message in sent:
                    with contextlib.suppress(websockets.ConnectionClosed):
                        await connection.send(message)
                await _answers(connection, sent)
            finally:
                await connection.close()
                await connection.wait_closed()
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert failures == [], [r.getMessage()[:300] for r in failures]
    assert ticker.longest < STALL_SECONDS, (ticker.longest, _shown(sent))


async def test_the_process_still_answers_after_the_websocket_fuzzing(clean: Server) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url) as client:
        assert (await client.get("/healthz")).status_code == 200
