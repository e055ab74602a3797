"""POST /hooks/{token}: valid payloads fire one committed event; anything else writes nothing."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import JSON_BODY, VALID_PAYMENT, api_trigger, events, hook_path

pytestmark = pytest.mark.asyncio


async def test_valid_payload_fires_one_committed_event(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    assert response.status_code == 202, response.text
    event = response.json()["event"]
    assert event["trigger_id"] == trigger["id"]
    assert event["payload"] == VALID_PAYMENT
    assert event["status"] == "ACTIVE"
    assert event["is_test"] is False
    assert event["source"] == "API"
    stored = await tables.stored_events()
    assert [e.payload for e in stored] == [VALID_PAYMENT]
    listed = await events(gql)
    assert [e["id"] for e in listed] == [event["id"]]


async def test_test_hook_stores_a_hidden_test_event(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(hook_path(trigger) + "/test", json=VALID_PAYMENT)
    assert response.status_code == 202
    assert response.json()["event"]["is_test"] is True
    assert await events(gql) == []
    with_tests = await events(gql, includeTest=True)
    assert [e["isTest"] for e in with_tests] == [True]


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


BAD_REQUESTS: list[tuple[str, bytes, int, str]] = [
    ("wrong type", json.dumps({**VALID_PAYMENT, "amount": "12"}).encode(), 422, "amount"),
    ("bool is not an int", json.dumps({**VALID_PAYMENT, "user_id": True}).encode(), 422, "user_id"),
    ("missing field", json.dumps({"amount": 1, "currency": "EUR"}).encode(), 422, "user_id"),
    ("extra field", json.dumps({**VALID_PAYMENT, "extra": 1}).encode(), 422, "extra"),
    ("not an object", b"[1, 2, 3]", 422, "object"),
    ("a bare string", b'"hello"', 422, "object"),
    ("not JSON", b"{amount: 1}", 400, "not valid JSON"),
    ("truncated JSON", b'{"amount": 1', 400, "not valid JSON"),
    ("empty body", b"", 400, "empty"),
    ("NaN is not JSON", b'{"amount": NaN, "currency": "EUR", "user_id": 1}', 400, "NaN"),
    ("10,000-deep nesting", _deep(10_000), 400, "nesting"),
    ("100-deep nesting", _deep(100), 400, "nesting"),
    ("invalid UTF-8", b'{"currency": "\xff"}', 400, "not valid JSON"),
]


@pytest.mark.parametrize(
    ("body", "status", "mentions"),
    [
        pytest.param(body, status, mentions, id=name)
        for name, body, status, mentions in BAD_REQUESTS
    ],
)
async def test_invalid_payload_gets_problem_details_and_writes_nothing(
    gql: GraphQLClient, http: httpx.AsyncClient, body: bytes, status: int, mentions: str
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(
        hook_path(trigger), content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert {"type", "title", "detail"} <= problem.keys()
    assert mentions in json.dumps(problem)
    assert await tables.count_events() == 0


async def test_schema_mismatch_lists_every_violation_with_its_path(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(hook_path(trigger), json={"amount": "x", "extra": 1})
    assert response.status_code == 422
    fields = sorted(tuple(e["field"]) for e in response.json()["errors"])
    assert fields == [("amount",), ("currency",), ("extra",), ("user_id",)]


async def test_unknown_token_is_404(http: httpx.AsyncClient) -> None:
    response = await http.post("/hooks/not-a-token", json=VALID_PAYMENT)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert await tables.count_events() == 0


async def test_body_over_the_limit_is_413_even_without_content_length(
    gql: GraphQLClient, http: httpx.AsyncClient, clean: Server
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    limit = clean.settings.hook_max_body_bytes
    big = json.dumps({"blob": "x" * limit}).encode()

    async def chunks() -> Any:
        for start in range(0, len(big), 16_384):
            yield big[start : start + 16_384]

    declared = await http.post(hook_path(trigger), content=big, headers=JSON_BODY)
    streamed = await http.post(hook_path(trigger), content=chunks(), headers=JSON_BODY)
    assert (declared.status_code, streamed.status_code) == (413, 413)
    assert await tables.count_events() == 0


async def test_body_at_the_limit_is_accepted(
    gql: GraphQLClient, http: httpx.AsyncClient, clean: Server
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    limit = clean.settings.hook_max_body_bytes
    wrapper = len(json.dumps({"blob": ""}))
    body = json.dumps({"blob": "x" * (limit - wrapper)}).encode()
    assert len(body) == limit
    response = await http.post(hook_path(trigger), content=body, headers=JSON_BODY)
    assert response.status_code == 202


async def test_200_concurrent_posts_give_200_events(gql: GraphQLClient, clean: Server) -> None:
    trigger = await api_trigger(gql)
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=clean.base_url, limits=limits, timeout=60) as client:
        responses = await asyncio.gather(
            *(
                client.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": n})
                for n in range(200)
            )
        )
    assert [r.status_code for r in responses] == [202] * 200
    stored = await tables.stored_events()
    assert sorted(e.payload["user_id"] for e in stored) == list(range(200))
    ids = [r.json()["event"]["id"] for r in responses]
    assert len(set(ids)) == 200


async def test_rotated_token_stops_at_once(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    trigger = await api_trigger(gql)
    data = await gql(
        "mutation($id: ID!) { rotateHookToken(id: $id) { trigger { hookUrl } errors { code } } }",
        {"id": trigger["id"]},
    )
    rotated = data["rotateHookToken"]["trigger"]
    assert rotated["hookUrl"] != trigger["hookUrl"]
    old = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    new = await http.post(hook_path(rotated), json=VALID_PAYMENT)
    assert (old.status_code, new.status_code) == (404, 202)


async def test_hook_token_carries_at_least_128_bits(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql)
    token = hook_path(trigger).removeprefix("/hooks/")
    # urlsafe base64: 6 bits per character.
    assert len(token) * 6 >= 128


async def test_idempotency_key_replays_the_first_response(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    headers = {"Idempotency-Key": "order-42"}
    first = await http.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers)
    again = await http.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["event"]["id"] == first.json()["event"]["id"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert await tables.count_events() == 1


async def test_idempotency_key_with_a_different_body_is_refused(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    headers = {"Idempotency-Key": "order-43"}
    await http.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers)
    other = await http.post(
        hook_path(trigger), json={**VALID_PAYMENT, "amount": 1}, headers=headers
    )
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["title"]
    assert await tables.count_events() == 1


async def test_concurrent_retries_with_one_idempotency_key_make_one_event(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    headers = {"Idempotency-Key": "burst"}
    responses = await asyncio.gather(
        *(http.post(hook_path(trigger), json=VALID_PAYMENT, headers=headers) for _ in range(20))
    )
    assert {r.status_code for r in responses} == {202}
    assert len({r.json()["event"]["id"] for r in responses}) == 1
    assert await tables.count_events() == 1


async def test_paused_api_trigger_refuses_hooks(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    await gql(
        "mutation($id: ID!) { pauseTrigger(id: $id) { errors { code } } }", {"id": trigger["id"]}
    )
    response = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    assert response.status_code == 409
    assert await tables.count_events() == 0


async def test_deleted_trigger_keeps_its_events(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    fired = (await http.post(hook_path(trigger), json=VALID_PAYMENT)).json()["event"]
    await gql("mutation($id: ID!) { deleteTrigger(id: $id) { deletedId } }", {"id": trigger["id"]})
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 404
    listed = await events(gql)
    assert [(e["id"], e["triggerName"], e["kind"]) for e in listed] == [
        (fired["id"], "payments", "API")
    ]


UNSTORABLE_BODIES = [
    pytest.param(json.dumps({"a": "x\u0000y"}).encode(), id="NUL in a value"),
    pytest.param(json.dumps({"a\u0000": 1}).encode(), id="NUL in a key"),
    pytest.param(b'{"a": "\\ud800"}', id="unpaired surrogate"),
    pytest.param(b'{"a": [{"b": "\\u0000"}]}', id="NUL deep inside"),
]


@pytest.mark.parametrize("body", UNSTORABLE_BODIES)
async def test_values_no_database_can_store_are_400_not_500(
    gql: GraphQLClient, http: httpx.AsyncClient, body: bytes
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    response = await http.post(hook_path(trigger), content=body, headers=JSON_BODY)
    assert response.status_code == 400, response.text
    assert "cannot be stored" in response.json()["detail"]
    assert await tables.count_events() == 0


@pytest.mark.parametrize("token", ["x" * 5000, "a/b", "short", "%00", "tok en" * 5])
async def test_odd_tokens_are_404(http: httpx.AsyncClient, token: str) -> None:
    response = await http.post(f"/hooks/{token}", json={})
    assert response.status_code == 404


async def test_big_integers_round_trip(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    response = await http.post(
        hook_path(trigger), content=b'{"n": 123456789012345678901234567890}', headers=JSON_BODY
    )
    assert response.status_code == 202
    listed = await events(gql)
    assert listed[0]["payload"] == {"n": 123456789012345678901234567890}


async def test_schema_edits_apply_to_the_next_request(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
    await gql(
        'mutation($id: ID!) { updateTrigger(id: $id, input: {apiSchema: {sku: "str"}}) { errors { code } } }',
        {"id": trigger["id"]},
    )
    assert (await http.post(hook_path(trigger), json={"sku": "A1"})).status_code == 202
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 422


async def test_renames_apply_to_the_next_event(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    trigger = await api_trigger(gql)
    await http.post(hook_path(trigger), json=VALID_PAYMENT)
    await gql(
        'mutation($id: ID!) { updateTrigger(id: $id, input: {name: "billing"}) { errors { code } } }',
        {"id": trigger["id"]},
    )
    fired = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    assert fired.json()["event"]["trigger_name"] == "billing"
    assert [e["triggerName"] for e in await events(gql)] == ["billing", "payments"]


async def test_pause_and_resume_apply_to_the_next_request(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
    await gql(
        "mutation($id: ID!) { pauseTrigger(id: $id) { errors { code } } }", {"id": trigger["id"]}
    )
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 409
    await gql(
        "mutation($id: ID!) { resumeTrigger(id: $id) { errors { code } } }", {"id": trigger["id"]}
    )
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202


async def test_a_deleted_trigger_stops_its_hook_at_once(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
    await gql("mutation($id: ID!) { deleteTrigger(id: $id) { deletedId } }", {"id": trigger["id"]})
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 404
    assert await tables.count_events() == 1


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({f"k{n}": n for n in range(15_000)}, id="15,000 unknown fields"),
        pytest.param({"k" * 200_000: 1}, id="one 200,000-character field name"),
    ],
)
async def test_a_schema_mismatch_answer_is_bounded_whatever_the_payload(
    gql: GraphQLClient, http: httpx.AsyncClient, payload: dict[str, Any]
) -> None:
    # Issue 18: the short form listed every unknown field, each quoting the whole name.
    trigger = await api_trigger(gql)
    response = await http.post(hook_path(trigger), json=payload)
    assert response.status_code == 422, response.text[:300]
    assert len(response.content) < 64 * 1024
    assert len(response.json()["errors"]) <= 101
    assert await tables.count_events() == 0
