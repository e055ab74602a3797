"""Deleting events past retention, in bounded batches.

Readers never depend on this job: status is computed from age at read time and expired events
are filtered out of every query. The job only reclaims space, so it can run late, twice at once
(SKIP LOCKED hands each batch to one worker) or be killed mid-run (each batch commits alone)
without any reader noticing. Bounded batches keep each transaction short and avoid the single
huge DELETE that sets off a huge autovacuum.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.event_counts import forget_minutes_before
from core.metrics import metrics
from core.models import Event
from core.retention import RetentionWindows, expired_before

log = logging.getLogger("etp.purge")

metrics.describe("etp_events_purged_total", "Events deleted after their retention window")

_PURGE_POSTGRES = (
    "DELETE FROM events WHERE id IN ("
    " SELECT id FROM events WHERE fired_at <= $1 ORDER BY fired_at LIMIT $2"
    " FOR UPDATE SKIP LOCKED)"
)
_PURGE_SQLITE = (
    "DELETE FROM events WHERE id IN ("
    " SELECT id FROM events WHERE fired_at <= ? ORDER BY fired_at LIMIT ?)"
)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    deleted: int
    batches: int


async def purge_expired(
    *,
    now: datetime,
    windows: RetentionWindows,
    postgres: bool,
    batch_size: int = 5000,
    max_batches: int = 1000,
) -> PurgeReport:
    cutoff = expired_before(now=now, windows=windows)
    bound = cutoff if postgres else Event._meta.fields_map["fired_at"].to_db_value(cutoff, Event)
    sql = _PURGE_POSTGRES if postgres else _PURGE_SQLITE
    deleted = batches = 0
    while batches < max_batches:
        async with in_transaction() as conn:
            removed, _ = await conn.execute_query(sql, [bound, batch_size])
        batches += 1
        deleted += int(removed)
        if removed < batch_size:
            break
    await forget_minutes_before(cutoff)
    if deleted:
        metrics.inc("etp_events_purged_total", deleted)
        log.info(
            "purged expired events",
            extra={"deleted": deleted, "batches": batches, "cutoff": cutoff.isoformat()},
        )
    return PurgeReport(deleted=deleted, batches=batches)
