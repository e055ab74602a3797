"""Errors sent back to a caller, bounded in size whatever the caller sent.

A document can make thousands of validation errors, each quoting the caller's names; a
syntax error quotes the caller's text. The answer keeps the first MAX_ERRORS, each message cut
to MAX_MESSAGE characters, with at most MAX_LOCATIONS locations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError

MAX_ERRORS = 10
MAX_MESSAGE = 500
MAX_LOCATIONS = 5


def bounded(errors: Sequence[GraphQLError]) -> list[dict[str, Any]]:
    answers = []
    for error in errors[:MAX_ERRORS]:
        formatted: dict[str, Any] = dict(error.formatted)
        message = str(formatted.get("message", ""))
        if len(message) > MAX_MESSAGE:
            formatted["message"] = message[: MAX_MESSAGE - 1] + "…"
        locations = formatted.get("locations")
        if locations:
            formatted["locations"] = locations[:MAX_LOCATIONS]
        answers.append(formatted)
    if len(errors) > MAX_ERRORS:
        answers.append({"message": f"{len(errors) - MAX_ERRORS} more errors not shown"})
    return answers
