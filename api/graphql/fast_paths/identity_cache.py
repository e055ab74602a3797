"""A bounded cache keyed by an object's identity, for objects that are not cheap or safe to hash.

Parsed selection sets and the live hub's event objects are shared by every request or subscriber
that uses them, so their identity is the right key: hashing a selection set walks its whole tree,
and an event id can repeat (a truncated or restored database) where the object cannot. Each entry
holds its object, so that object's id cannot be reused by another one while the entry lives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """Values by (object identity, key); oldest out first beyond maxsize."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._entries: OrderedDict[tuple[int, Hashable], tuple[Any, V]] = OrderedDict()

    def lookup(self, anchor: Any, key: Hashable) -> tuple[bool, V | None]:
        """(found, value): a cached value may itself be None."""
        entry = self._entries.get((id(anchor), key))
        if entry is not None and entry[0] is anchor:
            return True, entry[1]
        return False, None

    def put(self, anchor: Any, key: Hashable, value: V) -> None:
        self._entries[(id(anchor), key)] = (anchor, value)
        if len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)
