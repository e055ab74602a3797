"""Depth and alias limits: linear in the document, however fragments nest (issue 11)."""

from __future__ import annotations

import time

import pytest
from graphql import parse, validate
from strawberry.extensions import max_aliases, query_depth_limiter

from api.graphql.schema import schema
from api.graphql.transport.depth import Shape, limit_rule, measure
from tests.conftest import GraphQLClient

# The request quoted in the issue: 1 KB, 2^30 spreads once expanded.
FRAGMENT_BOMB = (
    "{ ...F0 } "
    + " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(30))
    + " fragment F30 on Query { __typename }"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ eventCounts { active } }", Shape(depth=1, aliases=0)),
        ("{ a: eventCounts { b: active } }", Shape(depth=1, aliases=2)),
        (
            "fragment E on Event { id a: id } { events { edges { node { ...E ...E } } } }",
            Shape(depth=3, aliases=2),
        ),
        ("{ ... on Query { x: __typename } }", Shape(depth=0, aliases=1)),
        # Cycles count as empty where they recur (NoFragmentCycles reports them).
        (
            "fragment A on Query { ...B } fragment B on Query { ...A x: __typename } { ...A }",
            Shape(depth=0, aliases=1),
        ),
        ("{ ...Missing }", Shape(depth=0, aliases=0)),
        # The type-reference chain of introspection is not depth.
        (
            '{ __type(name: "Event") { fields { type { ofType { ofType { ofType { name } } } } } } }',
            Shape(depth=3, aliases=0),
        ),
    ],
)
def test_shapes(query: str, expected: Shape) -> None:
    assert measure(parse(query).definitions)["anonymous"] == expected


def test_the_fragment_bomb_counts_every_expanded_alias_without_expanding() -> None:
    bomb = FRAGMENT_BOMB.replace("{ __typename }", "{ a: __typename }")
    started = time.perf_counter()
    assert measure(parse(bomb).definitions)["anonymous"] == Shape(depth=0, aliases=2**30)
    assert time.perf_counter() - started < 0.1


def test_the_fragment_bomb_validates_in_milliseconds() -> None:
    document = parse(FRAGMENT_BOMB)
    started = time.perf_counter()
    errors = validate(schema._schema, document, [limit_rule(max_depth=12, max_aliases=30)])
    assert errors == []
    assert time.perf_counter() - started < 0.1


def test_strawberrys_own_rules_would_not_finish_on_the_bomb() -> None:
    # The regression the rule above fixes, on a smaller bomb: 2^16 expansions where ours do 16.
    small = (
        "{ ...F0 } "
        + " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(16))
        + " fragment F16 on Query { __typename }"
    )
    rules = [
        query_depth_limiter.create_validator(max_depth=12, should_ignore=None),
        max_aliases.create_validator(max_alias_count=30),
    ]
    started = time.perf_counter()
    validate(schema._schema, parse(small), rules)
    theirs = time.perf_counter() - started
    started = time.perf_counter()
    validate(schema._schema, parse(small), [limit_rule(max_depth=12, max_aliases=30)])
    ours = time.perf_counter() - started
    # Each doubling of theirs costs twice as much: at 30 levels, 2^14 times this.
    assert theirs > 20 * ours, (theirs, ours)


@pytest.mark.asyncio
async def test_the_fragment_bomb_from_a_read_only_key_answers_at_once(
    gql: GraphQLClient, read_only_key: str
) -> None:
    started = time.perf_counter()
    body = await gql.raw(FRAGMENT_BOMB, headers={"X-API-Key": read_only_key})
    assert time.perf_counter() - started < 2
    assert body == {"data": {"__typename": "Query"}}


@pytest.mark.asyncio
async def test_too_deep_is_refused_before_running(gql: GraphQLClient) -> None:
    deep = "{ __schema { types { " + "fields { type { " * 6 + "name" + " } }" * 6 + " } } }"
    body = await gql.raw(deep)
    assert body["data"] is None
    messages = [e["message"] for e in body["errors"]]
    assert "'anonymous' exceeds maximum operation depth of 12" in messages, messages


@pytest.mark.asyncio
async def test_aliases_spread_through_fragments_are_all_counted(gql: GraphQLClient) -> None:
    fragment = "fragment Six on Query { " + " ".join(f"a{n}: __typename" for n in range(6)) + " }"
    body = await gql.raw(
        "{ ...Six ...Six ... on Query { ...Six ...Six ...Six ...Six } } " + fragment
    )
    assert body["data"] is None
    assert body["errors"] == [
        {"message": "36 aliases found. Allowed: 30", "extensions": {"code": "TOO_COMPLEX"}}
    ]
    body = await gql.raw("{ ...Six ...Six ...Six ...Six ...Six } " + fragment)
    assert "errors" not in body, body


@pytest.mark.asyncio
async def test_a_fragment_cycle_is_reported_not_followed(gql: GraphQLClient) -> None:
    body = await gql.raw("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }")
    assert body["data"] is None
    assert any("Cannot spread fragment" in e["message"] for e in body["errors"]), body
