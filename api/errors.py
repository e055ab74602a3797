"""Every 5xx the app answers is problem+json with a stable `type`, never Starlette's plain text.

Logged by route template, never by path: a hook's path is its credential.

Outermost middleware: an exception that escaped a route becomes 503 when a read ran past
QUERY_TIMEOUT_SECONDS (`query-timeout`) or when the database is out of reach (the request may be retried; nothing, or for a failed COMMIT possibly everything, was
written) and 500 otherwise. Database outages are logged once by the loops that notice them
(core/platform/health.py), so a request failing for that reason logs no traceback of its own.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access_log import route_template
from api.rest.problems import (
    commit_outcome_unknown,
    database_unavailable,
    internal_error,
    query_timeout,
)
from core.storage.transactions import CommitOutcomeUnknown, QueryTimeout, database_unreachable

log = logging.getLogger("etp.api")


class ProblemErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if isinstance(error, QueryTimeout):
                response = query_timeout(str(error))
                log.info("query timeout", extra={"route": route_template(scope)})
            elif isinstance(error, CommitOutcomeUnknown):
                response = commit_outcome_unknown(
                    "the request may have taken effect. Check before repeating it."
                )
                log.warning("commit outcome unknown", extra={"route": route_template(scope)})
            elif database_unreachable(error):
                response = database_unavailable()
                log.debug("database unavailable", extra={"route": route_template(scope)})
            else:
                response = internal_error()
                log.exception("unhandled error", extra={"route": route_template(scope)})
            if started:
                # Too late for a problem body; the server closes the connection.
                raise
            await response(scope, receive, send)
