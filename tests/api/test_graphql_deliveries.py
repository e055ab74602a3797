"""The deliveries API over the real ASGI app: destinations managed with payload errors that
write nothing, secrets shown only on create and rotate, deliveries listed with their attempts,
a test delivery sent to a real local receiver, and the requeues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from api.graphql.deliveries.types import HIDDEN_VALUE
from core.access.api_keys import create_key
from core.access.scopes import KeyScope
from core.deliveries import deliveries as delivery_service
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.delivery_receiver import Receiver
from tests.factories import api_trigger

pytestmark = pytest.mark.asyncio

DESTINATION_FIELDS = """
  id name url headers timeoutSeconds triggerIds includeTest ordered maxInFlight ratePerSecond
  retrySchedule paused disabledAt disabledReason secret createdAt updatedAt
"""
CREATE = f"""
mutation($input: DestinationInput!) {{
  createDestination(input: $input) {{
    destination {{ {DESTINATION_FIELDS} }} errors {{ code field message }}
  }}
}}"""
DELIVERY_FIELDS = """
  id eventId destinationId status nextAttemptAt
  attempts { at durationMs statusCode error responseHeaders responseBody }
"""
URL = "https://receiver.example/hooks"


async def create(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await gql(CREATE, {"input": {"name": "crm", "url": URL, **input}})
    assert data["createDestination"]["errors"] == [], data
    destination: dict[str, Any] = data["createDestination"]["destination"]
    return destination


async def test_create_shows_the_secret_once_and_defaults(gql: GraphQLClient) -> None:
    created = await create(gql, headers={"X-Team": "billing"})
    assert created["secret"].startswith("whsec_")
    assert created["timeoutSeconds"] == 15
    assert created["retrySchedule"] == [5, 300, 1800, 7200, 18000, 36000, 36000]
    assert created["triggerIds"] is None and created["headers"] == {"X-Team": "billing"}
    assert not created["paused"] and created["disabledAt"] is None
    data = await gql(
        f"query($id: ID!) {{ destination(id: $id) {{ {DESTINATION_FIELDS} }} "
        f"destinations {{ edges {{ node {{ id secret }} }} }} }}",
        {"id": created["id"]},
    )
    assert data["destination"] == {**created, "secret": None}
    assert data["destinations"]["edges"] == [{"node": {"id": created["id"], "secret": None}}]


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"url": "ftp://x.example/"}, ["input", "url"], "INVALID"),
        ({"url": "http://x.example/"}, ["input", "url"], "INVALID"),
        ({"url": "https://user:pw@x.example/"}, ["input", "url"], "INVALID"),
        ({"headers": {"Connection": "close"}}, ["input", "headers", "Connection"], "INVALID"),
        ({"headers": {"Upgrade": "h2c"}}, ["input", "headers", "Upgrade"], "INVALID"),
        ({"headers": {"webhook-Extra": "1"}}, ["input", "headers", "webhook-Extra"], "INVALID"),
        ({"headers": {"X-A": "a\r\nB: c"}}, ["input", "headers", "X-A"], "INVALID"),
        ({"headers": {"X-A": 1}}, ["input", "headers"], "INVALID"),
        ({"headers": ["X-A"]}, ["input", "headers"], "INVALID"),
        ({"timeoutSeconds": 0}, ["input", "timeoutSeconds"], "INVALID"),
        ({"timeoutSeconds": 61}, ["input", "timeoutSeconds"], "INVALID"),
        ({"retrySchedule": [-1]}, ["input", "retrySchedule"], "INVALID"),
        ({"retrySchedule": [5] * 100}, ["input", "retrySchedule"], "INVALID"),
        ({"maxInFlight": 0}, ["input", "maxInFlight"], "INVALID"),
        ({"ratePerSecond": 0}, ["input", "ratePerSecond"], "INVALID"),
        ({"triggerIds": ["nope"]}, ["input", "triggerIds", "0"], "INVALID"),
        (
            {"triggerIds": ["6f1c1a4e-0000-4000-8000-000000000000"]},
            ["input", "triggerIds", "0"],
            "NOT_FOUND",
        ),
        ({"name": ""}, ["input", "name"], "INVALID"),
    ],
)
async def test_invalid_destinations_are_payload_errors_and_write_nothing(
    gql: GraphQLClient, input: dict[str, Any], field: list[str], code: str
) -> None:
    data = await gql(CREATE, {"input": {"name": "crm", "url": URL, **input}})
    payload = data["createDestination"]
    assert payload["destination"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert await tables.stored_destinations() == []


async def test_known_trigger_ids_are_kept(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql)
    created = await create(gql, triggerIds=[trigger["id"]], includeTest=True, ordered=True)
    assert created["triggerIds"] == [trigger["id"]]
    assert created["includeTest"] and created["ordered"]


async def test_update_pause_resume_rotate_delete(gql: GraphQLClient) -> None:
    created = await create(gql)
    ident = {"id": created["id"]}
    fields = "destination { name timeoutSeconds paused secret } errors { code field message }"
    data = await gql(
        f"mutation($id: ID!, $input: DestinationInput!) {{ updateDestination(id: $id, "
        f"input: $input) {{ {fields} }} }}",
        {**ident, "input": {"name": "crm2", "url": URL, "timeoutSeconds": 30}},
    )
    assert data["updateDestination"] == {
        "destination": {"name": "crm2", "timeoutSeconds": 30, "paused": False, "secret": None},
        "errors": [],
    }
    data = await gql(f"mutation($id: ID!) {{ pauseDestination(id: $id) {{ {fields} }} }}", ident)
    assert data["pauseDestination"]["destination"]["paused"] is True
    data = await gql(f"mutation($id: ID!) {{ resumeDestination(id: $id) {{ {fields} }} }}", ident)
    assert data["resumeDestination"]["destination"]["paused"] is False
    data = await gql(
        f"mutation($id: ID!) {{ rotateDestinationSecret(id: $id) {{ {fields} }} }}", ident
    )
    rotated = data["rotateDestinationSecret"]["destination"]["secret"]
    assert rotated.startswith("whsec_") and rotated != created["secret"]
    delete = "mutation($id: ID!) { deleteDestination(id: $id) { deletedId errors { code field } } }"
    assert (await gql(delete, ident))["deleteDestination"] == {
        "deletedId": created["id"],
        "errors": [],
    }
    assert (await gql(delete, ident))["deleteDestination"] == {
        "deletedId": None,
        "errors": [{"code": "NOT_FOUND", "field": ["id"]}],
    }


async def test_unknown_or_malformed_ids_are_not_found(gql: GraphQLClient) -> None:
    for raw in ("not-a-uuid", "6f1c1a4e-0000-4000-8000-000000000000"):
        data = await gql(
            "mutation($id: ID!) { pauseDestination(id: $id) { destination { id }"
            " errors { code field } } sendTestDelivery(id: $id) { delivery { id }"
            " errors { code field } } }",
            {"id": raw},
        )
        assert data["pauseDestination"]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]
        assert data["sendTestDelivery"]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]


async def test_read_only_key_reads_but_cannot_manage(
    gql: GraphQLClient, http: httpx.AsyncClient, read_only_key: str
) -> None:
    created = await create(gql)
    headers = {"X-API-Key": read_only_key}
    read = await http.post(
        "/graphql",
        json={
            "query": "{ destinations { edges { node { id } } } deliveries { edges { cursor } } }"
        },
        headers=headers,
    )
    assert "errors" not in read.json()
    write = await http.post(
        "/graphql",
        json={
            "query": "mutation($id: ID!) { pauseDestination(id: $id) { errors { code } } }",
            "variables": {"id": created["id"]},
        },
        headers=headers,
    )
    assert write.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    (row,) = await tables.stored_destinations(id=created["id"])
    assert row.paused is False


async def test_destinations_page_through(gql: GraphQLClient) -> None:
    ids = [(await create(gql, name=f"d{i}"))["id"] for i in range(3)]
    query = (
        "query($after: String) { destinations(first: 2, after: $after) {"
        " edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"
    )
    first = (await gql(query))["destinations"]
    assert [e["node"]["id"] for e in first["edges"]] == ids[:2]
    assert first["pageInfo"]["hasNextPage"] is True
    second = (await gql(query, {"after": first["pageInfo"]["endCursor"]}))["destinations"]
    assert [e["node"]["id"] for e in second["edges"]] == ids[2:]
    assert second["pageInfo"]["hasNextPage"] is False
    bad = await gql.raw(query, {"after": "nope"})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"


async def test_send_test_delivery_posts_a_signed_event_and_returns_the_attempt(
    gql: GraphQLClient, private_allowed: Server, receiver: Receiver
) -> None:
    created = await create(gql, url=receiver.url("ok"), headers={"X-Team": "billing"})
    data = await gql(
        f"mutation($id: ID!) {{ sendTestDelivery(id: $id) {{ delivery {{ {DELIVERY_FIELDS} }}"
        " errors { code field message } } }",
        {"id": created["id"]},
    )
    delivery = data["sendTestDelivery"]["delivery"]
    assert data["sendTestDelivery"]["errors"] == []
    assert delivery["status"] == "DELIVERED" and delivery["destinationId"] == created["id"]
    [attempt] = delivery["attempts"]
    assert attempt["statusCode"] == 200 and attempt["error"] is None
    assert attempt["responseBody"].startswith("answer ")
    [request] = receiver.requests()
    assert request["headers"]["webhook-id"] == delivery["id"]
    assert request["headers"]["x-team"] == "billing"
    Webhook(created["secret"]).verify(request["body"], request["headers"])
    # The same delivery, listed with its attempts, by destination and by event.
    listed = await gql(
        f"query($d: ID, $e: ID) {{ byDestination: deliveries(destinationId: $d) {{ edges {{"
        f" node {{ {DELIVERY_FIELDS} }} }} }} byEvent: deliveries(eventId: $e, status: DELIVERED)"
        " { edges { node { id } } pageInfo { hasNextPage } } }",
        {"d": created["id"], "e": delivery["eventId"]},
    )
    assert [e["node"] for e in listed["byDestination"]["edges"]] == [delivery]
    assert listed["byEvent"] == {
        "edges": [{"node": {"id": delivery["id"]}}],
        "pageInfo": {"hasNextPage": False},
    }


async def test_a_failing_test_delivery_is_recorded_and_redelivered(
    gql: GraphQLClient, private_allowed: Server, receiver: Receiver
) -> None:
    created = await create(gql, url=receiver.url("fail"), retrySchedule=[])
    data = await gql(
        f"mutation($id: ID!) {{ sendTestDelivery(id: $id) {{ delivery {{ {DELIVERY_FIELDS} }} }} }}",
        {"id": created["id"]},
    )
    delivery = data["sendTestDelivery"]["delivery"]
    assert delivery["status"] == "FAILED"
    assert [a["statusCode"] for a in delivery["attempts"]] == [500]
    args = {"e": delivery["eventId"], "d": created["id"]}
    data = await gql(
        "mutation($e: ID!, $d: ID!) { redeliver(eventId: $e, destinationId: $d) {"
        " delivery { id status nextAttemptAt } errors { code field } } }",
        args,
    )
    assert data["redeliver"]["errors"] == []
    assert data["redeliver"]["delivery"]["id"] == delivery["id"]
    assert data["redeliver"]["delivery"]["status"] == "PENDING"
    missing = await gql(
        'mutation($d: ID!) { redeliver(eventId: "00000000000000ff", destinationId: $d) {'
        " delivery { id } errors { code field } } }",
        {"d": created["id"]},
    )
    assert missing["redeliver"]["errors"] == [{"code": "NOT_FOUND", "field": ["eventId"]}]


async def test_recover_and_replay_count_what_they_queue(
    gql: GraphQLClient, private_allowed: Server, receiver: Receiver
) -> None:
    created = await create(gql, url=receiver.url("fail"), retrySchedule=[])
    send = "mutation($id: ID!) { sendTestDelivery(id: $id) { delivery { status } } }"
    for _ in range(2):
        await gql(send, {"id": created["id"]})
    since = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    recover = (
        "mutation($d: ID!, $s: DateTime!) { recoverFailedDeliveries(destinationId: $d,"
        " since: $s) { queued errors { code field } } }"
    )
    data = await gql(recover, {"d": created["id"], "s": since})
    assert data["recoverFailedDeliveries"] == {"queued": 2, "errors": []}
    data = await gql(recover, {"d": created["id"], "s": since})
    assert data["recoverFailedDeliveries"] == {"queued": 0, "errors": []}
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    data = await gql(recover, {"d": created["id"], "s": future})
    assert data["recoverFailedDeliveries"]["errors"] == [{"code": "INVALID", "field": ["since"]}]
    replay = (
        "mutation($d: ID!, $t: ID, $s: DateTime!, $u: DateTime) { replayEvents(destinationId:"
        " $d, triggerId: $t, since: $s, until: $u) { queued errors { code field } } }"
    )
    # Test events are not replayed; the range holds no other event.
    data = await gql(replay, {"d": created["id"], "s": since})
    assert data["replayEvents"] == {"queued": 0, "errors": []}
    data = await gql(replay, {"d": created["id"], "s": since, "u": since})
    assert data["replayEvents"]["errors"] == [{"code": "INVALID", "field": ["until"]}]
    data = await gql(replay, {"d": created["id"], "s": since, "t": "nope"})
    assert data["replayEvents"]["errors"] == [{"code": "INVALID", "field": ["triggerId"]}]
    assert await tables.count_events(is_test=False) == 0


EVENTS_WITH_DELIVERIES = """
{ events(includeTest: true) { edges { node { id deliveries {
  id eventId destinationId status attempts { statusCode } } } } } }"""


async def test_event_deliveries_are_loaded_in_one_batch_and_never_cached_stale(
    gql: GraphQLClient,
    private_allowed: Server,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    created = await create(gql, url=receiver.url("ok"))
    send = (
        f"mutation($id: ID!) {{ sendTestDelivery(id: $id) {{ delivery {{ {DELIVERY_FIELDS} }} }} }}"
    )
    sent = [
        (await gql(send, {"id": created["id"]}))["sendTestDelivery"]["delivery"] for _ in range(3)
    ]
    batches: list[list[int]] = []
    real = delivery_service.deliveries_of_events

    async def spy(event_ids: list[int]) -> Any:
        batches.append(list(event_ids))
        return await real(event_ids)

    monkeypatch.setattr(delivery_service, "deliveries_of_events", spy)
    data = await gql(EVENTS_WITH_DELIVERIES)
    nodes = [e["node"] for e in data["events"]["edges"]]
    assert [n["id"] for n in nodes] == [d["eventId"] for d in reversed(sent)]
    assert [n["deliveries"] for n in nodes] == [
        [
            {
                "id": d["id"],
                "eventId": d["eventId"],
                "destinationId": created["id"],
                "status": "DELIVERED",
                "attempts": [{"statusCode": 200}],
            }
        ]
        for d in reversed(sent)
    ]
    assert len(batches) == 1 and len(batches[0]) == 3
    # A redelivery changes a delivery, not the log: the same list shows it at once.
    await gql(
        "mutation($e: ID!, $d: ID!) { redeliver(eventId: $e, destinationId: $d) { errors { code } } }",
        {"e": sent[0]["eventId"], "d": created["id"]},
    )
    again = await gql(EVENTS_WITH_DELIVERIES)
    oldest = again["events"]["edges"][-1]["node"]["deliveries"][0]
    assert oldest["status"] == "PENDING"


async def test_deliveries_page_newest_first(
    gql: GraphQLClient, private_allowed: Server, receiver: Receiver
) -> None:
    created = await create(gql, url=receiver.url("ok"))
    send = "mutation($id: ID!) { sendTestDelivery(id: $id) { delivery { id } } }"
    ids = [
        (await gql(send, {"id": created["id"]}))["sendTestDelivery"]["delivery"]["id"]
        for _ in range(3)
    ]
    query = (
        "query($d: ID!, $after: String) { deliveries(destinationId: $d, first: 2, after: $after)"
        " { edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"
    )
    first = (await gql(query, {"d": created["id"]}))["deliveries"]
    assert [e["node"]["id"] for e in first["edges"]] == ids[::-1][:2]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(query, {"d": created["id"], "after": after}))["deliveries"]
    assert [e["node"]["id"] for e in second["edges"]] == ids[:1]
    assert not second["pageInfo"]["hasNextPage"]
    for bad in ({"d": created["id"], "after": "x"}, {"d": "nope"}):
        answer = await gql.raw(query, bad)
        assert answer["errors"][0]["extensions"]["code"] == "INVALID"
    too_many = await gql.raw("{ deliveries(first: 101) { edges { cursor } } }")
    assert too_many["errors"], too_many


async def test_a_refused_update_changes_nothing(gql: GraphQLClient) -> None:
    created = await create(gql)
    data = await gql(
        "mutation($id: ID!, $input: DestinationInput!) { updateDestination(id: $id,"
        " input: $input) { destination { id } errors { code field } } }",
        {"id": created["id"], "input": {"name": "new", "url": "ftp://x.example/"}},
    )
    assert data["updateDestination"] == {
        "destination": None,
        "errors": [{"code": "INVALID", "field": ["input", "url"]}],
    }
    (row,) = await tables.stored_destinations(id=created["id"])
    assert (row.name, row.url) == ("crm", URL)


async def test_the_secret_and_static_header_values_need_hooks_read(
    clean: Server, gql: GraphQLClient
) -> None:
    # Static headers often carry the receiver's credential, as the secret signs for it.
    writer_key = (
        await create_key("writer", frozenset({KeyScope.TRIGGERS_READ, KeyScope.TRIGGERS_WRITE}))
    ).secret_key
    async with httpx.AsyncClient(
        base_url=clean.base_url, headers={"X-API-Key": writer_key}, timeout=30
    ) as client:
        writer = GraphQLClient(client)
        created = await create(writer, headers={"Authorization": "Bearer receiver-token"})
        assert created["secret"] is None
        assert created["headers"] == {"Authorization": HIDDEN_VALUE}
        rotated = await writer(
            "mutation($id: ID!) { rotateDestinationSecret(id: $id) "
            "{ destination { secret headers } errors { code } } }",
            {"id": created["id"]},
        )
        assert rotated["rotateDestinationSecret"] == {
            "destination": {"secret": None, "headers": {"Authorization": HIDDEN_VALUE}},
            "errors": [],
        }
    # A key with hooks:read (the fixture's: every scope but keys:admin) sees both.
    data = await gql(
        "mutation($id: ID!) { rotateDestinationSecret(id: $id) "
        "{ destination { secret headers } errors { code } } }",
        {"id": created["id"]},
    )
    shown = data["rotateDestinationSecret"]["destination"]
    assert shown["secret"].startswith("whsec_")
    assert shown["headers"] == {"Authorization": "Bearer receiver-token"}
