"""Hostile schemas and schedules through the real server (issue 11): refused as payload errors
naming the field, nothing written, nothing fetched, and nothing holds the event loop."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

import httpx
import pytest

from core.storage import trigger_rows
from core.triggers.kinds import TriggerKind
from tests.conftest import GraphQLClient
from tests.core.storage import tables
from tests.factories import (
    CREATE_API_TRIGGER,
    CREATE_SCHEDULED_TRIGGER,
    api_trigger,
    hook_path,
    scheduled_trigger,
)
from tests.recording_endpoint import recording_endpoint

pytestmark = pytest.mark.asyncio

TEST_DEFINITION = """mutation($input: TriggerDefinitionInput!) {
  testTriggerDefinition(input: $input) { event { id } errors { code field message } } }"""
PREVIEW = "query($s: ScheduleInput!, $n: Int!) { previewSchedule(schedule: $s, count: $n) }"


async def test_a_remote_ref_is_refused_on_create_and_never_fetched(gql: GraphQLClient) -> None:
    with recording_endpoint() as endpoint:
        schema = {"type": "object", "properties": {"a": {"$ref": endpoint.url}}}
        data = await gql(CREATE_API_TRIGGER, {"input": {"name": "ssrf", "apiSchema": schema}})
    payload = data["createApiTrigger"]
    assert payload["trigger"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID", ["input", "apiSchema", "properties", "a", "$ref"])
    ]
    assert await tables.count_triggers() == 0
    assert endpoint.requests == []


async def test_a_remote_ref_in_an_unsaved_definition_is_never_fetched(gql: GraphQLClient) -> None:
    with recording_endpoint() as endpoint:
        schema = {"type": "object", "properties": {"a": {"$ref": endpoint.url}}}
        data = await gql(
            TEST_DEFINITION,
            {"input": {"name": "d", "kind": "API", "apiSchema": schema, "payload": {"a": {}}}},
        )
    assert data["testTriggerDefinition"]["event"] is None
    assert data["testTriggerDefinition"]["errors"][0]["field"] == [
        "input",
        "apiSchema",
        "properties",
        "a",
        "$ref",
    ]
    assert await tables.count_events() == 0
    assert endpoint.requests == []


async def test_a_ref_to_a_missing_definition_is_refused_on_update(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    data = await gql(
        "mutation($id: ID!, $s: JSON!) { updateTrigger(id: $id, input: {apiSchema: $s}) { errors { code field } } }",
        {"id": trigger["id"], "s": {"properties": {"a": {"$ref": "#/$defs/gone"}}}},
    )
    assert data["updateTrigger"]["errors"] == [
        {"code": "INVALID", "field": ["input", "apiSchema", "properties", "a", "$ref"]}
    ]
    stored = await trigger_rows.trigger_by_id(UUID(trigger["id"]))
    assert stored is not None
    assert stored.api_schema == {"type": "object"}


async def test_a_stored_schema_with_a_remote_ref_is_a_422_and_never_fetched(
    http: httpx.AsyncClient,
) -> None:
    # As saved before the save check existed.
    with recording_endpoint() as endpoint:
        trigger = await trigger_rows.insert_trigger(
            name="legacy",
            kind=TriggerKind.API,
            api_schema={"type": "object", "properties": {"a": {"$ref": endpoint.url}}},
            hook_token="legacy-token-0123456789",
        )
        response = await http.post(f"/hooks/{trigger.hook_token}", json={"a": {}})
    assert response.status_code == 422, response.text
    assert "no longer accepted" in response.text
    assert endpoint.requests == []
    assert await tables.count_events() == 0


@pytest.mark.parametrize("length", [25, 100_000])
async def test_a_backtracking_pattern_answers_a_hook_at_once(
    gql: GraphQLClient, http: httpx.AsyncClient, length: int
) -> None:
    trigger = await api_trigger(
        gql, api_schema={"type": "object", "properties": {"a": {"pattern": "^(a+)+$"}}}
    )
    started = time.perf_counter()
    response = await http.post(hook_path(trigger), json={"a": "a" * length + "!"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [["a"]]
    assert elapsed < 0.5  # 2.5 s for 25 characters on Python's re; 4x per extra character
    assert await tables.count_events() == 0


async def test_a_pattern_re2_cannot_run_is_refused_naming_the_field(gql: GraphQLClient) -> None:
    schema = {"type": "object", "properties": {"a": {"pattern": "(x)\\1"}}}
    data = await gql(CREATE_API_TRIGGER, {"input": {"name": "p", "apiSchema": schema}})
    errors = data["createApiTrigger"]["errors"]
    assert [e["field"] for e in errors] == [["input", "apiSchema", "properties", "a", "pattern"]]
    assert "RE2" in errors[0]["message"]


async def test_a_big_payload_is_checked_without_error(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    schema = {
        "type": "array",
        "uniqueItems": True,
        "items": {"type": "object", "properties": {"sku": {"pattern": "^s[0-9]+$"}}},
    }
    trigger = await api_trigger(gql, api_schema=schema)
    body = [{"sku": f"s{i}"} for i in range(15_000)]  # ~240 KiB: checked in a thread
    accepted = await http.post(hook_path(trigger), json=body)
    assert accepted.status_code == 202, accepted.text
    refused = await http.post(hook_path(trigger), json=[*body[:-1], {"sku": "x"}])
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == [["14999", "sku"]]


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        pytest.param({"cron": "0 3 * * *", "timezone": "America"}, "timezone", id="zone-directory"),
        pytest.param({"cron": "0 3 * * *", "timezone": "Etc"}, "timezone", id="zone-etc"),
        pytest.param({"cron": "0 3 * * *", "timezone": "x" * 300}, "timezone", id="zone-300-bytes"),
        pytest.param(
            {"cron": "0 3 * * *", "timezone": "../../etc/passwd"}, "timezone", id="zone-traversal"
        ),
        pytest.param({"at": "9999-12-31T23:00:00-12:00"}, "at", id="at-9999"),
        pytest.param({"at": "0001-01-01T00:00:00+14:00"}, "at", id="at-year-1"),
        pytest.param(
            {"everySeconds": 60, "startAt": "0001-01-01T00:00:00+05:00"}, "startAt", id="start-1"
        ),
        pytest.param(
            {"cron": "* * * * *", "startAt": "9999-12-31T00:00:00+00:00"},
            "startAt",
            id="start-9999",
        ),
        pytest.param(
            {"everySeconds": 60, "endAt": "9999-12-31T23:59:59-05:00"}, "endAt", id="end-9999"
        ),
        pytest.param({"inSeconds": -2147483648}, "inSeconds", id="in-seconds-negative"),
        pytest.param({"everySeconds": 2147483647}, "everySeconds", id="every-seconds-huge"),
    ],
)
async def test_hostile_schedules_are_payload_errors_naming_the_field(
    gql: GraphQLClient, schedule: dict[str, Any], field: str
) -> None:
    data = await gql(CREATE_SCHEDULED_TRIGGER, {"input": {"name": "s", "schedule": schedule}})
    payload = data["createScheduledTrigger"]
    assert payload["trigger"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID", ["input", "schedule", field])
    ]
    assert await tables.count_triggers() == 0


async def test_a_hostile_preview_is_an_invalid_error_naming_the_field(gql: GraphQLClient) -> None:
    body = await gql.raw(PREVIEW, {"s": {"cron": "* * * * *", "timezone": "America"}, "n": 5})
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"][0]["field"] == ["schedule", "timezone"]


@pytest.mark.parametrize("count", [0, -1, 101])
async def test_a_preview_count_out_of_range_is_an_invalid_error(
    gql: GraphQLClient, count: int
) -> None:
    body = await gql.raw(PREVIEW, {"s": {"cron": "* * * * *"}, "n": count})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"] == [
        {"field": ["count"], "message": "count must be between 1 and 100"}
    ]


@pytest.mark.parametrize(
    "cron", ["0 0 30 2 *", "0 0 29 2 1", "59 59 23 31 12 *", "0 0 31 2 1", "0 0 31 1-12/11 1#5"]
)
async def test_a_preview_of_a_rare_cron_answers_quickly(gql: GraphQLClient, cron: str) -> None:
    started = time.perf_counter()
    body = await gql.raw(PREVIEW, {"s": {"cron": cron, "timezone": "Europe/Paris"}, "n": 100})
    elapsed = time.perf_counter() - started
    assert "data" in body
    assert elapsed < 0.5


@pytest.mark.parametrize("count", [-1, 101])
async def test_an_upcoming_count_out_of_range_is_an_invalid_error(
    gql: GraphQLClient, count: int
) -> None:
    trigger = await scheduled_trigger(gql)
    body = await gql.raw(
        "query($id: ID!, $n: Int!) { trigger(id: $id) { upcoming(count: $n) } }",
        {"id": trigger["id"], "n": count},
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"] == [
        {"field": ["count"], "message": "count must be between 0 and 100"}
    ]
