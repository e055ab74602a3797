"""Each scope boundary over the real app: every root field, with a key lacking its scope, is
FORBIDDEN naming the scope, and passes that check with a key holding only that scope. The
operations are listed by hand; the first test fails when the schema has a root field the list
or the scope table (core/access/scopes.py) does not name."""

from __future__ import annotations

import httpx
import pytest

from core.access.api_keys import create_key
from core.access.scopes import DEFAULT_SCOPES, KeyScope, declared_root_fields, root_field_scope
from tests.api.ws_client import SUBSCRIBE_EVENTS, WsClient
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

_E = "{ errors { code } }"
OPERATIONS: dict[str, str] = {
    "Query.trigger": '{ trigger(id: "1") { id } }',
    "Query.triggers": "{ triggers { edges { node { id } } } }",
    "Query.previewSchedule": "{ previewSchedule(schedule: {everySeconds: 60}) }",
    "Query.describeSchedule": "{ describeSchedule(schedule: {everySeconds: 60}) }",
    "Query.event": '{ event(id: "1") { id } }',
    "Query.events": "{ events { edges { node { id } } } }",
    "Query.eventCounts": "{ eventCounts { triggerId } }",
    "Query.eventRate": "{ eventRate { count } }",
    "Mutation.createScheduledTrigger": 'mutation { createScheduledTrigger(input: {name: "s",'
    " schedule: {everySeconds: 60}}) " + _E + " }",
    "Mutation.createApiTrigger": 'mutation { createApiTrigger(input: {name: "a",'
    ' apiSchema: {n: "int"}}) ' + _E + " }",
    "Mutation.updateTrigger": 'mutation { updateTrigger(id: "1", input: {}) ' + _E + " }",
    "Mutation.deleteTrigger": 'mutation { deleteTrigger(id: "1") ' + _E + " }",
    "Mutation.pauseTrigger": 'mutation { pauseTrigger(id: "1") ' + _E + " }",
    "Mutation.resumeTrigger": 'mutation { resumeTrigger(id: "1") ' + _E + " }",
    "Mutation.rotateHookToken": 'mutation { rotateHookToken(id: "1") ' + _E + " }",
    "Mutation.fireTrigger": 'mutation { fireTrigger(id: "1") ' + _E + " }",
    "Mutation.testTrigger": 'mutation { testTrigger(id: "1") ' + _E + " }",
    "Mutation.testTriggerDefinition": 'mutation { testTriggerDefinition(input: {name: "t",'
    ' kind: API, apiSchema: {n: "int"}}) ' + _E + " }",
    "Query.apiKeys": "{ apiKeys { edges { node { id } } } }",
    "Mutation.createApiKey": 'mutation { createApiKey(input: {name: "k", scopes: [EVENTS_READ]})'
    + " { secret errors { code } } }",
    "Mutation.revokeApiKey": 'mutation { revokeApiKey(id: "nope") ' + _E + " }",
    "Query.destination": '{ destination(id: "1") { id } }',
    "Query.destinations": "{ destinations { edges { node { id } } } }",
    "Query.deliveries": "{ deliveries { edges { node { id } } } }",
    # Refused URLs: the scope is what is checked, and nothing is saved or resolved.
    "Mutation.createDestination": 'mutation { createDestination(input: {name: "d",'
    ' url: "ftp://x.example/"}) ' + _E + " }",
    "Mutation.updateDestination": 'mutation { updateDestination(id: "1", input: {name: "d",'
    ' url: "ftp://x.example/"}) ' + _E + " }",
    "Mutation.deleteDestination": 'mutation { deleteDestination(id: "1") ' + _E + " }",
    "Mutation.pauseDestination": 'mutation { pauseDestination(id: "1") ' + _E + " }",
    "Mutation.resumeDestination": 'mutation { resumeDestination(id: "1") ' + _E + " }",
    "Mutation.rotateDestinationSecret": 'mutation { rotateDestinationSecret(id: "1") ' + _E + " }",
    "Mutation.sendTestDelivery": 'mutation { sendTestDelivery(id: "1") ' + _E + " }",
    "Mutation.redeliver": 'mutation { redeliver(eventId: "1", destinationId: "1") ' + _E + " }",
    "Mutation.recoverFailedDeliveries": 'mutation { recoverFailedDeliveries(destinationId: "1",'
    ' since: "2026-01-01T00:00:00Z") { queued errors { code } } }',
    "Mutation.replayEvents": 'mutation { replayEvents(destinationId: "1",'
    ' since: "2026-01-01T00:00:00Z") { queued errors { code } } }',
}
HTTP_FIELDS = sorted(OPERATIONS)
# Any valid key may ask (tests/api/test_api_keys_graphql.py).
ANY_KEY = {"Query.viewer"}


async def test_every_root_field_has_a_scope_and_an_operation_here() -> None:
    from api.graphql.schema import schema

    graphql_schema = schema._schema
    roots = {
        graphql_schema.query_type,
        graphql_schema.mutation_type,
        graphql_schema.subscription_type,
    }
    fields = {f"{root.name}.{name}" for root in roots if root for name in root.fields}
    assert fields == declared_root_fields()
    assert fields == {
        *OPERATIONS,
        *ANY_KEY,
        "Subscription.eventFired",
        "Subscription.deliveryUpdated",
    }


async def _key(scopes: frozenset[KeyScope]) -> dict[str, str]:
    return {"X-API-Key": (await create_key("scoped", scopes)).secret_key}


def _codes(body: dict[str, object]) -> list[object]:
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return [e["extensions"].get("code") for e in errors]


@pytest.mark.parametrize("field", HTTP_FIELDS)
async def test_a_key_lacking_the_scope_is_forbidden_naming_it(
    http: httpx.AsyncClient, field: str
) -> None:
    root, name = field.split(".")
    scope = root_field_scope(root, name)
    assert scope is not None
    headers = await _key(frozenset(KeyScope) - {scope})
    body = (await http.post("/graphql", json={"query": OPERATIONS[field]}, headers=headers)).json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "scope": scope.value}
    assert scope.value in error["message"]

    # The scope alone is enough: whatever else the operation answers, it is not refused.
    alone = await _key(frozenset({scope}))
    body = (await http.post("/graphql", json={"query": OPERATIONS[field]}, headers=alone)).json()
    assert "FORBIDDEN" not in _codes(body), body


async def test_one_missing_scope_refuses_the_whole_operation_even_through_fragments(
    http: httpx.AsyncClient,
) -> None:
    headers = await _key(frozenset({KeyScope.TRIGGERS_READ}))
    query = "query { triggers { edges { node { id } } } ...F } fragment F on Query { eventCounts { active } }"
    body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["scope"] == "events:read"


async def test_hook_url_is_null_without_hooks_read(http: httpx.AsyncClient) -> None:
    writer = await _key(DEFAULT_SCOPES)
    created = await http.post(
        "/graphql",
        json={
            "query": OPERATIONS["Mutation.createApiTrigger"].replace(
                _E, "{ trigger { id hookUrl } }"
            )
        },
        headers=writer,
    )
    assert created.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"].startswith("http")
    query = "{ triggers { edges { node { hookUrl } } } }"
    for scopes, shown in (
        (frozenset({KeyScope.TRIGGERS_READ}), False),
        (frozenset({KeyScope.TRIGGERS_READ, KeyScope.HOOKS_READ}), True),
    ):
        body = (
            await http.post("/graphql", json={"query": query}, headers=await _key(scopes))
        ).json()
        [edge] = body["data"]["triggers"]["edges"]
        assert (edge["node"]["hookUrl"] is not None) is shown


@pytest.mark.parametrize(
    ("scopes", "status"),
    [(frozenset(KeyScope) - {KeyScope.EVENTS_READ}, 403), (frozenset({KeyScope.EVENTS_READ}), 200)],
)
async def test_event_export_needs_events_read(
    http: httpx.AsyncClient, scopes: frozenset[KeyScope], status: int
) -> None:
    response = await http.get("/events/export.ndjson", headers=await _key(scopes))
    assert response.status_code == status
    if status == 403:
        assert "events:read" in response.json()["detail"]


@pytest.mark.parametrize(
    ("scopes", "refused"),
    [
        (frozenset(KeyScope) - {KeyScope.EVENTS_READ}, True),
        (frozenset({KeyScope.EVENTS_READ}), False),
    ],
)
async def test_event_fired_needs_events_read(
    clean: Server, scopes: frozenset[KeyScope], refused: bool
) -> None:
    key = (await create_key("live", scopes)).secret_key
    client = await WsClient.connect(clean.base_url, api_key=key)
    try:
        await client.acknowledged()
        operation_id = await client.subscribe(SUBSCRIBE_EVENTS)
        if refused:
            message = await client.receive()
            assert message["id"] == operation_id
            # Refused before it runs: one result carrying the error (Strawberry's way for an
            # operation an extension refuses), never an event.
            assert message["type"] == "next", message
            [error] = message["payload"]["errors"]
            assert error["extensions"] == {"code": "FORBIDDEN", "scope": "events:read"}
        else:
            with pytest.raises(TimeoutError):  # subscribed: nothing fires, nothing refused
                await client.receive(wait=0.5)
    finally:
        await client.connection.close()
