"""GET /events/export.ndjson: the events explorer's current filter as NDJSON, streamed.

One event per line in the REST form (core/events/rendering.py: the hook answer's event,
snake_case, times ending in `Z`), newest first, exactly as `events(...)` pages them: the export reads keyset pages of EXPORT_PAGE events and writes each
out before reading the next, so memory stays at one page whatever the export's length. Every
status is computed at the instant the export started, so a long export is one consistent
picture; events committed meanwhile are newer than its first page and never appear in it.

Authenticated like GraphQL: an API key header, or the dashboard's session cookie (a GET reads,
so it needs no CSRF token; SameSite=Strict keeps other sites' pages from sending the cookie).
Counted against the key's API_RATE_LIMIT as one operation, and at most EXPORTS_AT_ONCE run at a
time in one process (more get a 503): each holds a database connection per page for as long as
its reader reads.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api import browser_auth
from api.graphql.context import presented_key
from api.rate_limits import RateLimits, parse_limit
from api.rest.problems import problem, query_timeout
from core.access.api_keys import Principal
from core.access.scopes import ROUTE_SCOPES
from core.errors import UserError, UserErrors, invalid
from core.events import queries as event_queries
from core.events.pages import EventCursor, EventFilter, EventPage, event_filter
from core.events.rendering import render_event
from core.events.retention import EventStatus
from core.events.sources import EventSource
from core.platform import json_encoding as json_text
from core.platform import retry_policies
from core.runtime import ProcessServices
from core.storage.transactions import QueryTimeout
from core.triggers.payload_schema import shortened

log = logging.getLogger("etp.api")

EXPORT_PAGE = 500
EXPORTS_AT_ONCE = 4
BUSY_RETRY_SECONDS = retry_policies.RETRY_AFTER_EXPORTS_BUSY_SECONDS
# Every export answer carries these (api/rest/openapi.py documents them from here).
EXPORT_HEADERS = {
    "Content-Disposition": 'attachment; filename="events.ndjson"',
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
UNKNOWN_NAMED = 10
PARAMETERS = frozenset(
    {"status", "triggerId", "source", "includeTest", "since", "until", "payloadContains"}
)


class ExportSlots:
    """Exports running in this process (one per app, in its state)."""

    def __init__(self, limit: int = EXPORTS_AT_ONCE) -> None:
        self.limit = limit
        self.running = 0


def _bad_request(errors: list[UserError]) -> Response:
    return problem(
        400,
        "invalid-filter",
        "Invalid filter",
        "; ".join(error.message for error in errors),
        errors=[{"field": list(e.field or ()), "message": e.message} for e in errors],
    )


async def _caller(request: Request, services: ProcessServices) -> Principal | None:
    # As GraphQL decides: a presented key alone, else the cookie.
    key = presented_key(request.headers)
    if key is not None:
        return await services.keys.verify(key)
    session = await browser_auth.signed_in(request, now=services.now())
    return session.principal if session is not None else None


async def export_events(request: Request) -> Response:
    services: ProcessServices = request.state.services
    principal = await _caller(request, services)
    if principal is None:
        return problem(
            401,
            "unauthenticated",
            "Unauthenticated",
            "send an API key (X-API-Key or Authorization: Bearer) or sign in (POST /session)",
            headers={"WWW-Authenticate": 'Bearer realm="etp"'},
        )
    scope = ROUTE_SCOPES["GET /events/export.ndjson"]
    if not principal.can(scope):
        return problem(
            403, "forbidden", "Forbidden", f"this API key lacks the {scope.value!r} scope"
        )
    rate_limits: RateLimits = request.state.rate_limits
    verdict = await rate_limits.hit(
        parse_limit(services.settings.api_rate_limit), "api", principal.key_id
    )
    if verdict is not None and not verdict.allowed:
        return problem(
            429,
            "rate-limited",
            "Too many requests",
            f"this API key exceeded its operation rate; retry in {verdict.reset_seconds} s",
            headers=verdict.headers(),
        )
    try:
        filters = filter_from_query(dict(request.query_params), request.query_params.keys())
    except UserErrors as error:
        return _bad_request(error.errors)
    slots: ExportSlots = request.state.exports
    if slots.running >= slots.limit:
        # The server's capacity, not the key's rate (that is the 429 above, with its RateLimit
        # headers): 503 with Retry-After.
        return problem(
            503,
            "too-many-exports",
            "Too many exports",
            f"{slots.limit} exports are running on this server; retry in a few seconds",
            headers={"Retry-After": str(BUSY_RETRY_SECONDS)},
        )
    now = services.now()
    # The first page holds a slot too: it may read for up to QUERY_TIMEOUT_SECONDS, and exports
    # let in together while it did would hold more connections than the slots allow.
    slots.running += 1
    try:
        # Read before the response starts: a read that times out can still be a 503 problem.
        first = await _page(filters, services, now=now, after=None)
    except QueryTimeout as error:
        log.info("export timed out before its first line")
        return query_timeout(str(error))
    finally:
        # Taken again by the lines as they start: a response never started never gives it back.
        slots.running -= 1
    return StreamingResponse(
        _lines(filters, first, services, slots, now=now),
        media_type="application/x-ndjson",
        headers=EXPORT_HEADERS,
    )


def filter_from_query(params: dict[str, str], names: Any) -> EventFilter | None:
    """The query string's filter; UserErrors naming each bad parameter."""
    errors: list[UserError] = []
    unknown = sorted(set(names) - PARAMETERS)
    if unknown:
        # Named in part: the answer stays small whatever the query string holds.
        listed = ", ".join(shortened(name, 40) for name in unknown[:UNKNOWN_NAMED])
        more = f" and {len(unknown) - UNKNOWN_NAMED} more" if len(unknown) > UNKNOWN_NAMED else ""
        errors.append(
            invalid(f"unknown parameter(s) {listed}{more}; known: {', '.join(sorted(PARAMETERS))}")
        )
    status = _choice(
        params,
        "status",
        {"ACTIVE": EventStatus.ACTIVE, "ARCHIVED": EventStatus.ARCHIVED, "ALL": None},
        errors,
        default=EventStatus.ACTIVE,
    )
    source = _choice(params, "source", {s.value: s for s in EventSource}, errors, default=None)
    include_test = _choice(
        params,
        "includeTest",
        {"true": True, "1": True, "false": False, "0": False},
        errors,
        default=False,
    )
    since = _moment(params, "since", errors)
    until = _moment(params, "until", errors)
    payload: object = None
    raw_payload = params.get("payloadContains", "")
    if raw_payload:
        try:
            payload = json.loads(raw_payload)
        except ValueError:
            errors.append(invalid("payloadContains is not valid JSON", "payloadContains"))
    if errors:
        raise UserErrors(errors)
    return event_filter(
        status=status,
        trigger_id=params.get("triggerId") or None,
        include_test=bool(include_test),
        source=source,
        since=since,
        until=until,
        payload_contains=payload,
    )


def _choice(
    params: dict[str, str],
    name: str,
    choices: dict[str, Any],
    errors: list[UserError],
    *,
    default: Any,
) -> Any:
    raw = params.get(name, "")
    if not raw:
        return default
    if raw not in choices:
        errors.append(invalid(f"{name} must be one of {', '.join(choices)}", name))
        return default
    return choices[raw]


def _moment(params: dict[str, str], name: str, errors: list[UserError]) -> datetime | None:
    if name not in params:
        return None
    raw = params[name]
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        errors.append(
            invalid(
                f"{name} must be an ISO 8601 time with an offset, e.g. 2026-11-26T09:00:00Z", name
            )
        )
        return None
    return moment


async def _page(
    filters: EventFilter | None,
    services: ProcessServices,
    *,
    now: datetime,
    after: EventCursor | None,
) -> EventPage:
    if filters is None:
        return EventPage(events=[], has_next_page=False)
    return await event_queries.list_events(
        filters, first=EXPORT_PAGE, after=after, now=now, windows=services.windows
    )


async def _lines(
    filters: EventFilter | None,
    page: EventPage,
    services: ProcessServices,
    slots: ExportSlots,
    *,
    now: datetime,
) -> AsyncIterator[str]:
    slots.running += 1
    try:
        windows = services.windows
        while True:
            lines = []
            for event in page.events:
                status = event.status(now=now, windows=windows)
                if status is not None:  # past retention: reads as deleted, as in `events`
                    lines.append(json_text.dumps(render_event(event, status=status)))
            if lines:
                yield "\n".join(lines) + "\n"
            if not page.has_next_page or not page.events:
                return
            last = page.events[-1]
            try:
                page = await _page(
                    filters, services, now=now, after=EventCursor(last.fired_at, last.id)
                )
            except QueryTimeout as error:
                # The status line went out long ago: the last line says the export is cut short
                # (a raised error would only drop the connection, and log as the platform's fault).
                log.info("export timed out after its first page")
                yield json_text.dumps({"error": {"code": "QUERY_TIMEOUT", "message": str(error)}})
                yield "\n"
                return
    finally:
        slots.running -= 1
