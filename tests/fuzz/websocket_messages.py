"""Hypothesis strategies for graphql-transport-ws traffic: frames, message types, payloads and
documents, shaped and misshaped, small and at the size limits (issue 18)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies import deep_body, json_values, names, texts

SUBSCRIPTION = "subscription { eventFired { id triggerName payload } }"

message_types = st.one_of(
    st.sampled_from(
        ["connection_init", "ping", "pong", "subscribe", "complete", "next", "error", ""]
    ),
    texts,
)
ids = st.one_of(
    st.sampled_from(["1", "2", "x" * 200]), texts, st.integers(), st.lists(st.integers())
)
documents = st.one_of(
    st.just(SUBSCRIPTION),
    st.just("query { viewer { name } }"),
    st.builds(lambda name: f"subscription {{ eventFired {{ {name} }} }}", names),
    st.builds(
        lambda n: "subscription { eventFired " + "{ id " * n + "}" * (n + 1), st.integers(1, 200)
    ),
    st.builds(lambda n: "{ " + "x " * n + "}", st.sampled_from([10, 4000, 6000])),
    st.builds(lambda n: '{ a(b: "' + "s" * n, st.sampled_from([10, 70_000])),  # unterminated
    texts,
)
variables = st.one_of(st.none(), json_values(6), st.dictionaries(names, json_values(4)))
subscribe_payloads = st.fixed_dictionaries(
    {"query": documents},
    optional={"variables": variables, "operationName": st.one_of(st.none(), names, st.integers())},
)


def _message(kind: str, operation_id: Any, payload: Any, keep: tuple[bool, bool]) -> str:
    message: dict[str, Any] = {"type": kind}
    if keep[0]:
        message["id"] = operation_id
    if keep[1]:
        message["payload"] = payload
    return json.dumps(message)


shaped = st.builds(
    _message,
    message_types,
    ids,
    st.one_of(subscribe_payloads, json_values(6)),
    st.tuples(st.booleans(), st.booleans()),
)


def _large(size: int, kind: str) -> str:
    """A message of about `size` characters: nested arrays, flat ones, or one long string."""
    if kind == "nested":
        return deep_body(size // 2, "list").decode()
    if kind == "flat":
        return json.dumps({"type": "connection_init", "payload": {"x": [[]] * (size // 4)}})
    return json.dumps({"type": "subscribe", "id": "1", "payload": {"query": "s" * size}})


large = st.builds(
    _large,
    st.sampled_from([4000, 5000, 40_000, 300_000, 1_100_000]),
    st.sampled_from(["nested", "flat", "string"]),
)

# Text frames, and now and then a binary one.
frames: st.SearchStrategy[str | bytes] = st.one_of(
    shaped,
    shaped,
    large,
    st.text(max_size=50),
    json_values(8).map(json.dumps),
    st.binary(max_size=50),
)
