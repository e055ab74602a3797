"""Depth and alias limits, measured in one pass over the document with each fragment measured once.

Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk a fragment again at every spread: 30
fragments each spreading the next one twice (1 KB) make 2^30 walks and hang the process (issue
11). Here a fragment's depth and alias count are computed once and reused at every spread, so
validation is linear in the document; the alias total is still what the expanded operation
holds, as before. A fragment that spreads itself (directly or not) counts as empty where it
recurs: graphql-core's NoFragmentCycles rejects such a document anyway.

Introspection counts towards the depth, except `ofType`: that chain follows a type's wrappers
(at most a few), and GraphiQL's introspection query nests it nine deep.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

UNCOUNTED_FIELDS = frozenset({"ofType"})


@dataclass(frozen=True, slots=True)
class Shape:
    depth: int
    aliases: int


class _Measure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._done: dict[str, Shape] = {}
        self._open: set[str] = set()

    def selection_set(self, node: SelectionSetNode) -> Shape:
        depth = aliases = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                if selection.selection_set is not None:
                    inner = self.selection_set(selection.selection_set)
                    aliases += inner.aliases
                    counted = selection.name.value not in UNCOUNTED_FIELDS
                    depth = max(depth, inner.depth + counted)
            else:
                if isinstance(selection, InlineFragmentNode):
                    inner = self.selection_set(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    inner = self.fragment(selection.name.value)
                else:  # pragma: no cover - graphql-core has no other selection
                    continue
                depth = max(depth, inner.depth)
                aliases += inner.aliases
        return Shape(depth, aliases)

    def fragment(self, name: str) -> Shape:
        done = self._done.get(name)
        if done is not None:
            return done
        definition = self._fragments.get(name)
        if definition is None or name in self._open:  # unknown or cyclic: other rules report it
            return Shape(0, 0)
        self._open.add(name)
        shape = self.selection_set(definition.selection_set)
        self._open.discard(name)
        self._done[name] = shape
        return shape


def measure(document_definitions: tuple[object, ...] | list[object]) -> dict[str, Shape]:
    """Each operation's shape by name ("anonymous" for the unnamed one)."""
    fragments = {
        d.name.value: d for d in document_definitions if isinstance(d, FragmentDefinitionNode)
    }
    measure = _Measure(fragments)
    return {
        (d.name.value if d.name else "anonymous"): measure.selection_set(d.selection_set)
        for d in document_definitions
        if isinstance(d, OperationDefinitionNode)
    }


def limit_rule(*, max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule class (graphql-core instantiates one per validation)."""

    class DocumentShapeLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            shapes = measure(context.document.definitions)
            for name, shape in shapes.items():
                if shape.depth > max_depth:
                    context.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            extensions={"code": "TOO_COMPLEX"},
                        )
                    )
            total = sum(shape.aliases for shape in shapes.values())
            if total > max_aliases:
                context.report_error(
                    GraphQLError(
                        f"{total} aliases found. Allowed: {max_aliases}",
                        extensions={"code": "TOO_COMPLEX"},
                    )
                )

    return DocumentShapeLimit
