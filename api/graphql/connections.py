"""Relay-style pages shared by every domain's lists: edges with cursors and a PageInfo."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

from api.graphql.context import invalid_argument

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


def page_info(cursors: list[str], *, has_next_page: bool, has_previous_page: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=has_previous_page,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def check_first(first: int, limit: int) -> None:
    if not 1 <= first <= limit:
        raise invalid_argument(f"first must be between 1 and {limit}", "first")
