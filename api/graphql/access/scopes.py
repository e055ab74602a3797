"""Every operation's root fields checked against the caller's scopes before anything runs.

One check for the whole schema (core/access/scopes.py holds the table), so a resolver never
has to remember it and a new root field is refused until the table names its scope.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

from api.graphql.context import Context, unauthenticated
from core.access.scopes import KeyScope, UndeclaredField, root_field_scope


def forbidden(scope: KeyScope) -> GraphQLError:
    return GraphQLError(
        f"this API key lacks the {scope.value!r} scope",
        extensions={"code": "FORBIDDEN", "scope": scope.value},
    )


class ScopeCheck(SchemaExtension):
    """Refuses an operation asking for a root field its key's scopes do not cover."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        ctx = execution.context
        document = execution.graphql_document
        if isinstance(ctx, Context) and document is not None:
            operation = _operation(document, execution.operation_name)
            if operation is not None:
                error = _refusal(ctx, document, operation)
                if error is not None:
                    raise error
        yield


# The schema's root types keep GraphQL's default names (api/graphql/schema.py).
_ROOT_TYPES = {
    OperationType.QUERY: "Query",
    OperationType.MUTATION: "Mutation",
    OperationType.SUBSCRIPTION: "Subscription",
}


def _refusal(
    ctx: Context, document: DocumentNode, operation: OperationDefinitionNode
) -> GraphQLError | None:
    root = _ROOT_TYPES[operation.operation]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for field in _root_fields(operation.selection_set, fragments, set()):
        if field.startswith("__"):  # introspection: the view already asked for a key
            continue
        try:
            scope = root_field_scope(root, field)
        except UndeclaredField as undeclared:
            return GraphQLError(f"{undeclared} declares no scope", extensions={"code": "FORBIDDEN"})
        if ctx.principal is None:
            return unauthenticated()
        if scope is not None and not ctx.principal.can(scope):
            return forbidden(scope)
    return None


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _root_fields(
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[str]:
    # @skip/@include are not evaluated: a field that might run is checked.
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                seen.add(name)
                yield from _root_fields(fragment.selection_set, fragments, seen)
