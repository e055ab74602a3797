"""Per-key quotas: one API key cannot flood the platform with triggers."""

from __future__ import annotations

import httpx
import pytest

from core.access.api_keys import create_key
from tests.conftest import Server, api_process
from tests.core.storage import tables
from tests.factories import CREATE_API_TRIGGER, PAYMENT_SCHEMA

pytestmark = pytest.mark.asyncio


async def _create(client: httpx.AsyncClient, key: str, name: str) -> dict[str, object]:
    response = await client.post(
        "/graphql",
        headers={"X-API-Key": key},
        json={
            "query": CREATE_API_TRIGGER,
            "variables": {"input": {"name": name, "apiSchema": PAYMENT_SCHEMA}},
        },
    )
    payload: dict[str, object] = response.json()["data"]["createApiTrigger"]
    return payload


async def test_a_key_at_its_trigger_quota_gets_forbidden_and_writes_nothing(
    clean: Server,
) -> None:
    first = (await create_key("first")).secret_key
    second = (await create_key("second")).secret_key
    async with (
        api_process(clean, MAX_TRIGGERS_PER_KEY="2") as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        made = [await _create(client, first, f"t{n}") for n in range(2)]
        refused = await _create(client, first, "t2")
        other = await _create(client, second, "t3")
    assert [m["errors"] for m in made] == [[], []]
    assert refused["trigger"] is None
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]  # type: ignore[attr-defined]
    assert "quota" in refused["errors"][0]["message"]  # type: ignore[index]
    assert other["errors"] == []
    assert await tables.trigger_names() == ["t0", "t1", "t3"]


TEST_LATER = """
mutation($input: TriggerDefinitionInput!, $at: DateTime) {
  testTriggerDefinition(input: $input, fireAt: $at) { event { id } errors { code message } }
}"""


async def test_pending_test_runs_count_toward_the_same_quota(clean: Server) -> None:
    key = (await create_key("tester")).secret_key
    later = {
        "input": {"name": "draft", "kind": "SCHEDULED", "schedule": {"everySeconds": 60}},
        "at": "2099-01-01T00:00:00Z",
    }
    async with (
        api_process(clean, MAX_TRIGGERS_PER_KEY="2") as url,
        httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}) as client,
    ):
        answers = [
            (await client.post("/graphql", json={"query": TEST_LATER, "variables": later})).json()
            for _ in range(2)
        ]
        over = await _create(client, key, "one-too-many")
        refused = (
            await client.post("/graphql", json={"query": TEST_LATER, "variables": later})
        ).json()
    assert [a["data"]["testTriggerDefinition"]["errors"] for a in answers] == [[], []]
    assert [e["code"] for e in over["errors"]] == ["FORBIDDEN"]  # type: ignore[attr-defined]
    refused_errors = refused["data"]["testTriggerDefinition"]["errors"]
    assert [e["code"] for e in refused_errors] == ["FORBIDDEN"]
    assert await tables.count_deferred_tests() == 2
    assert await tables.count_triggers() == 0
