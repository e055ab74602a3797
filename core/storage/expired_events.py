"""Deleting expired events in bounded batches; the sweep's rules are in core/events/purge.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.storage.models import Event
from core.storage.transactions import transaction

# One batch at a time across workers, through a transaction-level advisory lock, instead of row
# locks (FOR UPDATE SKIP LOCKED): locking each row before deleting it wrote a second WAL record
# per row (docs/performance.md, "Retention at 10 million events"). A worker
# that finds the lock taken ends its sweep: another is sweeping. The lock is taken by its own
# statement, before the DELETE, so that the DELETE's snapshot is taken after it and sees every
# batch committed before: taken inside the DELETE, a worker could get the lock just after
# another's commit yet select that batch's rows, delete none and stop, while the other stopped
# on finding the lock taken, and both left the rest for the next minute. A killed batch's lock
# ends with its transaction.
#
# What a batch costs is what it takes from the hooks committing beside it, so it does the least
# work it can (docs/performance.md measures its backend CPU per hour of events):
# - rows are found by ctid, not by id: `id IN (...)` probed the primary key once per row;
# - each batch starts after the last key the previous one deleted (keyset). Deleted rows keep
#   their index entries until vacuum, so a batch starting from the left walked over every entry
#   its predecessors had deleted, and later batches of a pass cost more than earlier ones.
# The returned key is the last row this batch deleted. Events are never updated (only inserted
# and deleted), which the ctid lookup relies on: Postgres 15 would delete a row updated between
# the two scans without checking its fired_at again.
_PURGE_LOCK_SQL = "SELECT pg_try_advisory_xact_lock($1) AS locked"
_PURGE_BATCH = (
    "WITH gone AS ("
    " DELETE FROM events WHERE ctid = ANY(ARRAY("
    "  SELECT ctid FROM events WHERE fired_at <= $1 AND (fired_at, id) > ($3, $4)"
    "  ORDER BY fired_at, id LIMIT $2))"
    " RETURNING fired_at, id)"
    " SELECT (SELECT count(*) FROM gone) AS deleted, last.fired_at, last.id"
    " FROM (SELECT 1) AS one LEFT JOIN LATERAL"
    " (SELECT fired_at, id FROM gone ORDER BY fired_at DESC, id DESC LIMIT 1) AS last ON true"
)
# (fired_at, id): the order the purge deletes in, and the key of the events_fired_at_id index.
EventKey = tuple[datetime, int]
# Below every key a row can have: the first batch's lower bound.
BEFORE_EVERY_KEY: EventKey = (datetime(1, 1, 1, tzinfo=UTC), 0)
PURGE_LOCK = 0x6574_7070_7572_6765  # "etppurge" in ASCII: the same in every process


def purge_batch_statement(cutoff: datetime, size: int, after: EventKey) -> tuple[str, list[Any]]:
    """The statement deleting the next `size` events fired at or before `cutoff`, after `after`."""
    return _PURGE_BATCH, [cutoff, size, *after]


async def delete_expired_batch(
    cutoff: datetime, size: int, after: EventKey
) -> tuple[int, EventKey]:
    """Deletes the next `size` expired events after `after`, in a transaction of its own;
    returns how many and the new bound. None deleted when another worker holds the lock."""
    async with transaction() as conn:
        _, locked = await conn.execute_query(_PURGE_LOCK_SQL, [PURGE_LOCK])
        if not locked[0]["locked"]:
            return 0, after
        _, rows = await conn.execute_query(*purge_batch_statement(cutoff, size, after))
    removed = int(rows[0]["deleted"])
    return removed, (rows[0]["fired_at"], rows[0]["id"]) if removed else after


async def delete_event(event_id: int) -> None:
    """One event found past retention before the sweep reached it."""
    await Event.filter(id=event_id).delete()
