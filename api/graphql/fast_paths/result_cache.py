"""Whole results of event-list queries, from the never-stale event list cache (core/event_cache.py).

A query whose root fields are only `events` (and `__typename`) depends on nothing but the event
log and the clock, the same for every key allowed to read, so its rendered `data` can be reused
until the log changes or time changes it. A hit skips execution, the query and the encoding:
what a dashboard polling one list costs falls to one version probe and one Redis GET.

The cache key is the operation itself (query text, operation name and variables) and the code
that renders it (rendering_fingerprint): processes of a rolling deploy share Redis, and must not
serve each other results rendered by other code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationType,
    get_operation_ast,
    parse,
)

import api
import core
from api.graphql.transport.limits import MAX_TOKENS
from core.events import queries as event_queries
from core.events import retention
from core.events.pages import EventFilter, EventPage
from core.runtime import Platform

CACHEABLE_ROOT_FIELDS = frozenset({"events", "__typename"})


@dataclass(slots=True)
class ResultLifetime:
    """While a result is computed for the cache: until when, time alone passing, it holds.

    Each events resolver lowers it to its own page's bound (retention.page_valid_until)."""

    until: datetime

    def bound(self, moment: datetime) -> None:
        if moment < self.until:
            self.until = moment


def rendering_fingerprint(schema_sdl: str) -> str:
    """Changes with the schema and with any line of the code behind it (every module of the api
    and core packages): computed once per process, at start-up."""
    digest = hashlib.blake2b(schema_sdl.encode(), digest_size=16)
    for package in (api, core):
        file = package.__file__
        assert file is not None  # regular packages, not namespace ones
        root = Path(file).parent
        for source in sorted(root.rglob("*.py")):
            digest.update(str(source.relative_to(root)).encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


def cache_identity(
    query: object, operation_name: object, variables: object, *, rendering: str
) -> str | None:
    """The cache key of a cacheable operation; None for anything else."""
    if not isinstance(query, str) or not (
        operation_name is None or isinstance(operation_name, str)
    ):
        return None
    if not _reads_only_event_lists(query, operation_name):
        return None
    try:
        canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return "\x1f".join((rendering, query, operation_name or "", canonical))


@lru_cache(maxsize=256)
def parsed(query: str) -> DocumentNode | None:
    """The document of a query (None: not parseable, which execution reports)."""
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None


@lru_cache(maxsize=256)
def _reads_only_event_lists(query: str, operation_name: str | None) -> bool:
    document = parsed(query)
    if document is None:
        return False
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return False
    if operation.operation is not OperationType.QUERY or operation.directives:
        return False
    # Plain fields only: a fragment or a directive at the root could select anything.
    return all(
        isinstance(selection, FieldNode)
        and selection.name.value in CACHEABLE_ROOT_FIELDS
        and not selection.directives
        for selection in operation.selection_set.selections
    )


async def bound_lifetime(
    lifetime: ResultLifetime,
    filters: EventFilter,
    page: EventPage,
    *,
    platform: Platform,
    now: datetime,
) -> None:
    """For the event list cache: until when this page reads the same, time alone passing."""
    windows = platform.windows
    upcoming = None
    if filters.status is retention.EventStatus.ARCHIVED:
        # Whatever the cursor: the oldest ACTIVE event is the first that can archive into it.
        upcoming = await event_queries.next_to_archive(filters, now=now, windows=windows)
    lifetime.bound(
        retention.page_valid_until(
            filters.status,
            fired_at=[event.fired_at for event in page.events],
            read_ahead=page.read_ahead_fired_at,
            next_to_archive=upcoming,
            now=now,
            windows=windows,
            longest=platform.event_lists.longest,
        )
    )
