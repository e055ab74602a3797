"""Core's field paths, in the domain's names, as the GraphQL argument paths clients see.

Core says what an error is about in its own words: ("schedule", "in_seconds"), ("api_schema",
"properties", "a"), ("definition",) for a definition as a whole. A mutation that takes an
`input` object finds those fields under it; its other arguments (`id`, `fireAt`) stay top-level.
"""

from __future__ import annotations

from strawberry.utils.str_converters import to_camel_case

# Below these a path is the caller's own JSON (payload keys, schema keywords): kept as given.
_CALLERS_JSON = frozenset({"payload", "api_schema", "headers"})
# The arguments of a mutation beside its `input`.
_BESIDE_INPUT = frozenset({"id", "fire_at"})
# Core's name for the definition (the `input` object) as a whole.
_WHOLE_DEFINITION = "definition"


def argument_path(field: tuple[str, ...] | None, *, under_input: bool) -> list[str] | None:
    """The GraphQL path of core's `field`; under_input: the operation takes an `input` object."""
    if field is None:
        return None
    if not field:
        return []
    head, *rest = field
    if head == _WHOLE_DEFINITION:
        names: list[str] = []
    elif head in _CALLERS_JSON:
        names = [to_camel_case(head), *rest]
    else:
        names = [to_camel_case(name) for name in field]
    if under_input and head not in _BESIDE_INPUT:
        return ["input", *names]
    return names
