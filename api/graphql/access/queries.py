"""The access domain's queries: the caller's own key, and every key for keys:admin."""

from __future__ import annotations

import strawberry

from api.graphql.access.types import ApiKey, ApiKeyConnection, after_key, key_cursor
from api.graphql.connections import Edge, check_first, page_info
from api.graphql.context import Context, invalid_argument
from core.access import api_keys

KEYS_PAGE_MAX = 500


@strawberry.type
class KeyQuery:
    @strawberry.field(description="The key asking (or the signed-in session's key).")
    async def viewer(self, info: strawberry.Info[Context]) -> ApiKey | None:
        principal = info.context.principal
        if principal is None:
            return None
        row = await api_keys.get_key(principal.key_id)
        return ApiKey.from_stored(row) if row is not None else None

    @strawberry.field(
        description="Every key, revoked and expired ones too, oldest first.",
        metadata={"size": (1, KEYS_PAGE_MAX)},
    )
    async def api_keys(
        self, info: strawberry.Info[Context], first: int = 50, after: str | None = None
    ) -> ApiKeyConnection:
        check_first(first, KEYS_PAGE_MAX)
        position = after_key(after) if after else None
        if after and position is None:
            raise invalid_argument("after is not a cursor returned by apiKeys", "after")
        rows, more = await api_keys.key_page(first=first, after=position)
        edges = [Edge(cursor=key_cursor(row), node=ApiKey.from_stored(row)) for row in rows]
        return ApiKeyConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges], has_next_page=more, has_previous_page=after is not None
            ),
        )
