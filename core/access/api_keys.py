"""API keys: etp_<id>_<secret>, stored as the secret's SHA-256, compared in constant time."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.access.records import StoredApiKey
from core.access.scopes import DEFAULT_SCOPES, KeyScope, scopes_of_stored, stored_scopes
from core.platform.clock import SYSTEM_CLOCK, Clock
from core.storage import api_key_rows, browser_session_rows

PREFIX = "etp_"


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: str
    name: str
    scopes: frozenset[KeyScope]
    expires_at: datetime | None = None

    def can(self, scope: KeyScope) -> bool:
        return scope in self.scopes

    def expired(self, now: datetime) -> bool:
        return has_expired(self.expires_at, now)


def has_expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now


# How stale a key's last_used_at may be: a busy key is not one write per request.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: str
    name: str
    secret_key: str  # shown once, never stored
    key: StoredApiKey


def hash_secret(secret: str) -> str:
    # The secret carries 256 random bits, so a fast hash is enough; no password stretching.
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(raw: str) -> tuple[str, str] | None:
    if not raw.startswith(PREFIX):
        return None
    key_id, sep, secret = raw[len(PREFIX) :].partition("_")
    if not sep or not key_id or not secret or len(key_id) > 16:
        return None
    return key_id, secret


async def create_key(
    name: str, scopes: frozenset[KeyScope] | None = None, *, expires_at: datetime | None = None
) -> IssuedKey:
    scopes = DEFAULT_SCOPES if scopes is None else scopes
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    stored = await api_key_rows.insert_key(
        key_id=key_id,
        name=name,
        secret_hash=hash_secret(secret),
        scopes=stored_scopes(scopes),
        expires_at=expires_at,
    )
    return IssuedKey(key_id=key_id, name=name, secret_key=f"{PREFIX}{key_id}_{secret}", key=stored)


async def list_keys() -> list[StoredApiKey]:
    return await api_key_rows.all_keys()


async def key_page(
    *, first: int, after: tuple[datetime, str] | None
) -> tuple[list[StoredApiKey], bool]:
    return await api_key_rows.page_of_keys(first=first, after=after)


async def get_key(key_id: str) -> StoredApiKey | None:
    return await api_key_rows.key(key_id)


async def revoke_key(key_id: str, *, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Its dashboard sessions end with it (core/access/browser_sessions.py checks the key as
    well, so a session outlives a revocation by no request either way)."""
    revoked = await api_key_rows.revoke(key_id, at=clock.now())
    await browser_session_rows.delete_for_key(key_id)
    return revoked


async def active_key_ids(key_ids: set[str], *, clock: Clock = SYSTEM_CLOCK) -> set[str]:
    """Those of the given keys neither revoked nor expired (one query, for open connections)."""
    return await api_key_rows.active_ids(key_ids, now=clock.now())


_MAX_REMEMBERED = 10_000


@dataclass(frozen=True, slots=True)
class _Answer:
    principal: Principal | None
    good_until: float
    renew_from: float


class KeyVerifier:
    """Verifies presented keys, remembering answers briefly so that each request is not a query.

    A revoked key stops working within `cache_seconds` on every process. An answer in the last
    quarter of its life is looked up again in the background, so a key in steady use never
    waits for the database; requests for a key not cached share one lookup, so that the moment
    an answer expires does not send every waiting request to the database pool at once.
    """

    def __init__(self, *, cache_seconds: float, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache: dict[str, _Answer] = {}  # keys that verified
        self._refusals: dict[str, _Answer] = {}
        self._lookups: dict[str, asyncio.Task[Principal | None]] = {}
        # Counts forget() calls: a lookup begun before one may hold the answer from before the
        # revocation, so it is not remembered.
        self._forgets = 0

    async def verify(self, raw: str | None) -> Principal | None:
        if not raw:
            return None
        parts = split_key(raw.strip())
        if parts is None:
            return None
        key_id, secret = parts
        digest = hash_secret(secret)
        if self._cache_seconds <= 0:  # asked to check every time: no lookup is shared either
            return await self._lookup(key_id, digest)
        cache_key = f"{key_id}:{digest}"
        now = self._clock.monotonic()
        cached = self._cache.get(cache_key) or self._refusals.get(cache_key)
        if cached is not None and cached.good_until > now:
            if cached.renew_from <= now and cache_key not in self._lookups:
                self._look_up(cache_key, key_id, digest)
            principal = cached.principal
            # Expiry needs no lookup: the answer carries it, so it applies to the next request.
            if principal is not None and principal.expired(self._clock.now()):
                return None
            return principal
        # Shielded: a request that goes away must not cancel the lookup others wait on.
        return await asyncio.shield(self._look_up(cache_key, key_id, digest))

    def forget(self, key_id: str) -> None:
        """A key revoked or created: its remembered answers (valid or refused) go, so the next
        request looks it up."""
        prefix = f"{key_id}:"
        self._forgets += 1
        for remembered in (self._cache, self._refusals):
            for cache_key in [k for k in remembered if k.startswith(prefix)]:
                del remembered[cache_key]
        for cache_key in [k for k in self._lookups if k.startswith(prefix)]:
            del self._lookups[cache_key]  # the next request starts its own lookup

    def _look_up(self, cache_key: str, key_id: str, digest: str) -> asyncio.Task[Principal | None]:
        task = self._lookups.get(cache_key)
        if task is None:
            task = asyncio.create_task(self._remember(cache_key, key_id, digest))
            self._lookups[cache_key] = task
            task.add_done_callback(functools.partial(self._looked_up, cache_key))
        return task

    def _looked_up(self, cache_key: str, task: asyncio.Task[Principal | None]) -> None:
        if self._lookups.get(cache_key) is task:
            del self._lookups[cache_key]
        # A failed renewal leaves the answer to expire; the next lookup in a request raises.
        if not task.cancelled():
            task.exception()

    async def _remember(self, cache_key: str, key_id: str, digest: str) -> Principal | None:
        # Good for cache_seconds from before the query, so a revocation is never missed longer.
        asked = self._clock.monotonic()
        forgets = self._forgets
        principal = await self._lookup(key_id, digest)
        if forgets != self._forgets:
            return principal
        # Refusals are evicted on their own: a stranger sending random keys fills only their
        # share, and never empties the cache of the valid keys that callers use.
        remembered, other = (
            (self._cache, self._refusals)
            if principal is not None
            else (self._refusals, self._cache)
        )
        other.pop(cache_key, None)  # a key revoked (or restored) since its last answer
        if len(remembered) >= _MAX_REMEMBERED:
            remembered.clear()
        remembered[cache_key] = _Answer(
            principal, asked + self._cache_seconds, asked + self._cache_seconds * 0.75
        )
        return principal

    async def _lookup(self, key_id: str, digest: str) -> Principal | None:
        row = await api_key_rows.active_key(key_id)
        if row is None or not hmac.compare_digest(row.secret_hash, digest):
            return None
        now = self._clock.now()
        if has_expired(row.expires_at, now):
            return None
        await api_key_rows.note_use(row.id, at=now, every=LAST_USED_EVERY)
        return principal_of(row)


def principal_of(row: StoredApiKey) -> Principal:
    return Principal(
        key_id=row.id,
        name=row.name,
        scopes=scopes_of_stored(row.scopes),
        expires_at=row.expires_at,
    )
