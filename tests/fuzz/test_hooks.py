"""A Hypothesis fuzzer of hook bodies: POST /hooks/{token} and /hooks/{token}/test.

Bodies are valid JSON of every shape and size, and what broken clients send: truncated JSON, NaN
tokens, invalid UTF-8, a BOM, wrong content types, bodies over the limit; for short-form and
long-form triggers, a paused one, and tokens that do not exist; with and without an
Idempotency-Key. A 202 wrote exactly one event (none when it replays an earlier response);
every other answer wrote nothing and is a problem+json document.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import GraphQLClient, Server
from tests.factories import PAYMENT_SCHEMA, api_trigger, hook_path
from tests.fuzz import strategies as fs
from tests.fuzz.support import FUZZ_EXAMPLES, Store, assert_no_unexpected, describe, fuzz_settings

# Bodies of 100,000 brackets are the point; Hypothesis warns about printing them.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

LONG_SCHEMA = {
    "type": "object",
    "properties": {
        "n": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}},
        "meta": {"type": "object"},
    },
    "required": ["n"],
}
OPEN_SCHEMA = {"type": ["object", "array", "string", "number", "boolean", "null"]}


@pytest.fixture
async def hooks(clean: Server, api_key: str) -> dict[str, str]:
    """Hook paths by name: short form, long form, one that takes any JSON, a paused one."""
    async with httpx.AsyncClient(
        base_url=clean.base_url, timeout=30, headers={"X-API-Key": api_key}
    ) as client:
        gql = GraphQLClient(client)
        paths = {
            "short": hook_path(await api_trigger(gql, "short", PAYMENT_SCHEMA)),
            "long": hook_path(await api_trigger(gql, "long", LONG_SCHEMA)),
            "open": hook_path(await api_trigger(gql, "open", OPEN_SCHEMA)),
        }
        paused = await api_trigger(gql, "paused", {"x": "int?"})
        await gql(
            "mutation($id: ID!) { pauseTrigger(id: $id) { errors { message } } }",
            {"id": paused["id"]},
        )
        paths["paused"] = hook_path(paused)
    paths["unknown"] = "/hooks/" + "x" * 43
    paths["empty-ish"] = "/hooks/%20"
    return paths


def oversized(limit: int) -> bytes:
    return b'{"n": 1, "pad": "' + b"x" * limit + b'"}'


@fuzz_settings(10 * FUZZ_EXAMPLES)
@given(
    target=st.sampled_from(["short", "long", "open", "paused", "unknown", "empty-ish"]),
    test_route=st.booleans(),
    body=st.one_of(
        st.fixed_dictionaries(
            {
                "amount": st.one_of(fs.floats, fs.ints),
                "currency": fs.texts,
                "user_id": fs.ints,
            },
            optional={"note": st.one_of(st.none(), fs.texts), "extra": fs.json_values(4)},
        ).map(fs.json_bytes),
        st.fixed_dictionaries(
            {"n": fs.ints},
            optional={"tags": st.lists(fs.texts, max_size=3), "meta": fs.json_values(6)},
        ).map(fs.json_bytes),
        fs.json_bodies,
        fs.malformed_bodies,
        st.just(None),  # stands for a body over the size limit
    ),
    content_type=fs.content_types,
    idempotency_key=st.one_of(
        st.none(),
        st.sampled_from(["k1", "k2", "", " ", "x" * 256, "x" * 255, "é"]),
    ),
)
async def test_hook_bodies(
    clean: Server,
    hooks: dict[str, str],
    store: Store,
    target: str,
    test_route: bool,
    body: bytes | None,
    content_type: str,
    idempotency_key: str | None,
) -> None:
    if body is None:
        body = oversized(clean.settings.hook_max_body_bytes)
    path = hooks[target] + ("/test" if test_route else "")
    headers: dict[str, Any] = {"Content-Type": content_type} if content_type else {}
    if idempotency_key is not None:
        # As UTF-8 bytes: a non-ASCII key reaches the server as a client would send it.
        headers["Idempotency-Key"] = idempotency_key.encode()
    request = describe("POST", path, body, headers)
    before = await store.snapshot()
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        try:
            response = await client.post(path, content=body, headers=headers)
        except httpx.LocalProtocolError:
            return  # a header httpx refuses to send (non-ASCII Idempotency-Key) reaches nobody
    after = await store.snapshot()
    assert_no_unexpected(response, request)
    if response.status_code == 202:
        replayed = response.headers.get("idempotent-replayed") == "true"
        written = after.events[0] - before.events[0]
        assert written == (0 if replayed else 1), f"202 wrote {written} events: {request}"
        assert before.triggers == after.triggers, f"a hook changed a trigger: {request}"
        event: dict[str, Any] = response.json()["event"]
        assert event["is_test"] is test_route, request
    else:
        assert before == after, f"a rejected hook call wrote: {request}\n{response.text}"
        assert 400 <= response.status_code < 500, f"{response.status_code}: {request}"
        assert response.headers["content-type"].startswith("application/problem+json"), (
            f"{response.status_code} without problem+json: {request}\n{response.text[:500]}"
        )
        problem = response.json()
        assert problem["status"] == response.status_code, request
        assert {"type", "title", "detail"} <= problem.keys(), request
