"""Minimal reproducers of what the fuzzing stage found: each once a 500 or a masked
"Unexpected error." for a client's mistake. Each must be a 4xx or a GraphQL error that names the
problem, and write nothing.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from tests.conftest import GraphQLClient
from tests.factories import api_trigger, hook_path
from tests.fuzz.support import UNEXPECTED, Store

HUGE_INT = b"9" * 4301  # one digit past Python's int/str conversion limit


def assert_client_error(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500 or response.status_code == 200, (
        response.status_code,
        response.text[:500],
    )
    assert UNEXPECTED not in response.text, response.text[:500]


def graphql_errors(response: httpx.Response) -> list[dict[str, Any]]:
    assert_client_error(response)
    errors: list[dict[str, Any]] = response.json().get("errors") or []
    assert errors, response.text[:500]
    return errors


async def test_a_graphql_body_that_is_not_an_object_is_a_client_error(
    http: httpx.AsyncClient,
) -> None:
    # curl -X POST localhost:8000/graphql -H 'Content-Type: application/json' -d '"x"'
    for body in (b'"x"', b"1", b"null", b"true"):
        response = await http.post(
            "/graphql", content=body, headers={"Content-Type": "application/json"}
        )
        assert 400 <= response.status_code < 500, (body, response.status_code, response.text)


async def test_a_huge_int_in_a_hook_body_is_a_400(
    http: httpx.AsyncClient, gql: GraphQLClient, store: Store
) -> None:
    # curl -X POST localhost:8000/hooks/unknown -d '{"amount": 999...(4301 digits)}'
    trigger = await api_trigger(gql)
    before = await store.snapshot()
    for path in (hook_path(trigger), "/hooks/unknown-token"):
        response = await http.post(
            path,
            content=b'{"amount": ' + HUGE_INT + b"}",
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code in (400, 404, 422), (path, response.status_code)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await store.snapshot() == before


async def test_a_huge_int_in_graphql_variables_is_a_client_error(
    gql: GraphQLClient, store: Store
) -> None:
    # {"query": "mutation($p: JSON) {...payload: $p...}", "variables": {"p": 999...(4301 digits)}}
    trigger = await api_trigger(gql)
    before = await store.snapshot()
    body = (
        json.dumps(
            {
                "query": "mutation($id: ID!, $p: JSON) { fireTrigger(id: $id, payload: $p) { errors { message } } }",
                "variables": {"id": trigger["id"], "p": "HUGE"},
            }
        )
        .encode()
        .replace(b'"HUGE"', HUGE_INT)
    )
    response = await gql.client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert_client_error(response)
    assert await store.snapshot() == before


async def test_variables_nested_3000_deep_are_a_client_error(
    gql: GraphQLClient, store: Store
) -> None:
    # createApiTrigger(input: {name: "x", apiSchema: $s}) with $s = {"a": {"a": ... 3000 levels}}
    before = await store.snapshot()
    deep = b'{"a":' * 3000 + b"1" + b"}" * 3000
    body = (
        json.dumps(
            {
                "query": 'mutation($s: JSON!) { createApiTrigger(input: {name: "deep", apiSchema: $s}) { errors { message } } }',
                "variables": {"s": "DEEP"},
            }
        )
        .encode()
        .replace(b'"DEEP"', deep)
    )
    response = await gql.client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert_client_error(response)
    assert await store.snapshot() == before


async def test_a_time_zone_longer_than_255_bytes_is_a_payload_error(
    gql: GraphQLClient, store: Store
) -> None:
    before = await store.snapshot()
    response = await gql.raw(
        'mutation { createScheduledTrigger(input: {name: "tz", schedule: {everySeconds: 60, timezone: "'
        + "a" * 300
        + '"}}) { trigger { id } errors { code field message } } }'
    )
    assert UNEXPECTED not in json.dumps(response), response
    errors = response["data"]["createScheduledTrigger"]["errors"]
    assert errors and errors[0]["field"][-1] == "timezone", errors
    assert await store.snapshot() == before


async def test_an_over_long_trigger_cursor_is_a_client_error(gql: GraphQLClient) -> None:
    # triggers(after: base64("1:" + "9" * 5000))

    cursor = base64.urlsafe_b64encode(b"1:" + b"9" * 5000).decode()
    body = await gql.raw(
        "query($after: String) { triggers(after: $after) { edges { cursor } } }",
        {"after": cursor},
    )
    assert UNEXPECTED not in json.dumps(body), body
    assert body.get("errors"), body


async def test_time_zone_names_that_are_not_zones_are_payload_errors(
    gql: GraphQLClient, store: Store
) -> None:
    # "Etc" and "America" are directories of the tz database: IsADirectoryError was a masked
    # "Unexpected error." in createScheduledTrigger, previewSchedule and testTriggerDefinition.
    before = await store.snapshot()
    for zone in ("Etc", "America"):
        body = await gql.raw(
            'mutation($s: ScheduleInput!) { createScheduledTrigger(input: {name: "tz", schedule: $s}) { trigger { id } errors { code field message } } }',
            {"s": {"everySeconds": 60, "timezone": zone}},
        )
        assert UNEXPECTED not in json.dumps(body), (zone, body)
        errors = body["data"]["createScheduledTrigger"]["errors"]
        assert errors and errors[0]["field"][-1] == "timezone", (zone, errors)
        preview = await gql.raw(
            "query($s: ScheduleInput!) { previewSchedule(schedule: $s) }",
            {"s": {"everySeconds": 60, "timezone": zone}},
        )
        assert UNEXPECTED not in json.dumps(preview), (zone, preview)
        assert preview.get("errors"), preview
    assert await store.snapshot() == before


async def test_a_nul_trigger_cursor_is_a_client_error(gql: GraphQLClient) -> None:
    # triggers(after: "AA==") decodes to "\x00", which Postgres refuses in a text parameter.
    body = await gql.raw('{ triggers(after: "AA==") { edges { cursor } } }')
    assert UNEXPECTED not in json.dumps(body), body
    assert body.get("errors") or body["data"]["triggers"] is not None, body


async def test_an_event_cursor_past_int64_is_a_client_error(gql: GraphQLClient) -> None:
    cursor = base64.urlsafe_b64encode(f"0:{2**63}".encode()).decode().rstrip("=")
    body = await gql.raw(
        "query($after: String) { events(after: $after) { edges { cursor } } }", {"after": cursor}
    )
    assert UNEXPECTED not in json.dumps(body), body
    assert body.get("errors"), body


async def test_dates_at_the_ends_of_the_calendar_are_payload_errors(
    gql: GraphQLClient, store: Store
) -> None:
    # OverflowError when an offset or an interval carries the instant past year 1 or 9999.
    before = await store.snapshot()
    for schedule in (
        {"everySeconds": 60, "startAt": "0001-01-01T00:00:00+14:00"},
        {"at": "9999-12-31T23:59:59-12:00"},
        {"everySeconds": 60, "startAt": "9999-12-31T23:59:00Z"},
    ):
        body = await gql.raw(
            'mutation($s: ScheduleInput!) { createScheduledTrigger(input: {name: "edge", schedule: $s}) { trigger { id } errors { code field message } } }',
            {"s": schedule},
        )
        assert UNEXPECTED not in json.dumps(body), (schedule, body)
        preview = await gql.raw(
            "query($s: ScheduleInput!) { previewSchedule(schedule: $s) }", {"s": schedule}
        )
        assert UNEXPECTED not in json.dumps(preview), (schedule, preview)
    assert await store.snapshot() == before


async def test_a_create_whose_response_fails_writes_nothing(
    gql: GraphQLClient, store: Store
) -> None:
    # The trigger was created, then `upcoming(count: -1)` failed: trigger null, a top-level
    # error, and a row nobody was told about.
    before = await store.snapshot()
    body = await gql.raw(
        'mutation { createScheduledTrigger(input: {name: "upcoming", schedule: {cron: "* * * * *"}}) { trigger { id upcoming(count: -1) } errors { code field message } } }'
    )
    rejected = bool(body.get("errors")) or bool(
        ((body.get("data") or {}).get("createScheduledTrigger") or {}).get("errors")
    )
    assert rejected, body
    assert await store.snapshot() == before, body


async def test_an_update_whose_response_fails_writes_nothing(
    gql: GraphQLClient, store: Store
) -> None:
    trigger = await api_trigger(gql)
    before = await store.snapshot()
    body = await gql.raw(
        'mutation($id: ID!) { updateTrigger(id: $id, input: {description: "changed"}) { trigger { id upcoming(count: 101) } errors { code field message } } }',
        {"id": trigger["id"]},
    )
    assert body.get("errors"), body
    assert await store.snapshot() == before, body
