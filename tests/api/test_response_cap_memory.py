"""GRAPHQL_MAX_RESPONSE_BYTES holds while the response is built: an answer far over the cap is
refused before it is encoded, so the memory it takes stays near what the rows took to read,
not several times the answer (peak memory measured with tracemalloc, not a timing)."""

from __future__ import annotations

import tracemalloc

import pytest

from api.graphql.schema import schema
from api.graphql.transport.view import GraphQLView
from core.events.records import NewEvent
from core.platform.json_encoding import RawJSON, dumps, dumps_capped
from core.storage.models import EventSource, TriggerKind
from tests.api.served import client_for, served_with
from tests.conftest import Server

CAP = 1024 * 1024


def test_an_answer_over_the_cap_is_refused_without_being_encoded() -> None:
    # 10 aliases x 50 events sharing one 100 kB payload: 50 MB of JSON, held as 100 kB.
    payload = RawJSON('{"blob": "' + "x" * 100_000 + '"}')
    page = {"edges": [{"node": {"id": f"{n:016x}", "payload": payload}} for n in range(50)]}
    data = {"data": {f"a{n}": {"events": page} for n in range(10)}}
    view = GraphQLView(schema, max_response_bytes=CAP)
    tracemalloc.start()
    try:
        text = view.encode_json(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert '"RESPONSE_TOO_LARGE"' in text and len(text) < 1000
    # At most the cap and one slice of 16 items (1.6 MB here); in full it was 50 MB, twice.
    assert peak < 4 * CAP, peak


@pytest.mark.parametrize(
    "value",
    [
        {"a": "x" * 100, "b": [[1, 2], [3]], "c": [{"d": [None] * 40}] * 20, "e": {}},
        [RawJSON('{"k": [1]}')] * 33,
        ["é", [], {}, 1.5, True],
    ],
)
def test_encoding_a_slice_at_a_time_writes_the_same_text(value: object) -> None:
    assert dumps_capped(value, CAP) == dumps(value)


def test_encoding_stops_at_the_cap() -> None:
    assert dumps_capped({"a": "x" * (CAP + 1)}, CAP) is None
    assert dumps_capped([{"k": None}] * CAP, CAP) is None
    assert dumps_capped([[1]] * CAP, CAP) is None


@pytest.mark.asyncio
async def test_a_query_far_over_the_cap_is_answered_with_the_error_at_bounded_memory(
    clean: Server, api_key: str
) -> None:
    blob = "x" * 50_000
    await clean.platform.event_log.append_many(
        [
            NewEvent(
                trigger_id=None,
                trigger_name="t",
                kind=TriggerKind.API,
                source=EventSource.API,
                payload={"n": n, "blob": blob},
                is_test=False,
            )
            for n in range(40)
        ]
    )
    # 10 aliases of 40 events of 50 kB: 20 MB of answer against a 1 MiB cap.
    aliases = " ".join(
        f"a{n}: events(first: 40) {{ edges {{ node {{ payload }} }} }}" for n in range(10)
    )
    rows_read = 10 * 40 * len(blob)
    async with (
        served_with(clean, graphql_max_response_bytes=CAP) as url,
        client_for(url, api_key) as client,
    ):
        tracemalloc.start()
        try:
            response = await client.post("/graphql", json={"query": "{ " + aliases + " }"})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "RESPONSE_TOO_LARGE", body
    # The rows themselves are read (each alias its page); encoding them would add twice as much
    # again (orjson's bytes, then the text).
    assert peak < 1.5 * rows_read, (peak, rows_read)
