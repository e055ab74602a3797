"""`etp api` as operators run it: several real processes behind different ports, one database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from core.models import Event
from tests.conftest import GraphQLClient, Server, free_port
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


@contextlib.asynccontextmanager
async def api_process(server: Server) -> AsyncIterator[str]:
    settings = server.settings
    port = free_port()
    database_url = settings.database_url or f"sqlite://{settings.sqlite_path.resolve()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "etp.cli", "api", env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base_url) as client:
            for _ in range(200):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("etp api did not become ready")
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


async def test_two_api_processes_share_one_hook_without_loss(
    clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    path = hook_path(trigger)
    async with api_process(clean) as first, api_process(clean) as second:
        limits = httpx.Limits(max_connections=100)
        async with (
            httpx.AsyncClient(base_url=first, limits=limits, timeout=60) as a,
            httpx.AsyncClient(base_url=second, limits=limits, timeout=60) as b,
        ):
            responses = await asyncio.gather(
                *(
                    (a if n % 2 else b).post(path, json={**VALID_PAYMENT, "user_id": n})
                    for n in range(200)
                )
            )
            # A rotation through one process stops the hook on the other at once.
            await gql(
                "mutation($id: ID!) { rotateHookToken(id: $id) { errors { code } } }",
                {"id": trigger["id"]},
            )
            after_rotation = await a.post(path, json=VALID_PAYMENT)
    assert [r.status_code for r in responses] == [202] * 200
    assert after_rotation.status_code == 404
    stored = await Event.all()
    assert sorted(e.payload["user_id"] for e in stored) == list(range(200))
    assert len({e.id for e in stored}) == 200
