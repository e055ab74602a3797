"""deliveryUpdated over the real websocket stack: the API's requeue and a worker's recorded
attempt each reach a subscriber of the destination, as the delivery reads then."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from core.deliveries.dispatcher import Dispatcher
from core.deliveries.updates import UpdatePublisher
from tests.api.test_graphql_deliveries import DELIVERY_FIELDS, create
from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server
from tests.delivery_receiver import Receiver

pytestmark = pytest.mark.asyncio

SUBSCRIBE = f"""subscription($d: ID, $e: ID) {{
  deliveryUpdated(destinationId: $d, eventId: $e) {{ {DELIVERY_FIELDS} }}
}}"""


async def _next(client: WsClient, wait: float) -> dict[str, Any] | None:
    try:
        message = await client.receive(wait)
    except TimeoutError:
        return None
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    delivery: dict[str, Any] = message["payload"]["data"]["deliveryUpdated"]
    return delivery


async def test_requeues_and_recorded_attempts_reach_subscribers(
    gql: GraphQLClient, private_allowed: Server, receiver: Receiver, api_key: str
) -> None:
    server = private_allowed
    created = await create(gql, url=receiver.url("fail"), retrySchedule=[])
    sent = await gql(
        "mutation($id: ID!) { sendTestDelivery(id: $id) { delivery { id eventId status } } }",
        {"id": created["id"]},
    )
    delivery = sent["sendTestDelivery"]["delivery"]
    assert delivery["status"] == "FAILED"
    client = await WsClient.connect(server.base_url, api_key=api_key)
    try:
        await client.acknowledged()
        await client.subscribe(SUBSCRIBE, d=created["id"], e=delivery["eventId"])
        other = await create(gql, name="other")
        # Paused: the worker below must not try its (unreachable) address.
        await gql(
            "mutation($id: ID!) { pauseDestination(id: $id) { errors { code } } }",
            {"id": other["id"]},
        )
        redeliver = (
            "mutation($e: ID!, $d: ID!) { redeliver(eventId: $e, destinationId: $d) {"
            " errors { code } } }"
        )
        # The subscription starts when the server has read it: requeue until one is heard.
        heard = None
        for _ in range(50):
            # A change of another destination's delivery is not this subscriber's.
            await gql(redeliver, {"e": delivery["eventId"], "d": other["id"]})
            await gql(redeliver, {"e": delivery["eventId"], "d": created["id"]})
            heard = await _next(client, 0.2)
            if heard is not None:
                break
        assert heard is not None
        assert heard["id"] == delivery["id"] and heard["destinationId"] == created["id"]
        assert heard["status"] == "PENDING" and len(heard["attempts"]) == 1
        # A worker records the next attempt and publishes it.
        settings = server.settings
        dispatcher = Dispatcher(
            allow_private=True,
            windows=server.services.windows,
            disable_after=timedelta(days=5),
            recorded=UpdatePublisher(server.services.redis, prefix=settings.redis_prefix),
        )
        assert await dispatcher.tick() >= 1
        await dispatcher.drain()
        async with asyncio.timeout(10):
            while heard["status"] != "FAILED":
                heard = await _next(client, 10)
                assert heard is not None and heard["destinationId"] == created["id"]
        assert [a["statusCode"] for a in heard["attempts"]] == [500, 500]
    finally:
        await client.close()


async def test_malformed_filters_are_refused(
    gql: GraphQLClient, clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    try:
        await client.acknowledged()
        await client.subscribe(SUBSCRIBE, d="nope")
        message = await client.receive()
        assert message["type"] == "next", message
        assert message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"]["code"] == "INVALID"
    finally:
        await client.close()
