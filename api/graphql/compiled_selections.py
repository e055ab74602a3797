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

from api.graphql.identity_cache import IdentityCache

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
        serialize = _direct_serializer(inner)

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

        # For the generated plan: values it may return as they are, or look up by name.
        complete_leaf.exact_type = getattr(serialize, "exact_type", None)  # type: ignore[attr-defined]
        complete_leaf.enum_names = getattr(serialize, "enum_names", None)  # type: ignore[attr-defined]
        complete_leaf.any_value = getattr(serialize, "any_value", False)  # type: ignore[attr-defined]
        complete_leaf.isoformat = getattr(serialize, "isoformat", False)  # type: ignore[attr-defined]
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


def _is_identity(serialize: Callable[[Any], Any]) -> bool:
    probe = object()
    try:
        return serialize(probe) is probe
    except Exception:
        return False


def _direct_serializer(leaf: Any) -> Callable[[Any], Any]:
    """The leaf's own serialiser, short-cut where its output is known for the value's type."""
    serialize: Callable[[Any], Any] = leaf.serialize
    if isinstance(leaf, GraphQLEnumType):
        names = {definition.value: name for name, definition in leaf.values.items()}

        def enum_name(value: Any) -> Any:
            name = names.get(value)
            return name if name is not None else serialize(value)

        enum_name.enum_names = names  # type: ignore[attr-defined]
        return enum_name
    if _is_identity(serialize):  # JSON: any value is its own output

        def same(value: Any) -> Any:
            return value

        same.any_value = True  # type: ignore[attr-defined]
        return same
    if repr(serialize) == "operator.methodcaller('isoformat')":  # DateTime, Date, Time

        def isoformat(value: Any) -> Any:
            return value.isoformat()

        isoformat.isoformat = True  # type: ignore[attr-defined]
        return isoformat
    passes_through = {"ID": str, "String": str, "Boolean": bool, "Int": int}.get(leaf.name)
    if passes_through is not None:

        def same_if_exact(value: Any) -> Any:
            # What the standard serialiser returns for a value of exactly this type.
            return value if type(value) is passes_through else serialize(value)

        same_if_exact.exact_type = passes_through  # type: ignore[attr-defined]
        return same_if_exact
    return serialize


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
            type_name = object_type.name
            fields.append(_Field(key, None, lambda _value, n=type_name: n))
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
    leaves of an exact type (or enum members) are taken inline (graphql-jit's approach)."""
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
            exact = getattr(field.complete, "exact_type", None)
            names = getattr(field.complete, "enum_names", None)
            # None goes to the completer: null where allowed, else graphql-core's error.
            if getattr(field.complete, "any_value", False):
                expression = f"({complete}(v) if (v := {read}) is None else v)"
            elif getattr(field.complete, "isoformat", False):
                expression = f"({complete}(v) if (v := {read}) is None else v.isoformat())"
            elif exact is not None:
                scope[f"_type{n}"] = exact
                expression = f"(v if type(v := {read}) is _type{n} else {complete}(v))"
            elif names is not None:
                scope[f"_names{n}"] = names
                expression = f"(_names{n}.get(v := {read}) or {complete}(v))"
            else:
                expression = f"{complete}({read})"
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
