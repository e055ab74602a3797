"""Dashboard sign-ins: an API key exchanged for an opaque session id the browser keeps in a cookie.

The database is the truth (core/storage/browser_session_rows.py): a session is a row (the id's
SHA-256, never the id itself), valid while it has not expired and its key is not revoked,
checked on every request. Revoking a key deletes its sessions, and the key check alone would
refuse them anyway, so a revocation made by any process ends every session at once.

CSRF: each session carries a synchronizer token, stored with it. A cookie-authenticated request
that changes state must echo it in a header; a cross-site page can make the browser send the
cookie (where SameSite does not stop it) but can neither read the token nor set the header.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.access.api_keys import Principal, has_expired, principal_of
from core.storage import api_key_rows, browser_session_rows

# A session id as issued: token_urlsafe(32). Anything else is refused before any query.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")
# last_seen_at is bookkeeping for operators: written at most this often per session, not on
# every request.
LAST_SEEN_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A valid session: who it acts as, and the token its state-changing requests must echo."""

    principal: Principal
    id_hash: str
    csrf_token: str
    expires_at: datetime

    def csrf_matches(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(
            presented.encode(), self.csrf_token.encode()
        )


@dataclass(frozen=True, slots=True)
class IssuedSession:
    session_id: str  # goes to the browser once, in the cookie; never stored
    signed_in: SignedIn


def hash_session_id(session_id: str) -> str:
    # 256 random bits: a fast hash is enough, as for API keys.
    return hashlib.sha256(session_id.encode()).hexdigest()


async def start_session(
    principal: Principal, *, now: datetime, lifetime: timedelta
) -> IssuedSession:
    """A new session for a verified key. Expired sessions are cleared on the way (an indexed
    delete), so the table holds about one row per live sign-in without a sweep of its own."""
    await browser_session_rows.delete_expired(now=now)
    session_id = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    id_hash = hash_session_id(session_id)
    expires_at = now + lifetime
    await browser_session_rows.insert_session(
        id_hash=id_hash,
        key_id=principal.key_id,
        csrf_token=csrf_token,
        now=now,
        expires_at=expires_at,
    )
    return IssuedSession(
        session_id=session_id,
        signed_in=SignedIn(principal, id_hash, csrf_token, expires_at),
    )


async def resume_session(session_id: str | None, *, now: datetime) -> SignedIn | None:
    """The session a cookie names, if it is live and its key still active; else None."""
    if not session_id or not _SESSION_ID.fullmatch(session_id):
        return None
    id_hash = hash_session_id(session_id)
    row = await browser_session_rows.live_session(id_hash, now=now)
    if row is None:
        return None
    key = await api_key_rows.active_key(row.key_id)
    if key is None or has_expired(key.expires_at, now):
        return None
    if now - row.last_seen_at >= LAST_SEEN_EVERY:
        await browser_session_rows.touch(id_hash, now=now)
    return SignedIn(
        principal=principal_of(key),
        id_hash=id_hash,
        csrf_token=row.csrf_token,
        expires_at=row.expires_at,
    )


async def end_session(session_id: str | None) -> bool:
    """Sign-out: the row goes, so the cookie is worthless even if the browser keeps it."""
    if not session_id or not _SESSION_ID.fullmatch(session_id):
        return False
    return await browser_session_rows.delete_session(hash_session_id(session_id))


async def live_session_hashes(id_hashes: set[str], *, now: datetime) -> set[str]:
    """Those of the given sessions that still stand (one query, for open websockets)."""
    return await browser_session_rows.live_hashes(id_hashes, now=now)
