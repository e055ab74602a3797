"""Dashboard session rows: the session id's hash, its key, its times (core/access/browser_sessions.py)."""

from __future__ import annotations

from datetime import datetime

from core.access.records import StoredBrowserSession
from core.storage.models import BrowserSession
from core.storage.row_records import record_of


async def insert_session(
    *, id_hash: str, key_id: str, csrf_token: str, now: datetime, expires_at: datetime
) -> None:
    await BrowserSession.create(
        id_hash=id_hash,
        key_id=key_id,
        csrf_token=csrf_token,
        created_at=now,
        last_seen_at=now,
        expires_at=expires_at,
    )


async def live_session(id_hash: str, *, now: datetime) -> StoredBrowserSession | None:
    row: BrowserSession | None = await BrowserSession.get_or_none(
        id_hash=id_hash, expires_at__gt=now
    )
    if row is None:
        return None
    return record_of(StoredBrowserSession, row)


async def touch(id_hash: str, *, now: datetime) -> None:
    await BrowserSession.filter(id_hash=id_hash).update(last_seen_at=now)


async def delete_session(id_hash: str) -> bool:
    deleted: int = await BrowserSession.filter(id_hash=id_hash).delete()
    return deleted > 0


async def delete_for_key(key_id: str) -> int:
    deleted: int = await BrowserSession.filter(key_id=key_id).delete()
    return deleted


async def delete_expired(*, now: datetime) -> int:
    deleted: int = await BrowserSession.filter(expires_at__lte=now).delete()
    return deleted


async def live_hashes(id_hashes: set[str], *, now: datetime) -> set[str]:
    rows = await BrowserSession.filter(id_hash__in=list(id_hashes), expires_at__gt=now).values_list(
        "id_hash", flat=True
    )
    return {str(row) for row in rows}
