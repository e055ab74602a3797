"""Delivery rows: the outbox written with the events, claiming due deliveries, recording each
attempt, and the bulk requeues behind redeliver, recover and replay.

Claiming: a worker locks the destinations that have due deliveries with FOR UPDATE SKIP LOCKED
(any number of workers share them without waiting on each other, as core/storage/
schedule_claims.py does for triggers), and while it holds a destination it leases that
destination's due deliveries: each one's next_attempt_at and leased_until move to the end of a
lease (its timeout plus a margin), then the transaction commits and the sending happens outside
it. Two workers can therefore never hold the same delivery; a worker that dies mid-attempt
leaves it due again when its lease runs out. Holding the destination while leasing is also what
makes its cap on requests in flight and its order hold across workers: only one claimer counts
its in-flight deliveries at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError

from core.deliveries.records import (
    AttemptResult,
    ClaimedDelivery,
    DeliveryStatus,
    ReplayRange,
    StoredAttempt,
    StoredDelivery,
)
from core.events.records import StoredEvent
from core.storage.destination_rows import stored_destination
from core.storage.event_columns import SELECT_LIST, stored_event
from core.storage.models import Delivery, DeliveryAttempt, Destination
from core.storage.read_bounds import bounded
from core.storage.row_records import record_of
from core.storage.transactions import transaction

# The outbox: one PENDING delivery per (event, destination that wants it), in the transaction
# that writes the events. trigger_ids is a jsonb list of id strings (NULL: every trigger); test
# events only to destinations that ask for them; none for a disabled destination (recover or
# replay brings them later); a paused one gets them and sends them when resumed.
_OUTBOX = """
INSERT INTO deliveries (event_id, destination_id, status, attempts, next_attempt_at, created_at)
SELECT e.id, d.id, 'PENDING', 0, now(), now()
FROM unnest($1::bigint[], $2::uuid[], $3::bool[]) AS e(id, trigger_id, is_test)
JOIN destinations d
  ON d.disabled_at IS NULL
 AND (d.trigger_ids IS NULL OR d.trigger_ids @> jsonb_build_array(e.trigger_id::text))
 AND (d.include_test OR NOT e.is_test)
ON CONFLICT (event_id, destination_id) DO NOTHING
"""


async def create_deliveries(conn: Any, events: Sequence[StoredEvent]) -> None:
    """Inside the caller's transaction, which wrote `events`: they commit together or not at all.

    One statement per batch whatever its size; with no destinations it joins an empty table."""
    if not events:
        return
    await conn.execute_query(
        _OUTBOX,
        [[e.id for e in events], [e.trigger_id for e in events], [e.is_test for e in events]],
    )


# $1 now, $2 how many destinations, $3 how many deliveries per destination at most,
# $4 lease margin beyond the destination's timeout (seconds), $5 the pacing window (seconds).
#
# A destination with a rate (ratePerSecond) is paced through rate_next_at, written while its row
# is held: a claim takes at most rate x window deliveries (at least one) and moves rate_next_at
# on by what it took / rate, so every worker together stays at the rate on average.
_CLAIM = """
WITH held AS (
    SELECT t.id, t.ordered, t.max_in_flight, t.timeout_seconds, t.rate_per_second
    FROM destinations t
    WHERE NOT t.paused AND t.disabled_at IS NULL
      AND (t.rate_next_at IS NULL OR t.rate_next_at <= $1)
      AND EXISTS (SELECT 1 FROM deliveries d
                  WHERE d.destination_id = t.id AND d.status = 'PENDING'
                    AND d.next_attempt_at <= $1)
    ORDER BY t.id
    LIMIT $2
    FOR NO KEY UPDATE OF t SKIP LOCKED
), picked AS (
    SELECT p.id, t.id AS destination_id,
           $1 + make_interval(secs => t.timeout_seconds + $4) AS lease
    FROM held t
    CROSS JOIN LATERAL (
        SELECT d.id FROM deliveries d
        WHERE d.destination_id = t.id AND d.status = 'PENDING' AND d.next_attempt_at <= $1
          -- Ordered: only the oldest pending delivery may go, and only when nothing is in flight
          -- (an in-flight one is the oldest, and its lease keeps it from being due).
          AND (NOT t.ordered OR NOT EXISTS (
                SELECT 1 FROM deliveries o
                WHERE o.destination_id = t.id AND o.status = 'PENDING' AND o.id < d.id))
        ORDER BY d.next_attempt_at, d.id
        LIMIT GREATEST(0, LEAST(
            $3::bigint,
            COALESCE(t.max_in_flight, $3::bigint) - (
                SELECT count(*) FROM deliveries f
                WHERE f.destination_id = t.id AND f.status = 'PENDING' AND f.leased_until > $1),
            CASE WHEN t.rate_per_second IS NULL THEN $3::bigint
                 ELSE GREATEST(1, floor(t.rate_per_second * $5))::bigint END))
    ) p
), paced AS (
    UPDATE destinations t
    SET rate_next_at = GREATEST(COALESCE(t.rate_next_at, $1), $1)
                       + make_interval(secs => c.n / t.rate_per_second)
    FROM (SELECT destination_id, count(*) AS n FROM picked GROUP BY destination_id) c
    WHERE t.id = c.destination_id AND t.rate_per_second IS NOT NULL
)
UPDATE deliveries d SET next_attempt_at = picked.lease, leased_until = picked.lease
FROM picked WHERE d.id = picked.id
RETURNING d.id, d.event_id, d.destination_id, d.status, d.attempts, d.next_attempt_at,
          d.created_at, d.last_attempt_at, d.leased_until
"""
# How far ahead a paced destination's claim may take deliveries: rate x this, at least one.
PACING_WINDOW_SECONDS = 0.25


def _decoded_event(row: Any) -> StoredEvent:
    # tortoise types execute_query's rows as dicts; under asyncpg they are Records, which read
    # by position in SELECT_LIST's order.
    return stored_event(row, decoded=True)


async def claim_due(
    *, now: datetime, destinations: int, per_destination: int, lease_margin_seconds: float
) -> list[ClaimedDelivery]:
    """Leases due deliveries (with their events and destinations) in a transaction of its own."""
    async with transaction() as conn:
        rows = await conn.execute_query_dict(
            _CLAIM,
            [now, destinations, per_destination, lease_margin_seconds, PACING_WINDOW_SECONDS],
        )
        if not rows:
            return []
        _, event_rows = await conn.execute_query(
            f"SELECT {SELECT_LIST} FROM events WHERE id = ANY($1::bigint[])",
            [list({r["event_id"] for r in rows})],
        )
        events = {event.id: event for event in map(_decoded_event, event_rows)}
        targets = {
            row.id: stored_destination(row)
            for row in await Destination.filter(
                id__in={r["destination_id"] for r in rows}
            ).using_db(conn)
        }
    return [
        ClaimedDelivery(
            delivery=_delivery(row),
            event=events[row["event_id"]],
            destination=targets[row["destination_id"]],
            lease_until=row["leased_until"],
        )
        for row in rows
        if row["event_id"] in events
    ]


def _delivery(row: dict[str, Any]) -> StoredDelivery:
    return StoredDelivery(
        id=row["id"],
        event_id=row["event_id"],
        destination_id=row["destination_id"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        last_attempt_at=row["last_attempt_at"],
    )


_SETTLE = """
UPDATE deliveries SET status = $3, attempts = attempts + 1, next_attempt_at = $4,
       leased_until = NULL, last_attempt_at = $5
WHERE id = $1 AND leased_until = $2 AND status = 'PENDING'
"""


async def record_attempt(claimed: ClaimedDelivery, result: AttemptResult) -> bool:
    """Writes the attempt, and the delivery's next state if this worker still holds its lease
    (False: the lease ran out and another worker has it; the attempt is recorded all the same).
    The destination's failing streak starts, ends, or disables it, per `result`."""
    try:
        return await _record(claimed, result)
    except IntegrityError:
        # The delivery is gone: its event was purged or its destination deleted meanwhile.
        return False


async def _record(claimed: ClaimedDelivery, result: AttemptResult) -> bool:
    destination = claimed.destination
    async with transaction() as conn:
        row = {**asdict(result.attempt), "delivery_id": claimed.delivery.id}
        await DeliveryAttempt.create(**row, using_db=conn)
        settled, _ = await conn.execute_query(
            _SETTLE,
            [
                claimed.delivery.id,
                claimed.lease_until,
                result.status.value,
                result.next_attempt_at,
                result.attempt.at,
            ],
        )
        changes: dict[str, Any] = {}
        if result.status is DeliveryStatus.DELIVERED:
            if destination.failing_since is not None:
                changes["failing_since"] = None
        elif destination.failing_since is None:
            changes["failing_since"] = result.attempt.at
        if result.disable_reason is not None:
            changes["disabled_at"] = result.attempt.at
            changes["disabled_reason"] = result.disable_reason
        if changes:
            query = Destination.filter(id=destination.id)
            if "disabled_at" in changes:
                query = query.filter(disabled_at__isnull=True)
            await query.using_db(conn).update(**changes)
    return bool(settled)


# Requeues: a delivery already there goes back to PENDING with a fresh schedule and the same
# webhook-id (receivers that kept it drop the repeat); one that is not is created. One statement
# each, so a request that is interrupted has either requeued all of its set or none of it.
_REQUEUE_COLUMNS = (
    "INSERT INTO deliveries (event_id, destination_id, status, attempts, next_attempt_at,"
    " created_at)"
)
_REQUEUE_CONFLICT = (
    " ON CONFLICT (event_id, destination_id) DO UPDATE SET status = 'PENDING', attempts = 0,"
    " next_attempt_at = EXCLUDED.next_attempt_at, leased_until = NULL"
)
_REDELIVER = (
    _REQUEUE_COLUMNS
    + " SELECT e.id, $2, 'PENDING', 0, $3, $3 FROM events e WHERE e.id = $1"
    + _REQUEUE_CONFLICT
    + " RETURNING id"
)
_RECOVER_FAILED = (
    "UPDATE deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = $3,"
    " leased_until = NULL"
    " WHERE destination_id = $1 AND status = 'FAILED' AND last_attempt_at >= $2"
)
_REPLAY = (
    _REQUEUE_COLUMNS + " SELECT e.id, $1, 'PENDING', 0, $5, $5 FROM events e"
    " WHERE e.fired_at >= $3 AND ($4::timestamptz IS NULL OR e.fired_at < $4)"
    " AND ($2::uuid IS NULL OR e.trigger_id = $2) AND NOT e.is_test"
    + _REQUEUE_CONFLICT
    + " RETURNING id"
)


async def redeliver(event_id: int, destination_id: UUID, *, now: datetime) -> int | None:
    """The requeued delivery's id; None when the event does not exist."""
    rows = await _rows(_REDELIVER, [event_id, destination_id, now])
    return int(rows[0]["id"]) if rows else None


async def recover_failed(destination_id: UUID, *, since: datetime, now: datetime) -> int:
    return await _count(_RECOVER_FAILED, [destination_id, since, now])


async def replay_events(destination_id: UUID, events: ReplayRange, *, now: datetime) -> int:
    values = [destination_id, events.trigger_id, events.since, events.until, now]
    return len(await _rows(_REPLAY, values))


async def _rows(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    async with transaction() as conn:
        rows: list[dict[str, Any]] = await conn.execute_query_dict(sql, values)
    return rows


async def _count(sql: str, values: list[Any]) -> int:
    async with transaction() as conn:
        count, _ = await conn.execute_query(sql, values)
    return int(count)


async def delivery_by_id(delivery_id: int) -> StoredDelivery | None:
    async with bounded():
        row = await Delivery.get_or_none(id=delivery_id)
    return record_of(StoredDelivery, row) if row is not None else None


async def deliveries_page(
    *,
    destination_id: UUID | None,
    event_id: int | None,
    status: DeliveryStatus | None,
    limit: int,
    before_id: int | None,
) -> list[StoredDelivery]:
    """Newest first (by id), up to `limit`, older than `before_id`."""
    query = Delivery.all()
    if destination_id is not None:
        query = query.filter(destination_id=destination_id)
    if event_id is not None:
        query = query.filter(event_id=event_id)
    if status is not None:
        query = query.filter(status=status)
    if before_id is not None:
        query = query.filter(id__lt=before_id)
    async with bounded() as connection:
        rows = await query.using_db(connection).order_by("-id").limit(limit)
    return [record_of(StoredDelivery, row) for row in rows]


async def deliveries_of_events(event_ids: Sequence[int]) -> list[StoredDelivery]:
    """The deliveries of these events, by event then id."""
    if not event_ids:
        return []
    async with bounded() as connection:
        rows = (
            await Delivery.filter(event_id__in=list(event_ids))
            .using_db(connection)
            .order_by("event_id", "id")
        )
    return [record_of(StoredDelivery, row) for row in rows]


async def attempts_of(delivery_ids: Sequence[int]) -> dict[int, list[StoredAttempt]]:
    """Each delivery's attempts, oldest first."""
    found: dict[int, list[StoredAttempt]] = {i: [] for i in delivery_ids}
    if not delivery_ids:
        return found
    async with bounded() as connection:
        rows = (
            await DeliveryAttempt.filter(delivery_id__in=list(delivery_ids))
            .using_db(connection)
            .order_by("at", "id")
        )
    for row in rows:
        found[row.delivery_id].append(record_of(StoredAttempt, row))
    return found


_QUEUE = """
SELECT count(*) AS depth,
       min(d.next_attempt_at) FILTER (WHERE d.leased_until IS NULL OR d.leased_until <= $1)
         AS oldest_due
FROM deliveries d JOIN destinations t ON t.id = d.destination_id
WHERE d.status = 'PENDING' AND NOT t.paused AND t.disabled_at IS NULL
  AND d.next_attempt_at <= $1
"""


async def due_queue(now: datetime) -> tuple[int, timedelta | None]:
    """How many deliveries are due now, and how long the oldest of them has waited."""
    async with bounded() as connection:
        rows = await connection.execute_query_dict(_QUEUE, [now])
    oldest = rows[0]["oldest_due"]
    return int(rows[0]["depth"]), (now - oldest if oldest is not None else None)


_CLAIM_ONE = """
UPDATE deliveries d SET next_attempt_at = $2 + make_interval(secs => t.timeout_seconds + $3),
       leased_until = $2 + make_interval(secs => t.timeout_seconds + $3)
FROM destinations t
WHERE d.id = (SELECT id FROM deliveries WHERE id = $1 AND status = 'PENDING'
              AND (leased_until IS NULL OR leased_until <= $2) FOR UPDATE SKIP LOCKED)
  AND t.id = d.destination_id
RETURNING d.id, d.event_id, d.destination_id, d.status, d.attempts, d.next_attempt_at,
          d.created_at, d.last_attempt_at, d.leased_until
"""


async def claim_delivery(
    delivery_id: int, *, now: datetime, lease_margin_seconds: float
) -> ClaimedDelivery | None:
    """Leases one delivery now, whatever its due time (a test delivery sent while the caller
    waits); None when a worker holds it or it is no longer pending."""
    async with transaction() as conn:
        rows = await conn.execute_query_dict(_CLAIM_ONE, [delivery_id, now, lease_margin_seconds])
        if not rows:
            return None
        row = rows[0]
        _, event_rows = await conn.execute_query(
            f"SELECT {SELECT_LIST} FROM events WHERE id = $1", [row["event_id"]]
        )
        target = await Destination.filter(id=row["destination_id"]).using_db(conn).first()
    if not event_rows or target is None:
        return None
    return ClaimedDelivery(
        delivery=_delivery(row),
        event=_decoded_event(event_rows[0]),
        destination=stored_destination(target),
        lease_until=row["leased_until"],
    )
