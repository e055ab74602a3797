"""Input Python cannot hold is a 4xx or an INVALID error naming the field, never a 500 or
"Unexpected error." (issue 11), and it writes nothing."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import httpx
import pytest
import websockets

from core.events.pages import encode_cursor
from tests.api.served import client_for, served_with
from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import CREATE_SCHEDULED_TRIGGER, api_trigger

pytestmark = pytest.mark.asyncio

HUGE = "9" * 5000  # past Python's 4,300-digit limit on int(str)


def _request_error(response: httpx.Response, mentions: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    [error] = body["errors"]
    assert mentions in error["message"], error
    assert error["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "body",
    [
        '{"query": "{ __typename }", "variables": {"n": ' + HUGE + "}}",
        '{"query": "{ __typename }", "extra": ' + HUGE + "}",
    ],
)
async def test_an_integer_of_5000_digits_is_a_400(gql: GraphQLClient, body: str) -> None:
    response = await gql.client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    _request_error(response, "more than 4,300 digits")


async def test_variables_nested_3000_deep_are_a_400(gql: GraphQLClient) -> None:
    body = '{"query": "{ __typename }", "variables": {"v": ' + "[" * 3000 + "]" * 3000 + "}}"
    response = await gql.client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    _request_error(response, "nested too deeply")


async def test_malformed_json_is_a_400_graphql_response(gql: GraphQLClient) -> None:
    response = await gql.client.post(
        "/graphql", content="{", headers={"content-type": "application/json"}
    )
    _request_error(response, "Unable to parse")


async def test_without_a_key_the_body_is_not_read(http: httpx.AsyncClient) -> None:
    body = '{"query": "{ __typename }", "variables": {"n": ' + HUGE + "}}"
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "after",
    [
        "AA==",  # a NUL byte, which Postgres refuses
        base64.urlsafe_b64encode(b"x" * 201).decode(),  # longer than any trigger name
        "A" * 100_000,
    ],
)
async def test_trigger_cursors_no_name_could_have_are_invalid(
    gql: GraphQLClient, after: str
) -> None:
    body = await gql.raw(
        "query($a: String) { triggers(after: $a) { edges { cursor } } }", {"a": after}
    )
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == "after is not a cursor returned by triggers"
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"][0]["field"] == ["after"]


async def test_an_event_cursor_past_int64_is_invalid(gql: GraphQLClient) -> None:
    after = encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), 2**63)
    body = await gql.raw(
        "query($a: String) { events(after: $a) { edges { cursor } } }", {"a": after}
    )
    [error] = body["errors"]
    assert error["message"] == "after is not a cursor returned by events"
    assert error["extensions"]["code"] == "INVALID"


@pytest.mark.parametrize("count", [-1, 101])
async def test_an_out_of_range_count_is_invalid_naming_it(gql: GraphQLClient, count: int) -> None:
    body = await gql.raw(
        'query($c: Int!) { previewSchedule(schedule: {cron: "0 3 * * *"}, count: $c) }',
        {"c": count},
    )
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"][0]["field"] == ["count"]


async def test_fire_trigger_holds_payloads_to_the_hook_limit(
    clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    limit = clean.settings.hook_max_body_bytes
    fire = (
        "mutation($id: ID!, $p: JSON) { %s(id: $id, payload: $p) "
        "{ event { id } errors { code field message } } }"
    )
    big = {"blob": "x" * limit}
    for mutation in ("fireTrigger", "testTrigger"):
        body = await gql.raw(fire % mutation, {"id": trigger["id"], "p": big})
        payload = body["data"][mutation]
        assert payload["event"] is None
        [error] = payload["errors"]
        assert error["code"] == "INVALID" and error["field"] == ["payload"], error
        assert str(limit) in error["message"]
    assert await tables.count_events() == 0
    fits = {"blob": "x" * (limit - 100)}
    body = await gql.raw(fire % "fireTrigger", {"id": trigger["id"], "p": fits})
    assert body["data"]["fireTrigger"]["errors"] == []


async def test_a_scheduled_trigger_payload_is_held_to_the_hook_limit(
    clean: Server, gql: GraphQLClient
) -> None:
    big = {"blob": "x" * clean.settings.hook_max_body_bytes}
    data = await gql(
        CREATE_SCHEDULED_TRIGGER,
        {"input": {"name": "n", "schedule": {"cron": "0 3 * * *"}, "payload": big}},
    )
    [error] = data["createScheduledTrigger"]["errors"]
    assert error["field"] == ["input", "payload"] and error["code"] == "INVALID"
    assert await tables.count_triggers() == 0


async def test_the_response_size_cap_replaces_a_huge_response_with_an_error(
    clean: Server, api_key: str, gql: GraphQLClient
) -> None:
    # Issue 11: 10 aliases of events(first: 20) { payload } over 1 MB payloads built 200 MB.
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    fire = (
        "mutation($id: ID!, $p: JSON) { fireTrigger(id: $id, payload: $p) { errors { message } } }"
    )
    for n in range(20):
        data = await gql(fire, {"id": trigger["id"], "p": {"n": n, "blob": "x" * 20_000}})
        assert data["fireTrigger"]["errors"] == []
    aliases = (
        "{ "
        + " ".join(
            f"a{n}: events(first: 20) {{ edges {{ node {{ payload }} }} }}" for n in range(10)
        )
        + " }"
    )
    async with (
        served_with(clean, graphql_max_response_bytes=1024 * 1024) as url,
        client_for(url, api_key) as client,
    ):
        for _ in range(2):  # the second time the event list cache is asked first
            response = await client.post("/graphql", json={"query": aliases})
            assert response.status_code == 200
            assert len(response.content) < 1000
            body = response.json()
            assert body["data"] is None
            assert body["errors"][0]["extensions"] == {
                "code": "RESPONSE_TOO_LARGE",
                "maxBytes": 1024 * 1024,
            }
        # One page fits.
        small = await client.post(
            "/graphql", json={"query": "{ events(first: 20) { edges { node { payload } } } }"}
        )
        assert len(small.json()["data"]["events"]["edges"]) == 20


async def test_a_websocket_message_python_cannot_read_closes_with_4400(
    clean: Server, api_key: str
) -> None:
    client = await WsClient.connect(clean.base_url, api_key=api_key)
    try:
        await client.acknowledged()
        await client.connection.send('{"type": "ping", "n": ' + HUGE + "}")
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await client.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
    finally:
        await client.close()


async def test_graphiql_off_is_a_404_graphql_response(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
