"""Deleting events past retention, in bounded batches.

Readers never depend on this job: status is computed from age at read time and expired events
are filtered out of every query. The job only reclaims space, so it can run late, on several
workers at once (a worker whose batch finds another's batch running ends its sweep) or be killed
mid-run (each batch commits alone) without any reader noticing. Bounded batches keep each
transaction short and avoid the single huge DELETE that sets off a huge autovacuum.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from core.events.retention import RetentionWindows, expired_before
from core.platform.metrics import metrics
from core.storage.event_counts import forget_minutes_before
from core.storage.expired_events import BEFORE_EVERY_KEY, delete_expired_batch

log = logging.getLogger("etp.purge")

metrics.describe("etp_events_purged_total", "Events deleted after their retention window")


@dataclass(frozen=True, slots=True)
class PurgeReport:
    deleted: int
    batches: int


async def purge_expired(
    *,
    now: datetime,
    windows: RetentionWindows,
    batch_size: int = 5000,
    max_batches: int = 1000,
) -> PurgeReport:
    cutoff = expired_before(now=now, windows=windows)
    deleted = batches = 0
    after = BEFORE_EVERY_KEY
    while batches < max_batches:
        removed, after = await delete_expired_batch(cutoff, batch_size, after)
        batches += 1
        deleted += removed
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
