"""Trigger mutations and queries: expected failures are payload errors and write nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.core.storage import tables
from tests.factories import (
    CREATE_API_TRIGGER,
    CREATE_SCHEDULED_TRIGGER,
    TRIGGER_FIELDS,
    VALID_PAYMENT,
    api_trigger,
    scheduled_trigger,
)

pytestmark = pytest.mark.asyncio


async def test_create_api_trigger_returns_an_absolute_hook_url(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql, description="card payments")
    assert trigger["kind"] == "API"
    assert trigger["hookUrl"].startswith("http://127.0.0.1:")
    assert trigger["apiSchema"]["amount"] == "float"
    assert trigger["description"] == "card payments"
    assert trigger["schedule"] is None and trigger["nextFireAt"] is None


@pytest.mark.parametrize(
    ("api_schema", "field"),
    [
        ({"amount": "flaot"}, ["input", "apiSchema", "amount"]),
        ({}, ["input", "apiSchema"]),
        ([1, 2], ["input", "apiSchema"]),
        (
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "objekt"},
            ["input", "apiSchema"],
        ),
    ],
)
async def test_invalid_api_schema_is_an_error_naming_the_field(
    gql: GraphQLClient, api_schema: Any, field: list[str]
) -> None:
    data = await gql(CREATE_API_TRIGGER, {"input": {"name": "x", "apiSchema": api_schema}})
    errors = data["createApiTrigger"]["errors"]
    assert data["createApiTrigger"]["trigger"] is None
    assert errors and errors[0]["code"] == "INVALID"
    assert errors[0]["field"][: len(field)] == field
    assert await tables.count_triggers() == 0


async def test_unknown_type_name_message_names_the_field(gql: GraphQLClient) -> None:
    data = await gql(CREATE_API_TRIGGER, {"input": {"name": "x", "apiSchema": {"amount": "flaot"}}})
    assert "amount" in data["createApiTrigger"]["errors"][0]["message"]


async def test_duplicate_name_is_a_conflict(gql: GraphQLClient) -> None:
    await api_trigger(gql, name="dup")
    data = await gql(CREATE_API_TRIGGER, {"input": {"name": "dup", "apiSchema": {"a": "int"}}})
    assert data["createApiTrigger"]["errors"] == [
        {
            "code": "CONFLICT",
            "field": ["input", "name"],
            "message": "a trigger named 'dup' already exists",
        }
    ]


async def test_create_scheduled_trigger_stores_and_previews_the_schedule(
    gql: GraphQLClient,
) -> None:
    trigger = await scheduled_trigger(
        gql,
        schedule={"cron": "30 9 * * *", "timezone": "Europe/Paris"},
        payload={"report": "daily"},
    )
    assert trigger["schedule"]["cron"] == "30 9 * * *"
    assert trigger["schedule"]["timezone"] == "Europe/Paris"
    assert trigger["payload"] == {"report": "daily"}
    assert trigger["misfireGraceSeconds"] == 60
    assert trigger["nextFireAt"] is not None
    data = await gql(
        "query($id: ID!) { trigger(id: $id) { upcoming(count: 3) } }", {"id": trigger["id"]}
    )
    upcoming = [datetime.fromisoformat(t) for t in data["trigger"]["upcoming"]]
    assert len(upcoming) == 3 and upcoming == sorted(upcoming)
    assert all(t.utcoffset() == timedelta(0) for t in upcoming)


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        ({"cron": "not a cron"}, ["input", "schedule", "cron"]),
        ({"cron": "0 3 * * *", "timezone": "Mars/Olympus"}, ["input", "schedule", "timezone"]),
        ({"at": "2001-01-01T00:00:00Z"}, ["input", "schedule", "at"]),
        ({"everySeconds": 0}, ["input", "schedule", "everySeconds"]),
        ({"cron": "0 3 * * *", "everySeconds": 5}, ["input", "schedule"]),
        ({}, ["input", "schedule"]),
        (
            {"everySeconds": 5, "startAt": "2031-01-02T00:00:00Z", "endAt": "2031-01-01T00:00:00Z"},
            ["input", "schedule", "endAt"],
        ),
    ],
)
async def test_invalid_schedule_is_an_error_naming_the_field(
    gql: GraphQLClient, schedule: dict[str, Any], field: list[str]
) -> None:
    data = await gql(CREATE_SCHEDULED_TRIGGER, {"input": {"name": "s", "schedule": schedule}})
    errors = data["createScheduledTrigger"]["errors"]
    assert errors, "expected a validation error"
    assert errors[0]["code"] == "INVALID"
    assert errors[0]["field"][: len(field)] == field
    assert await tables.count_triggers() == 0


async def test_update_trigger_changes_only_given_fields(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql, description="keep me")
    data = await gql(
        f"""mutation($id: ID!, $input: UpdateTriggerInput!) {{
          updateTrigger(id: $id, input: $input) {{ trigger {{ {TRIGGER_FIELDS} }} errors {{ code field message }} }}
        }}""",
        {"id": trigger["id"], "input": {"name": "renamed", "apiSchema": {"n": "int"}}},
    )
    updated = data["updateTrigger"]["trigger"]
    assert updated["name"] == "renamed"
    assert updated["description"] == "keep me"
    assert updated["apiSchema"] == {"n": "int"}
    assert updated["hookUrl"] == trigger["hookUrl"]


async def test_update_with_a_field_of_the_other_kind_is_invalid(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql)
    data = await gql(
        """mutation($id: ID!) { updateTrigger(id: $id, input: {schedule: {everySeconds: 5}}) {
             errors { code field } } }""",
        {"id": trigger["id"]},
    )
    assert data["updateTrigger"]["errors"] == [{"code": "INVALID", "field": ["input", "schedule"]}]


@pytest.mark.parametrize(
    "mutation", ["deleteTrigger", "pauseTrigger", "resumeTrigger", "rotateHookToken"]
)
@pytest.mark.parametrize("trigger_id", ["00000000-0000-0000-0000-000000000000", "nonsense"])
async def test_unknown_trigger_is_not_found(
    gql: GraphQLClient, mutation: str, trigger_id: str
) -> None:
    data = await gql(f'mutation {{ {mutation}(id: "{trigger_id}") {{ errors {{ code field }} }} }}')
    assert data[mutation]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]


async def test_pause_and_resume_a_scheduled_trigger(gql: GraphQLClient) -> None:
    trigger = await scheduled_trigger(gql, schedule={"everySeconds": 60})
    paused = await gql(
        "mutation($id: ID!) { pauseTrigger(id: $id) { trigger { paused nextFireAt upcoming } } }",
        {"id": trigger["id"]},
    )
    assert paused["pauseTrigger"]["trigger"] == {"paused": True, "nextFireAt": None, "upcoming": []}
    resumed = await gql(
        "mutation($id: ID!) { resumeTrigger(id: $id) { trigger { paused nextFireAt } } }",
        {"id": trigger["id"]},
    )
    assert resumed["resumeTrigger"]["trigger"]["paused"] is False
    assert resumed["resumeTrigger"]["trigger"]["nextFireAt"] is not None


async def test_triggers_paginate_by_name(gql: GraphQLClient) -> None:
    for name in ["c", "a", "b"]:
        await api_trigger(gql, name=name)
    await scheduled_trigger(gql, name="d")
    query = """query($after: String, $kind: TriggerKind) {
      triggers(first: 2, after: $after, kind: $kind) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }"""
    first = (await gql(query))["triggers"]
    assert [e["node"]["name"] for e in first["edges"]] == ["a", "b"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await gql(query, {"after": first["pageInfo"]["endCursor"]}))["triggers"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["c", "d"]
    assert rest["pageInfo"]["hasNextPage"] is False
    api_only = (await gql(query, {"kind": "SCHEDULED"}))["triggers"]
    assert [e["node"]["name"] for e in api_only["edges"]] == ["d"]


async def test_fire_trigger_validates_api_payloads(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql)
    mutation = """mutation($id: ID!, $payload: JSON) { fireTrigger(id: $id, payload: $payload) {
        event { source isTest payload triggerId } errors { code field message } } }"""
    bad = await gql(mutation, {"id": trigger["id"], "payload": {"amount": "x"}})
    assert {e["code"] for e in bad["fireTrigger"]["errors"]} == {"SCHEMA_MISMATCH"}
    assert ["payload", "amount"] in [e["field"] for e in bad["fireTrigger"]["errors"]]
    assert await tables.count_events() == 0
    good = await gql(mutation, {"id": trigger["id"], "payload": VALID_PAYMENT})
    assert good["fireTrigger"]["event"] == {
        "source": "API",
        "isTest": False,
        "payload": VALID_PAYMENT,
        "triggerId": trigger["id"],
    }


async def test_fire_scheduled_trigger_runs_it_now_with_its_payload(gql: GraphQLClient) -> None:
    trigger = await scheduled_trigger(gql, payload={"job": "backup"})
    data = await gql(
        "mutation($id: ID!) { fireTrigger(id: $id) { event { source payload kind scheduledFor } errors { code } } }",
        {"id": trigger["id"]},
    )
    assert data["fireTrigger"]["event"] == {
        "source": "MANUAL",
        "payload": {"job": "backup"},
        "kind": "SCHEDULED",
        "scheduledFor": None,
    }


async def test_test_trigger_fires_a_flagged_event(gql: GraphQLClient) -> None:
    trigger = await api_trigger(gql)
    data = await gql(
        "mutation($id: ID!, $p: JSON) { testTrigger(id: $id, payload: $p) { event { isTest source } errors { code } } }",
        {"id": trigger["id"], "p": VALID_PAYMENT},
    )
    assert data["testTrigger"]["event"] == {"isTest": True, "source": "MANUAL"}


async def test_test_trigger_definition_fires_once_and_creates_no_trigger(
    gql: GraphQLClient,
) -> None:
    mutation = """mutation($input: TriggerDefinitionInput!) { testTriggerDefinition(input: $input) {
        event { triggerId triggerName isTest source payload } errors { code field } } }"""
    data = await gql(
        mutation,
        {"input": {"name": "draft", "kind": "API", "apiSchema": {"n": "int"}, "payload": {"n": 1}}},
    )
    assert data["testTriggerDefinition"]["event"] == {
        "triggerId": None,
        "triggerName": "draft",
        "isTest": True,
        "source": "MANUAL",
        "payload": {"n": 1},
    }
    bad = await gql(
        mutation, {"input": {"name": "draft", "kind": "SCHEDULED", "schedule": {"cron": "x"}}}
    )
    assert bad["testTriggerDefinition"]["errors"][0]["field"][:3] == ["input", "schedule", "cron"]
    assert await tables.count_triggers() == 0
    assert await tables.count_events() == 1


async def test_preview_schedule_lists_next_times_in_utc(gql: GraphQLClient) -> None:
    start = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    data = await gql(
        "query($s: ScheduleInput!) { previewSchedule(schedule: $s, count: 3) }",
        {"s": {"everySeconds": 3600, "startAt": start.isoformat()}},
    )
    times = [datetime.fromisoformat(t) for t in data["previewSchedule"]]
    assert times == [start + timedelta(hours=h) for h in range(3)]


@pytest.mark.parametrize(
    ("mutation", "variables", "field"),
    [
        (
            'mutation($n: String!) { createApiTrigger(input: {name: $n, apiSchema: {a: "int"}}) { errors { code field } } }',
            {"n": "a\u0000b"},
            ["input", "name"],
        ),
        (
            'mutation($s: JSON!) { createApiTrigger(input: {name: "x", apiSchema: $s}) { errors { code field } } }',
            {"s": {"a\u0000": "int"}},
            ["input", "apiSchema"],
        ),
        (
            'mutation($p: JSON) { createScheduledTrigger(input: {name: "x", schedule: {everySeconds: 5}, payload: $p}) { errors { code field } } }',
            {"p": {"k": "\u0000"}},
            ["input", "payload", "k"],
        ),
        (
            'mutation($p: JSON) { testTriggerDefinition(input: {name: "x", kind: SCHEDULED, schedule: {everySeconds: 5}, payload: $p}) { errors { code field } } }',
            {"p": [[[[{"deep": "\u0000"}]]]]},
            ["input", "payload"],
        ),
        # NaN and Infinity: Python's json takes them in variables, jsonb does not.
        (
            'mutation($p: JSON) { createScheduledTrigger(input: {name: "x", schedule: {everySeconds: 5}, payload: $p}) { errors { code field } } }',
            {"p": {"x": float("nan")}},
            ["input", "payload", "x"],
        ),
        (
            'mutation($p: JSON) { testTriggerDefinition(input: {name: "x", kind: SCHEDULED, schedule: {everySeconds: 5}, payload: $p}) { errors { code field } } }',
            {"p": [float("-inf")]},
            ["input", "payload"],
        ),
    ],
)
async def test_unstorable_text_is_invalid_not_an_internal_error(
    gql: GraphQLClient, mutation: str, variables: dict[str, Any], field: list[str]
) -> None:
    # Encoded by hand: httpx refuses NaN, which Strawberry's JSON parsing accepts.
    response = await gql.client.post(
        "/graphql",
        content=json.dumps({"query": mutation, "variables": variables}),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    [payload] = response.json()["data"].values()
    assert payload["errors"][0]["code"] == "INVALID"
    assert payload["errors"][0]["field"][: len(field)] == field
    assert await tables.count_triggers() == 0
    assert await tables.count_events() == 0
