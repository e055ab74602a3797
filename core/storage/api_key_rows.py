"""API key rows: the secret's hash is stored, never the secret (core/access/api_keys.py)."""

from __future__ import annotations

from datetime import datetime

from core.access.records import StoredApiKey
from core.storage.models import ApiKey
from core.storage.row_records import record_of


async def insert_key(*, key_id: str, name: str, secret_hash: str, scopes: str) -> None:
    await ApiKey.create(id=key_id, name=name, secret_hash=secret_hash, scopes=scopes)


async def all_keys() -> list[StoredApiKey]:
    rows: list[ApiKey] = await ApiKey.all().order_by("created_at")
    return [record_of(StoredApiKey, row) for row in rows]


async def revoke(key_id: str, *, at: datetime) -> bool:
    """False when there is no such key, or it was revoked already."""
    updated: int = await ApiKey.filter(id=key_id, revoked_at=None).update(revoked_at=at)
    return updated > 0


async def active_ids(key_ids: set[str]) -> set[str]:
    rows = await ApiKey.filter(id__in=list(key_ids), revoked_at=None).values_list("id", flat=True)
    return {str(row) for row in rows}


async def active_key(key_id: str) -> StoredApiKey | None:
    row: ApiKey | None = await ApiKey.get_or_none(id=key_id, revoked_at=None)
    return record_of(StoredApiKey, row) if row is not None else None
