"""Which operations the event list cache may answer: those that read nothing but event lists."""

from __future__ import annotations

import pytest

from api.graphql.result_cache import cache_identity

EVENTS = "{ events(first: 5) { edges { node { id status } } } }"


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
    assert (cache_identity(query, operation_name, {}) is not None) is cacheable


def test_the_key_is_the_whole_operation() -> None:
    base = cache_identity(EVENTS, None, {"a": 1, "b": [2]})
    assert base == cache_identity(EVENTS, None, {"b": [2], "a": 1})  # key order does not matter
    assert base != cache_identity(EVENTS, None, {"a": 2, "b": [2]})
    assert base != cache_identity(EVENTS + " ", None, {"a": 1, "b": [2]})
    assert cache_identity(EVENTS, None, None) == cache_identity(EVENTS, None, {})


@pytest.mark.parametrize(
    ("query", "operation_name", "variables"),
    [(None, None, {}), (123, None, {}), (EVENTS, 5, {}), (EVENTS, None, {"x": object()})],
)
def test_malformed_requests_are_left_to_execution(
    query: object, operation_name: object, variables: object
) -> None:
    assert cache_identity(query, operation_name, variables) is None
