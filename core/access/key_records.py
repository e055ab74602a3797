"""API key records as the domain sees them: what core/storage returns, never an ORM row."""

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
