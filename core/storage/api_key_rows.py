"""API key rows: the secret's hash is stored, never the secret (core/access/api_keys.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q

from core.access.records import StoredApiKey
from core.storage.models import ApiKey
from core.storage.row_records import record_of


async def insert_key(
    *, key_id: str, name: str, secret_hash: str, scopes: str, expires_at: datetime | None = None
) -> StoredApiKey:
    row = await ApiKey.create(
        id=key_id, name=name, secret_hash=secret_hash, scopes=scopes, expires_at=expires_at
    )
    return record_of(StoredApiKey, row)


async def all_keys() -> list[StoredApiKey]:
    rows: list[ApiKey] = await ApiKey.all().order_by("created_at")
    return [record_of(StoredApiKey, row) for row in rows]


async def page_of_keys(
    *, first: int, after: tuple[datetime, str] | None
) -> tuple[list[StoredApiKey], bool]:
    """Oldest first, by (created_at, id); whether more follow."""
    query = ApiKey.all()
    if after is not None:
        created_at, key_id = after
        query = query.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, id__gt=key_id))
    rows: list[ApiKey] = await query.order_by("created_at", "id").limit(first + 1)
    return [record_of(StoredApiKey, row) for row in rows[:first]], len(rows) > first


async def key(key_id: str) -> StoredApiKey | None:
    row: ApiKey | None = await ApiKey.get_or_none(id=key_id)
    return record_of(StoredApiKey, row) if row is not None else None


async def revoke(key_id: str, *, at: datetime) -> bool:
    """False when there is no such key, or it was revoked already."""
    updated: int = await ApiKey.filter(id=key_id, revoked_at=None).update(revoked_at=at)
    return updated > 0


async def active_ids(key_ids: set[str], *, now: datetime) -> set[str]:
    rows = await ApiKey.filter(
        Q(expires_at=None) | Q(expires_at__gt=now), id__in=list(key_ids), revoked_at=None
    ).values_list("id", flat=True)
    return {str(row) for row in rows}


async def active_key(key_id: str) -> StoredApiKey | None:
    """Not revoked; its expiry is the caller's to compare with its clock."""
    row: ApiKey | None = await ApiKey.get_or_none(id=key_id, revoked_at=None)
    return record_of(StoredApiKey, row) if row is not None else None


async def note_use(key_id: str, *, at: datetime, every: timedelta) -> None:
    """last_used_at, written only when older than `every`: a busy key is not a write per request."""
    await ApiKey.filter(Q(last_used_at=None) | Q(last_used_at__lt=at - every), id=key_id).update(
        last_used_at=at
    )
