"""Which operations the event list cache may answer: those that read nothing but event lists."""

from __future__ import annotations

import pytest
from graphql import GraphQLObjectType, get_named_type

from api.graphql.fast_paths.result_cache import cache_identity, rendering_fingerprint
from api.graphql.schema import schema

EVENTS = "{ events(first: 5) { edges { node { id status } } } }"
R = "rendering"


@pytest.mark.parametrize(
    ("query", "operation_name", "cacheable"),
    [
        (EVENTS, None, True),
        ("query Recent { events { edges { cursor } } __typename }", None, True),
        (
            "query A { events { edges { cursor } } } query B { triggers { edges { cursor } } }",
            "A",
            True,
        ),
        (
            "{ recent: events(first: 1) { edges { cursor } } old: events(status: ARCHIVED) { edges { cursor } } }",
            None,
            True,
        ),
        # Anything else at the root can change without the event log changing.
        ("{ events { edges { cursor } } triggers { edges { cursor } } }", None, False),
        ("{ eventCounts { active } }", None, False),
        (
            "query A { events { edges { cursor } } } query B { triggers { edges { cursor } } }",
            "B",
            False,
        ),
        (
            "query A { events { edges { cursor } } } query B { events { edges { cursor } } }",
            None,
            False,
        ),
        ('mutation { deleteTrigger(id: "x") { deletedId } }', None, False),
        ("subscription { eventFired { id } }", None, False),
        # A fragment or directive at the root could select anything.
        ("{ ...F } fragment F on Query { events { edges { cursor } } }", None, False),
        ("{ ... on Query { events { edges { cursor } } } }", None, False),
        ("query($x: Boolean!) { events @include(if: $x) { edges { cursor } } }", None, False),
        ("{ events { edges { cursor } ", None, False),  # does not parse: execution reports it
        ("{ " + "events { edges { cursor } } " * 2000 + "}", None, False),  # over the token limit
    ],
)
def test_only_operations_reading_event_lists_are_cacheable(
    query: str, operation_name: str | None, cacheable: bool
) -> None:
    assert (cache_identity(query, operation_name, {}, rendering=R) is not None) is cacheable


def test_the_key_is_the_whole_operation() -> None:
    base = cache_identity(EVENTS, None, {"a": 1, "b": [2]}, rendering=R)
    assert base == cache_identity(
        EVENTS, None, {"b": [2], "a": 1}, rendering=R
    )  # key order does not matter
    assert base != cache_identity(EVENTS, None, {"a": 2, "b": [2]}, rendering=R)
    assert base != cache_identity(EVENTS + " ", None, {"a": 1, "b": [2]}, rendering=R)
    assert cache_identity(EVENTS, None, None, rendering=R) == cache_identity(
        EVENTS, None, {}, rendering=R
    )


@pytest.mark.parametrize(
    ("query", "operation_name", "variables"),
    [(None, None, {}), (123, None, {}), (EVENTS, 5, {}), (EVENTS, None, {"x": object()})],
)
def test_malformed_requests_are_left_to_execution(
    query: object, operation_name: object, variables: object
) -> None:
    assert cache_identity(query, operation_name, variables, rendering=R) is None


def test_other_code_never_shares_a_key() -> None:
    assert cache_identity(EVENTS, None, {}, rendering="a") != cache_identity(
        EVENTS, None, {}, rendering="b"
    )
    assert rendering_fingerprint("type Query { a: Int }") != rendering_fingerprint(
        "type Query { b: Int }"
    )
    assert rendering_fingerprint("type Query { a: Int }") == rendering_fingerprint(
        "type Query { a: Int }"
    )


# Resolvers under `events` that bound the result's lifetime to now (ResultLifetime.bound), so
# that a result showing them is never stored: test_graphql_deliveries shows Event.deliveries
# changing under the same list.
LIFETIME_BOUNDED = {("Event", "deliveries")}


def test_everything_under_an_event_list_is_plain_data() -> None:
    """Cached results are reused until the event log changes: a field under `events` that read
    anything else (a resolver, or arguments) would go stale without anyone noticing."""
    seen: set[str] = set()
    pending = ["EventConnection"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        definition = schema.get_type_by_name(name)
        core_type = schema._schema.get_type(name)
        assert isinstance(core_type, GraphQLObjectType)
        for field in definition.fields:  # type: ignore[union-attr]
            if (name, field.python_name) in LIFETIME_BOUNDED:
                continue
            assert field.base_resolver is None, f"{name}.{field.python_name} has a resolver"
            assert not field.arguments, f"{name}.{field.python_name} takes arguments"
        for field_name, graphql_field in core_type.fields.items():
            if (name, field_name) in LIFETIME_BOUNDED:
                continue
            named = get_named_type(graphql_field.type)
            if isinstance(named, GraphQLObjectType):
                pending.append(named.name)
    assert {"EventConnection", "Event", "PageInfo"} <= seen
