"""`etp api` as operators run it: several real processes behind different ports, one database."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from core.models import Event
from tests.conftest import GraphQLClient, Server, api_process
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


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
