"""Websockets end with their key, and a process holds a bounded number of them."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
import websockets

from api.graphql.access.revocations import Sessions
from core.access.api_keys import revoke_key, split_key
from tests.api.served import served_with
from tests.api.ws_client import SUBSCRIBE_EVENTS, WsClient
from tests.conftest import GraphQLClient, Server
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


async def test_revoking_a_key_closes_its_websockets_within_a_second(
    clean: Server, api_key: str, read_only_key: str, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    revoked = await WsClient.connect(clean.base_url, api_key=read_only_key)
    kept = await WsClient.connect(clean.base_url, api_key=api_key)
    try:
        for client in (revoked, kept):
            await client.acknowledged()
            await client.subscribe()
        await asyncio.sleep(0.2)
        assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
        assert len(await revoked.events(1)) == len(await kept.events(1)) == 1

        key_id = split_key(read_only_key)[0]  # type: ignore[index]
        assert await revoke_key(key_id)
        started = time.monotonic()
        assert await revoked.closed_with(wait=2) == 4403
        assert time.monotonic() - started < 1.0
        # The other key's connection goes on receiving.
        assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
        assert len(await kept.events(1)) == 1
    finally:
        await revoked.close()
        await kept.close()


async def test_connections_beyond_the_process_limit_are_refused(
    clean: Server, api_key: str
) -> None:
    async with served_with(clean, ws_max_connections=2) as url:
        first = await WsClient.connect(url, api_key=api_key)
        second = await WsClient.connect(url, api_key=api_key)
        try:
            await first.acknowledged()
            await second.acknowledged()
            # Accepted and closed at once with 1013, Try Again Later (a 503 made uvicorn log
            # an ERROR: api/graphql/transport/view.py).
            ws_url = url.replace("http://", "ws://") + "/graphql"
            async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as third:
                with pytest.raises(websockets.ConnectionClosed) as refused:
                    await asyncio.wait_for(third.recv(), 5)
            assert refused.value.rcvd is not None and refused.value.rcvd.code == 1013
            await first.close()
            await asyncio.sleep(0.2)
            third = await WsClient.connect(url, api_key=api_key)  # a place became free
            await third.acknowledged()
            await third.close()
        finally:
            await first.close()
            await second.close()


async def test_the_key_check_queries_only_while_connections_are_watched() -> None:
    asked: list[set[str]] = []
    closed: list[tuple[int, str]] = []

    async def active(ids: set[str]) -> set[str]:
        asked.append(ids)
        return {"live"}

    async def close(code: int, reason: str) -> None:
        closed.append((code, reason))

    sessions = Sessions(check_seconds=0.01, active_keys=active)
    await asyncio.sleep(0.05)
    assert asked == []  # idle: no queries
    sessions.watch("a", "live", close)
    sessions.watch("b", "gone", close)
    await asyncio.sleep(0.05)
    assert closed == [(4403, "API key revoked")]
    sessions.unwatch("a")
    await asyncio.sleep(0.05)
    count = len(asked)
    await asyncio.sleep(0.05)
    assert len(asked) == count  # nothing watched: the task ended
    await sessions.close()


async def test_the_legacy_protocol_also_ends_with_its_key(clean: Server, api_key: str) -> None:
    async with served_with(clean, graphql_ws_legacy=True) as url:
        connection = await websockets.connect(
            url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-ws"]
        )
        try:
            await connection.send(
                json.dumps({"type": "connection_init", "payload": {"apiKey": api_key}})
            )
            assert json.loads(await connection.recv())["type"] == "connection_ack"
            await connection.send(
                json.dumps({"type": "start", "id": "1", "payload": {"query": SUBSCRIBE_EVENTS}})
            )
            await asyncio.sleep(0.2)
            assert await revoke_key(split_key(api_key)[0])  # type: ignore[index]
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(connection.recv(), 2)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        finally:
            await connection.close()


async def test_a_failing_key_check_is_retried(caplog: pytest.LogCaptureFixture) -> None:
    answers: list[object] = [OSError("database away"), OSError("still away"), set()]
    closed: list[int] = []

    async def active(ids: set[str]) -> set[str]:
        answer = answers.pop(0) if answers else set()
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    async def close(code: int, reason: str) -> None:
        closed.append(code)

    sessions = Sessions(check_seconds=0.01, active_keys=active)
    sessions.watch("a", "revoked", close)
    await asyncio.sleep(0.1)
    assert closed == [4403]
    warnings = [r for r in caplog.records if "re-check" in r.getMessage()]
    assert len(warnings) == 1  # once per outage
    await sessions.close()
