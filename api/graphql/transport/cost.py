"""What an operation will cost, estimated from the document before it runs.

Every field costs its weight (1 unless the field declares `metadata={"cost": n}` for work such
as expanding a schedule), and a list multiplies the cost of what is selected inside it by its
length: the field's `first` or `count` argument (given, from a variable, or its default), or
DEFAULT_LIST_SIZE for lists without one. Introspection's lists are not multiplied: they
read the schema in memory, and graphql-core's MaxIntrospectionDepthRule bounds their nesting. A connection's size (`events(first: 20)`) applies to the
list inside it (`edges`). Directives are ignored: an @skip'ed field is still counted, which only
overestimates. Each fragment is costed once per size it is spread under, so the estimate is
linear in the document however fragments nest (the same bomb as in depth.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from api.graphql.identity_cache import IdentityCache

SIZE_ARGUMENTS = ("first", "count")
ESTIMATES_MAX = 256
DEFAULT_LIST_SIZE = 10
# Sums stop growing here: anything near it is refused anyway, and products of huge lists stay
# small numbers.
COST_CAP = 10**12


@dataclass(frozen=True, slots=True)
class SizeProblem:
    field: tuple[str, ...]
    message: str


@dataclass(slots=True)
class Estimate:
    cost: int = 0
    # Sizes outside the range their field declares (`metadata={"size": (low, high)}`): found
    # here, before anything runs, so that an operation with one bad size writes nothing.
    problems: list[SizeProblem] = field(default_factory=list)


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> Estimate:
    """The estimated cost of the operation the request runs (0 if there is no such operation).

    Remembered by parsed document (Strawberry's ParserCache hands out the same one for the same
    text) unless a size came from a variable: a polled query is walked once.
    """
    found, known = _estimates.lookup(document, (schema, operation_name))
    if found and known is not None:
        return known
    estimate = Estimate()
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return estimate
    root = schema.get_root_type(operation.operation)
    if root is None:
        return estimate
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    # A variable left out takes its default from the operation (coercion does the same).
    values = {
        d.variable.name.value: int(d.default_value.value)
        for d in operation.variable_definitions or ()
        if isinstance(d.default_value, IntValueNode)
    }
    values.update(variables or {})
    walk = _Walk(schema, fragments, values, estimate.problems)
    estimate.cost = walk.selection_set(operation.selection_set, root, None)
    if not walk.read_variables:
        _estimates.put(document, (schema, operation_name), estimate)
    return estimate


_estimates: IdentityCache[Estimate] = IdentityCache(ESTIMATES_MAX)


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        problems: list[SizeProblem],
    ) -> None:
        self._problems = problems
        self._schema = schema
        self._fragments = fragments
        self._variables = variables
        self._done: dict[tuple[str, int | None], int] = {}
        self._open: set[str] = set()
        self.read_variables = False

    def selection_set(self, node: SelectionSetNode, parent: Any, size: int | None) -> int:
        """`size`: the length given to the connection this selection is in, for its list."""
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, size)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, inner or parent, size)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, size)
            total = min(total, COST_CAP)
        return total

    def fragment(self, name: str, size: int | None) -> int:
        key = (name, size)
        done = self._done.get(key)
        if done is not None:
            return done
        definition = self._fragments.get(name)
        if definition is None or name in self._open:  # validation reports these
            return 0
        self._open.add(name)
        parent = self._schema.get_type(definition.type_condition.name.value)
        cost = self.selection_set(definition.selection_set, parent, size) if parent else 0
        self._open.discard(name)
        self._done[key] = cost
        return cost

    def field(self, node: FieldNode, parent: Any, size: int | None) -> int:
        info = _field_info(parent, node.name.value)
        if info is None:  # __typename, or a field validation refused
            return 0
        given = self._size_argument(node, info) if info.size_argument else None
        inner_size = None
        if not info.is_list:
            times = 1
            inner_size = given  # a connection: its size is for the list inside
        elif info.introspection:
            times = 1
        else:
            times = given if given is not None else size if size is not None else DEFAULT_LIST_SIZE
        if node.selection_set is None:
            return info.weight + (times if info.is_list else 0)
        inner = self.selection_set(node.selection_set, info.inner_type, inner_size)
        return min(info.weight + times * inner, COST_CAP)

    def _size_argument(self, node: FieldNode, info: _FieldInfo) -> int:
        name = info.size_argument
        value: object = info.size_default
        for given in node.arguments or ():
            if given.name.value != name:
                continue
            if isinstance(given.value, IntValueNode):
                # Validation refused any Int beyond 32 bits: this parse is short.
                value = int(given.value.value)
            elif isinstance(given.value, VariableNode):
                self.read_variables = True
                value = self._variables.get(given.value.name.value)
        if not isinstance(value, int) or isinstance(value, bool):
            return DEFAULT_LIST_SIZE  # coercion reports what is not an Int
        bounds = info.bounds
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            # Worded as the resolvers word it, so that a client sees one error either way.
            self._problems.append(
                SizeProblem((str(name),), f"{name} must be between {bounds[0]} and {bounds[1]}")
            )
        return max(0, min(value, COST_CAP))


@dataclass(frozen=True, slots=True)
class _FieldInfo:
    """What the estimate needs of a field, read from the schema once."""

    weight: int
    size_argument: str | None
    size_default: object
    bounds: tuple[int, int] | None
    is_list: bool
    introspection: bool
    inner_type: Any


# By parent type and field name. Types live as long as their schema, which is built once per
# process (a handful in tests): this stays small.
_infos: dict[tuple[Any, str], _FieldInfo | None] = {}


def _field_info(parent: Any, name: str) -> _FieldInfo | None:
    key = (parent, name)
    try:
        return _infos[key]
    except KeyError:
        info = _infos[key] = _read_field_info(parent, name)
        return info


def _read_field_info(parent: Any, name: str) -> _FieldInfo | None:
    definition: GraphQLField | None
    if name == "__schema":
        definition = SchemaMetaFieldDef
    elif name == "__type":
        definition = TypeMetaFieldDef
    else:
        fields = getattr(parent, "fields", None)
        definition = fields.get(name) if fields else None
    if definition is None:
        return None
    metadata = _metadata(definition)
    weight = metadata.get("cost", 1)
    size_argument = next((a for a in SIZE_ARGUMENTS if a in definition.args), None)
    return _FieldInfo(
        weight=weight if isinstance(weight, int) else 1,
        size_argument=size_argument,
        size_default=definition.args[size_argument].default_value if size_argument else None,
        bounds=metadata.get("size"),
        is_list=_is_list(definition.type),
        introspection=_is_introspection(parent),
        inner_type=get_named_type(definition.type),
    )


def _is_introspection(parent: Any) -> bool:
    return str(getattr(parent, "name", "")).startswith("__")


def _is_list(graphql_type: GraphQLOutputType) -> bool:
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)


def _metadata(definition: GraphQLField) -> Mapping[str, Any]:
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    metadata: Mapping[str, Any] = getattr(strawberry_field, "metadata", None) or {}
    return metadata
