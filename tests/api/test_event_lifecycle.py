"""ACTIVE -> ARCHIVED -> gone at the right second, in every read path, cache or no cache.

An `etp api` process with 2 s / 5 s windows set through the environment, as an operator would.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server, api_process
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio

SHORT_WINDOWS = {
    "EVENT_ACTIVE_SECONDS": "2",
    "EVENT_RETENTION_SECONDS": "5",
    "EVENT_LIST_CACHE": "1",  # the second read of each list comes from the cache
}
# Reads before a boundary start this long before it; reads after start just after it.
MARGIN = 0.4

LISTS = """query($status: EventStatus) {
  events(status: $status, first: 10) { edges { node { id status } } pageInfo { hasNextPage } }
}"""


async def sleep_until(moment: datetime) -> None:
    await asyncio.sleep(max(0.0, moment.timestamp() - time.time()))


async def every_read_path(
    gql: GraphQLClient, http: httpx.AsyncClient, trigger: dict[str, Any], event_id: str
) -> dict[str, Any]:
    """What each read path says of the event: its status, or None where it is not returned."""

    async def listed(status: str | None) -> str | None:
        data = await gql(LISTS, {"status": status})
        nodes = [e["node"] for e in data["events"]["edges"]]
        return next((n["status"] for n in nodes if n["id"] == event_id), None)

    by_id = await gql("query($id: ID!) { event(id: $id) { status } }", {"id": event_id})
    counts = await gql("{ eventCounts { triggerId active archived } }")
    [count] = [c for c in counts["eventCounts"] if c["triggerId"] == trigger["id"]] or [None]
    replay = await http.post(
        hook_path(trigger), json=VALID_PAYMENT, headers={"Idempotency-Key": "once"}
    )
    replayed = replay.json()["event"]
    return {
        "ACTIVE list": await listed("ACTIVE"),
        "ARCHIVED list": await listed("ARCHIVED"),
        "all list": await listed(None),
        "event(id)": by_id["event"]["status"] if by_id["event"] else None,
        "eventCounts": (count["active"], count["archived"]) if count else None,
        "hook replay": replayed["status"] if replayed["id"] == event_id else None,
    }


def everywhere(status: str) -> dict[str, Any]:
    return {
        "ACTIVE list": status if status == "ACTIVE" else None,
        "ARCHIVED list": status if status == "ARCHIVED" else None,
        "all list": status,
        "event(id)": status,
        "eventCounts": (1, 0) if status == "ACTIVE" else (0, 1),
        "hook replay": status,
    }


GONE = dict.fromkeys(everywhere("ACTIVE"))


async def test_an_event_is_active_then_archived_then_gone_at_the_right_second_everywhere(
    clean: Server, api_key: str, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean, **SHORT_WINDOWS) as url,
        httpx.AsyncClient(base_url=url, headers={"X-API-Key": api_key}, timeout=10) as http,
    ):
        short = GraphQLClient(http)
        fired = await http.post(
            hook_path(trigger), json=VALID_PAYMENT, headers={"Idempotency-Key": "once"}
        )
        assert fired.status_code == 202
        event = fired.json()["event"]
        fired_at = datetime.fromisoformat(event["fired_at"])
        archived_at = fired_at.timestamp() + 2
        gone_at = fired_at.timestamp() + 5

        # Twice on each side of a boundary: the second read of a list comes from the cache.
        for _ in range(2):
            assert await every_read_path(short, http, trigger, event["id"]) == everywhere("ACTIVE")
        assert time.time() < archived_at, "the machine is too slow for this test's windows"
        await sleep_until(datetime.fromtimestamp(archived_at - MARGIN).astimezone())
        assert await every_read_path(short, http, trigger, event["id"]) == everywhere("ACTIVE")
        await sleep_until(datetime.fromtimestamp(archived_at).astimezone())
        for _ in range(2):
            assert await every_read_path(short, http, trigger, event["id"]) == everywhere(
                "ARCHIVED"
            )

        # A subscriber resuming from before the event gets it with its status as of delivery.
        client = await WsClient.connect(url, api_key=api_key)
        await client.acknowledged()
        await client.subscribe(after="0000000000000000")
        [delivered] = await client.events(1)
        await client.close()
        assert (delivered["id"], delivered["status"]) == (event["id"], "ARCHIVED")

        await sleep_until(datetime.fromtimestamp(gone_at - MARGIN).astimezone())
        assert await every_read_path(short, http, trigger, event["id"]) == everywhere("ARCHIVED")
        await sleep_until(datetime.fromtimestamp(gone_at).astimezone())
        # Gone, although no clean-up has run: and its Idempotency-Key fires a new event.
        assert await every_read_path(short, http, trigger, event["id"]) == GONE
        client = await WsClient.connect(url, api_key=api_key)
        await client.acknowledged()
        await client.subscribe(after="0000000000000000")
        [first_delivered] = await client.events(1)
        await client.close()
        assert first_delivered["id"] > event["id"]
