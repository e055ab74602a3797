"""Which JSON values the platform can store and return, whatever database is behind it.

json.loads accepts things no database column takes: "\\u0000" (Postgres text and jsonb refuse
NUL), unpaired surrogates such as "\\ud800" (not encodable as UTF-8), and NaN and Infinity (not
JSON at all; jsonb refuses them). Refusing them at the edge turns what would be a failed insert,
which would fail every other event committed in the same batch, into a clear client error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Unstorable:
    path: tuple[str, ...]
    message: str


def text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired surrogate, which is not valid Unicode"
    return None


def find_unstorable(value: object, *, max_depth: int = MAX_DEPTH) -> Unstorable | None:
    """The first problem found walking the document (iteratively: depth is untrusted)."""
    stack: list[tuple[object, tuple[str, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node)
            if problem:
                return Unstorable(path, f"{'.'.join(path) or 'value'} {problem}")
        elif isinstance(node, float) and not math.isfinite(node):
            return Unstorable(path, f"{'.'.join(path) or 'value'} is {node}, which is not JSON")
        elif isinstance(node, dict | list):
            if len(path) >= max_depth:
                return Unstorable(path, f"nesting is deeper than {max_depth} levels")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                child_path = (*path, str(key))
                if isinstance(key, str):
                    problem = text_problem(key)
                    if problem:
                        return Unstorable(child_path, f"a key {problem}")
                stack.append((child, child_path))
    return None
