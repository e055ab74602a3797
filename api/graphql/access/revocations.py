"""The GraphQL websockets open on this process, watched so that revoking their key (or ending
their dashboard session) closes them. Who may open one at all is transport/ws_places.py; the
sign-ins themselves are core/access/browser_sessions.py.

A websocket authenticates once, at connection_init, and may then live for days: revoking its key
must still end it. Every CHECK_SECONDS, while any is open, one query asks which of their keys
are still active, and the connections of the others are closed with 4403 (the code Strawberry
uses for a refused connection_init). The query reads the database, not the key cache, so a
revocation made by any process is seen within one check. A connection opened with a dashboard
session's cookie also ends when that session does (sign-out, expiry): a second query asks which
of those sessions still stand.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from core.access.api_keys import active_key_ids
from core.access.browser_sessions import live_session_hashes
from core.platform.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger("etp.sessions")

CHECK_SECONDS = 0.5
REVOKED_CODE = 4403

Close = Callable[[int, str], Awaitable[None]]


class RevocationWatch:
    def __init__(
        self,
        *,
        check_seconds: float = CHECK_SECONDS,
        active_keys: Callable[[set[str]], Awaitable[set[str]]] = active_key_ids,
        live_sessions: Callable[..., Awaitable[set[str]]] = live_session_hashes,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._check_seconds = check_seconds
        self._active_keys = active_keys
        self._live_sessions = live_sessions
        self._clock = clock
        # Authenticated connections: how to close each, by its key (and its dashboard session).
        self._watched: dict[object, tuple[str, str | None, Close]] = {}
        self._task: asyncio.Task[None] | None = None

    def watch(
        self, connection: object, key_id: str, close: Close, *, session: str | None = None
    ) -> None:
        self._watched[connection] = (key_id, session, close)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._check_keys(), name="etp-ws-keys")

    def unwatch(self, connection: object) -> None:
        self._watched.pop(connection, None)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            # gather keeps a cancellation of close() itself (suppress would swallow it).
            await asyncio.gather(self._task, return_exceptions=True)

    async def _check_keys(self) -> None:
        # Runs while connections are watched, so an idle process sends no queries.
        failing = False
        while self._watched:
            await asyncio.sleep(self._check_seconds)
            try:
                await self.check_now()
            except Exception as error:  # the database may be away for a while: try again
                if not failing:  # once per outage, not twice a second
                    log.warning("could not re-check the keys of open websockets: %r", error)
                failing = True
            else:
                failing = False

    async def key_revoked(self, key_id: str) -> None:
        """Told by core/access/key_revocations.py: its connections end now, not at the next check."""
        for connection, (watched_key, _, close) in list(self._watched.items()):
            if watched_key == key_id:
                self.unwatch(connection)
                await close(REVOKED_CODE, "API key revoked")

    async def check_now(self) -> None:
        watched = list(self._watched.items())
        if not watched:
            return
        active = await self._active_keys({key_id for _, (key_id, _, _) in watched})
        sessions = {session for _, (_, session, _) in watched if session is not None}
        live = await self._live_sessions(sessions, now=self._clock.now()) if sessions else set()
        for connection, (key_id, session, close) in watched:
            if key_id not in active:
                self.unwatch(connection)
                await close(REVOKED_CODE, "API key revoked")
            elif session is not None and session not in live:
                self.unwatch(connection)
                await close(REVOKED_CODE, "session ended")
