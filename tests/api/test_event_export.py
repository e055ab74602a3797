"""GET /events/export.ndjson: the explorer's filter as NDJSON, streamed page by page, with the
key or the session, refusing bad filters as problems."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest

from api.rest import event_export
from tests.api.served import served_with
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger, hook_path

pytestmark = pytest.mark.asyncio

LISTED = """query($t: ID, $p: JSON, $test: Boolean) {
  events(triggerId: $t, payloadContains: $p, includeTest: $test, first: 100) {
    edges { node { id } }
  }
}"""
SCHEMA = {"currency": "str", "n": "int"}


def lines(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines()]


@pytest.fixture
async def fired(gql: GraphQLClient, http: httpx.AsyncClient) -> dict[str, Any]:
    """The trigger, and under "answers" each hook answer's event by id."""
    trigger = await api_trigger(gql, name="orders", api_schema=SCHEMA)
    answers = {}
    for n in range(7):
        payload = {"currency": "EUR" if n % 2 else "USD", "n": n}
        response = await http.post(hook_path(trigger), json=payload)
        assert response.status_code == 202
        answers[response.json()["event"]["id"]] = response.json()["event"]
    response = await http.post(hook_path(trigger) + "/test", json={"currency": "EUR", "n": 9})
    assert response.status_code == 202
    answers[response.json()["event"]["id"]] = response.json()["event"]
    return {**trigger, "answers": answers}


async def test_the_export_is_the_events_list_in_the_hook_answers_form(
    clean: Server,
    api_key: str,
    gql: GraphQLClient,
    fired: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(event_export, "EXPORT_PAGE", 2)  # several pages for a few events
    for variables, query in (
        ({}, {}),
        ({"p": {"currency": "EUR"}}, {"payloadContains": '{"currency":"EUR"}'}),
        ({"t": fired["id"], "test": True}, {"triggerId": fired["id"], "includeTest": "true"}),
    ):
        listed = [e["node"]["id"] for e in (await gql(LISTED, variables))["events"]["edges"]]
        async with httpx.AsyncClient(
            base_url=clean.base_url, headers={"X-API-Key": api_key}
        ) as client:
            response = await client.get("/events/export.ndjson", params=query)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        assert "content-length" not in response.headers  # streamed
        # What `events` lists, in its order, each line the event as its hook answer gave it.
        assert lines(response) == [fired["answers"][event_id] for event_id in listed]
    assert len(listed) == 8


async def test_a_signed_in_browser_exports_with_its_cookie(
    clean: Server, api_key: str, fired: dict[str, Any]
) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url) as browser:
        assert (await browser.post("/session", json={"apiKey": api_key})).status_code == 204
        response = await browser.get("/events/export.ndjson?source=API&status=ACTIVE")
    assert response.status_code == 200
    assert [line["source"] for line in lines(response)] == ["API"] * 7


async def test_without_credentials_it_is_a_401_problem(http: httpx.AsyncClient) -> None:
    response = await http.get("/events/export.ndjson")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=SOON", "status"),
        ("source=cron", "source"),
        ("includeTest=maybe", "includeTest"),
        ("since=yesterday", "since"),
        ("since=2026-11-26T09:00:00", "since"),
        ("payloadContains={", "payloadContains"),
        ("payloadContains=%22EUR%22", "payloadContains"),
        ("since=2026-11-27T00:00:00Z&until=2026-11-26T00:00:00Z", "since"),
        # Issue 18: an empty time was taken as no time, where any other bad value is a 400.
        ("until=", "until"),
        ("since=", "since"),
        ("status=ACTIVE&until=", "until"),
        ("currency=EUR", None),
    ],
)
async def test_bad_filters_are_400_problems_naming_the_parameter(
    clean: Server, api_key: str, query: str, field: str | None
) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url, headers={"X-API-Key": api_key}) as client:
        response = await client.get(f"/events/export.ndjson?{query}")
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"].endswith("/invalid-filter")
    assert body["errors"][0]["field"] == ([field] if field else [])


async def test_a_query_string_of_many_unknown_parameters_gets_a_small_answer(
    clean: Server, api_key: str
) -> None:
    query = "&".join(f"{'p' * 200}{n}=1" for n in range(200))
    async with httpx.AsyncClient(base_url=clean.base_url, headers={"X-API-Key": api_key}) as client:
        response = await client.get(f"/events/export.ndjson?{query}")
    assert response.status_code == 400, response.text[:300]
    assert len(response.content) < 2048
    assert "and 190 more" in response.json()["detail"]


async def test_an_unknown_trigger_exports_nothing(
    clean: Server, api_key: str, fired: dict[str, Any]
) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url, headers={"X-API-Key": api_key}) as client:
        response = await client.get("/events/export.ndjson?triggerId=nope")
    assert response.status_code == 200
    assert response.text == ""


async def test_exports_count_against_the_key_s_rate(clean: Server, api_key: str) -> None:
    async with (
        served_with(clean, api_rate_limit="2/minute") as url,
        httpx.AsyncClient(base_url=url, headers={"X-API-Key": api_key}) as client,
    ):
        statuses = [(await client.get("/events/export.ndjson")).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]


async def test_exports_waiting_for_their_first_page_hold_the_server_s_slots(
    clean: Server, api_key: str
) -> None:
    # The first page is read before the response starts: while it is read, the export holds
    # one of the EXPORTS_AT_ONCE slots, so more exports than that never hold connections at once.
    locker = await asyncpg.connect(clean.settings.database_url)
    try:
        async with httpx.AsyncClient(
            base_url=clean.base_url, headers={"X-API-Key": api_key}, timeout=30
        ) as client:
            transaction = locker.transaction()
            await transaction.start()
            await locker.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
            exports = [
                asyncio.create_task(client.get("/events/export.ndjson"))
                for _ in range(event_export.EXPORTS_AT_ONCE + 2)
            ]
            done, _ = await asyncio.wait(exports, timeout=2)
            busy = [t.result().status_code for t in done]
            await transaction.rollback()
            answers = [(await t).status_code for t in exports]
    finally:
        await locker.close()
    assert busy == [503, 503], answers
    assert sorted(answers) == [200] * event_export.EXPORTS_AT_ONCE + [503, 503]
