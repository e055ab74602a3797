"""Small builders for test data, through the public GraphQL API."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

TRIGGER_FIELDS = """
  id name description kind paused hookUrl apiSchema payload misfireGraceSeconds missedFirings
  nextFireAt createdAt updatedAt
  schedule { at cron everySeconds timezone startAt endAt }
"""

EVENT_FIELDS = "id triggerId triggerName kind source status isTest payload scheduledFor firedAt"

CREATE_API_TRIGGER = f"""
mutation($input: CreateApiTriggerInput!) {{
  createApiTrigger(input: $input) {{ trigger {{ {TRIGGER_FIELDS} }} errors {{ code field message }} }}
}}"""

CREATE_SCHEDULED_TRIGGER = f"""
mutation($input: CreateScheduledTriggerInput!) {{
  createScheduledTrigger(input: $input) {{ trigger {{ {TRIGGER_FIELDS} }} errors {{ code field message }} }}
}}"""

EVENTS = f"""
query($status: EventStatus, $triggerId: ID, $includeTest: Boolean, $first: Int, $after: String) {{
  events(status: $status, triggerId: $triggerId, includeTest: $includeTest, first: $first, after: $after) {{
    edges {{ cursor node {{ {EVENT_FIELDS} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

PAYMENT_SCHEMA = {"amount": "float", "currency": "str", "user_id": "int", "note": "str?"}


async def api_trigger(
    gql: GraphQLClient, name: str = "payments", api_schema: Any = None, **extra: Any
) -> dict[str, Any]:
    data = await gql(
        CREATE_API_TRIGGER,
        {"input": {"name": name, "apiSchema": api_schema or PAYMENT_SCHEMA, **extra}},
    )
    payload = data["createApiTrigger"]
    assert payload["errors"] == [], payload["errors"]
    trigger: dict[str, Any] = payload["trigger"]
    return trigger


async def scheduled_trigger(
    gql: GraphQLClient, name: str = "nightly", schedule: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    data = await gql(
        CREATE_SCHEDULED_TRIGGER,
        {"input": {"name": name, "schedule": schedule or {"cron": "0 3 * * *"}, **extra}},
    )
    payload = data["createScheduledTrigger"]
    assert payload["errors"] == [], payload["errors"]
    trigger: dict[str, Any] = payload["trigger"]
    return trigger


async def events(gql: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    data = await gql(EVENTS, variables)
    return [edge["node"] for edge in data["events"]["edges"]]


def hook_path(trigger: dict[str, Any]) -> str:
    url: str = trigger["hookUrl"]
    return url[url.index("/hooks/") :]


VALID_PAYMENT = {"amount": 12.5, "currency": "EUR", "user_id": 7}
# What a hook body is sent as when a test posts raw bytes (httpx's json= sets it itself).
JSON_BODY = {"Content-Type": "application/json"}
