"""Access records as the domain sees them (API keys, dashboard sessions): what core/storage
returns, never an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoredApiKey:
    id: str
    name: str
    # SHA-256 of the secret; the secret itself is never stored.
    secret_hash: str
    # Comma-separated scope values, as stored.
    scopes: str
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None
    # Written at most once per key cache period per process, so a little behind.
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredBrowserSession:
    # SHA-256 of the cookie's value; the value itself is never stored.
    id_hash: str
    key_id: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
