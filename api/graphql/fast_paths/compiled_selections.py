"""Plain objects completed from a compiled plan instead of one resolver call per field.

graphql-core completes every field of every object through the full machinery (resolve info,
resolver, completion, path) even when the field is a plain attribute: an events page of 50 is
over 600 such calls, and they made most of the request's time. For the common case, a selection
of plain attributes of plain object types, the plan below is compiled once per selection set
and reads the attributes directly, serialising leaves with the very serialisers graphql-core
would use. Anything else (resolvers, arguments, directives, fragments, abstract types, a value
that would be an error) falls back to graphql-core for that object, so results are identical.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    SelectionSetNode,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

from api.graphql.fast_paths.identity_cache import IdentityCache

PLANS_MAX = 512


class _Fallback(Exception):
    """This value needs graphql-core's own completion (usually to report an error)."""


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    attribute: str | None  # None: __typename
    complete: Callable[[Any], Any]


Plan = Callable[[Any], dict[str, Any]]


def _completer(graphql_type: GraphQLOutputType, selection: SelectionSetNode | None) -> Any:
    """How to complete a value of this type, or None if the plan cannot handle it."""
    non_null = isinstance(graphql_type, GraphQLNonNull)
    inner = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
    if isinstance(inner, GraphQLList):
        item = _completer(inner.of_type, selection)
        if item is None:
            return None

        def complete_list(value: Any) -> Any:
            if value is None:
                if non_null:
                    raise _Fallback
                return None
            return [item(v) for v in value]

        return complete_list
    if is_leaf_type(inner):
        if selection is not None:
            return None
        serialize = inner.serialize

        def complete_leaf(value: Any) -> Any:
            if value is None:
                if non_null:
                    raise _Fallback
                return None
            try:
                serialized = serialize(value)
            except Exception as error:  # graphql-core reports it, with its location
                raise _Fallback from error
            if serialized is None:
                raise _Fallback
            return serialized

        complete_leaf.shortcut = _shortcut(inner)  # type: ignore[attr-defined]
        return complete_leaf
    if isinstance(inner, GraphQLObjectType) and selection is not None:
        plan = compile_plan(inner, selection)
        if plan is None:
            return None

        def complete_object(value: Any) -> Any:
            if value is None:
                if non_null:
                    raise _Fallback
                return None
            return plan(value)

        return complete_object
    return None  # interfaces, unions: their concrete type is resolved at run time


def _constant(value: str) -> Callable[[Any], str]:
    return lambda _source: value


def _is_identity(serialize: Callable[[Any], Any]) -> bool:
    probe = object()
    try:
        return serialize(probe) is probe
    except Exception:
        return False


@dataclass(frozen=True, slots=True)
class _Shortcut:
    """How the generated plan takes a leaf inline, with the same output as its serialiser.

    `template` reads the value once into `v` ({read}), leaves None and anything unexpected to the
    completer ({complete}: null where allowed, else graphql-core's error), and may use one object
    from the plan's scope ({extra}).
    """

    template: str
    extra: Any = None


def _shortcut(leaf: Any) -> _Shortcut | None:
    serialize: Callable[[Any], Any] = leaf.serialize
    if isinstance(leaf, GraphQLEnumType):
        names = {definition.value: name for name, definition in leaf.values.items()}
        return _Shortcut("({extra}.get(v := {read}) or {complete}(v))", names)
    if _is_identity(serialize):  # JSON: any value is its own output
        return _Shortcut("({complete}(v) if (v := {read}) is None else v)")
    if repr(serialize) == "operator.methodcaller('isoformat')":  # DateTime, Date, Time
        return _Shortcut("({complete}(v) if (v := {read}) is None else v.isoformat())")
    # What the standard serialiser returns for a value of exactly this type.
    passes_through = {"ID": str, "String": str, "Boolean": bool, "Int": int}.get(leaf.name)
    if passes_through is not None:
        return _Shortcut("(v if type(v := {read}) is {extra} else {complete}(v))", passes_through)
    return None


def compile_plan(object_type: GraphQLObjectType, selection_set: SelectionSetNode) -> Plan | None:
    if object_type.is_type_of is not None:
        return None
    fields: list[_Field] = []
    keys: set[str] = set()
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives or selection.arguments:
            return None
        key = selection.alias.value if selection.alias else selection.name.value
        if key in keys:  # merged fields: graphql-core's job
            return None
        keys.add(key)
        name = selection.name.value
        if name == "__typename":
            fields.append(_Field(key, None, _constant(object_type.name)))
            continue
        field = object_type.fields.get(name)
        if field is None or field.args:
            return None
        definition = (field.extensions or {}).get("strawberry-definition")
        if (
            not isinstance(definition, StrawberryField)
            or definition.base_resolver is not None
            or definition.permission_classes
            or definition.extensions
        ):
            return None
        complete = _completer(field.type, selection.selection_set)
        if complete is None:
            return None
        fields.append(_Field(key, definition.python_name, complete))
    return _generate(fields)


def _generate(fields: list[_Field]) -> Plan:
    """One function building the object's dict: a call per object instead of one per field, and
    leaves with a _Shortcut taken inline (graphql-jit's approach)."""
    scope: dict[str, Any] = {}
    entries = []
    for n, field in enumerate(fields):
        complete = f"_complete{n}"
        scope[complete] = field.complete
        if field.attribute is None:  # __typename
            expression = f"{complete}(src)"
        else:
            attribute = field.attribute
            read = (
                f"src.{attribute}"
                if attribute.isidentifier() and not keyword.iskeyword(attribute)
                else f"getattr(src, {attribute!r})"
            )
            shortcut: _Shortcut | None = getattr(field.complete, "shortcut", None)
            if shortcut is None:
                expression = f"{complete}({read})"
            else:
                scope[f"_extra{n}"] = shortcut.extra
                expression = shortcut.template.format(
                    read=read, complete=complete, extra=f"_extra{n}"
                )
        entries.append(f"{field.key!r}: {expression}")
    source = "def run(src):\n    return {" + ", ".join(entries) + "}\n"
    exec(compile(source, "<compiled selection>", "exec"), scope)
    run: Plan = scope["run"]
    return run


# Plans by selection set (None: graphql-core's job), as long as the parsed document is cached.
_plans: IdentityCache[Plan | None] = IdentityCache(PLANS_MAX)


def plan_for(object_type: GraphQLObjectType, selection_set: SelectionSetNode) -> Plan | None:
    found, plan = _plans.lookup(selection_set, object_type.name)
    if not found:
        plan = compile_plan(object_type, selection_set)
        _plans.put(selection_set, object_type.name, plan)
    return plan


class CompiledSelectionsExecutor(StrawberryGraphQLCoreExecutionContext):
    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if len(field_details_list) == 1:
            details = field_details_list[0]
            selection_set = details.node.selection_set
            if selection_set is not None and not getattr(details, "fragment_variable_values", None):
                plan = plan_for(return_type, selection_set)
                if plan is not None:
                    try:
                        return plan(result)
                    except Exception:
                        pass
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )
