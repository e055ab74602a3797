"""Every event list query seeks through an index: its cost must not grow with the table.

The plans are taken from the statements core/storage actually sends.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from tortoise.connection import get_connection
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.events.pages import EventCursor, EventFilter
from core.events.retention import EventStatus, RetentionWindows, fired_at_range
from core.storage.event_reads import matching_sql, oldest_fired_after_query, page_sql
from core.storage.expired_events import BEFORE_EVERY_KEY, purge_batch_statement
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

WINDOWS = RetentionWindows(active_seconds=7200, retention_seconds=172800)
TRIGGERS = [UUID(int=n + 1) for n in range(5)]
RARE = TRIGGERS[4]  # 1 event in 100: a seek on fired_at alone would wade through the others
ROWS = 60_000


@pytest.fixture
async def big_log(clean: Server) -> datetime:
    now = datetime.now(UTC)
    # 60,000 events over the last 50 hours, oldest first so ids grow with fired_at, 1 in 20 a
    # test; four busy triggers and a rare one.
    await get_connection("default").execute_script(
        f"""
        INSERT INTO events (trigger_id, trigger_name, kind, source, is_test, payload, fired_at)
        SELECT ('00000000-0000-0000-0000-00000000000'
                || CASE WHEN n % 100 = 0 THEN 5 ELSE 1 + n % 4 END)::uuid, 't', 'API', 'API',
               n % 20 = 0, '{{"n": 1}}'::jsonb,
               '{now.isoformat()}'::timestamptz - (({ROWS} - n) * interval '3 seconds')
        FROM generate_series(1, {ROWS}) AS n;
        ANALYZE events;
        """
    )
    return now


async def plan(query: QuerySet[Any] | tuple[str, list[Any]]) -> dict[str, Any]:
    sql, params = query if isinstance(query, tuple) else (query.sql(params_inline=True), [])
    rows = await get_connection("default").execute_query_dict(
        "EXPLAIN (FORMAT JSON) " + sql, params
    )
    return plan_of(rows)


def plan_of(explained: list[dict[str, Any]]) -> dict[str, Any]:
    """The root node of what EXPLAIN (FORMAT JSON) returned."""
    document = explained[0]["QUERY PLAN"]
    root: dict[str, Any] = (json.loads(document) if isinstance(document, str) else document)[0]
    return root["Plan"]


def nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in nodes(child))]


def assert_seeks(root: dict[str, Any], index: str) -> None:
    kinds = {n["Node Type"] for n in nodes(root)}
    assert "Seq Scan" not in kinds, root
    # The index that starts with the filter's columns, so the scan starts where the page does.
    assert [n.get("Index Name") for n in nodes(root) if "Index" in n["Node Type"]] == [index], root
    if index == "events_fired_at_id":
        # Unfiltered lists come off the index already in page order: no sort of the window.
        assert "Sort" not in kinds, root
    # With a trigger, Postgres may instead fetch that trigger's rows in the window by bitmap and
    # sort them: bounded by that trigger's events in the window, not by the table.


def index_for(trigger: UUID | None) -> str:
    return "events_trigger_fired_at_id" if trigger else "events_fired_at_id"


@pytest.mark.parametrize("status", [EventStatus.ACTIVE, EventStatus.ARCHIVED, None])
@pytest.mark.parametrize("trigger", [None, RARE])
@pytest.mark.parametrize("paged", [False, True])
async def test_event_lists_seek_an_index(
    big_log: datetime, status: EventStatus | None, trigger: UUID | None, paged: bool
) -> None:
    filters = EventFilter(status=status, trigger_id=trigger)
    after = EventCursor(big_log - timedelta(hours=3), 55_000) if paged else None
    bounds = fired_at_range(status, now=big_log, windows=WINDOWS)
    root = await plan(page_sql(filters, bounds, after=after, limit=51))
    assert_seeks(root, index_for(trigger))


@pytest.mark.parametrize("trigger", [None, RARE])
async def test_the_next_event_to_archive_is_found_by_seeking(
    big_log: datetime, trigger: UUID | None
) -> None:
    bounds = fired_at_range(EventStatus.ARCHIVED, now=big_log, windows=WINDOWS)
    assert bounds.not_after is not None
    query = oldest_fired_after_query(EventFilter(trigger_id=trigger), bounds.not_after)
    assert_seeks(await plan(query.limit(1)), index_for(trigger))


@pytest.mark.parametrize("plan_cache_mode", ["force_custom_plan", "force_generic_plan"])
async def test_a_purge_batch_seeks_its_rows_and_deletes_them_by_ctid(
    big_log: datetime, plan_cache_mode: str
) -> None:
    # A pass runs its batch statement dozens of times on one connection, and after the fifth
    # Postgres may plan it once for any parameters (a generic plan): both plans must seek. The
    # plan of a prepared statement's EXECUTE is the one its cache would use.
    cutoff = big_log - timedelta(seconds=WINDOWS.retention_seconds)
    sql, _ = purge_batch_statement(cutoff, 5000, BEFORE_EVERY_KEY)
    # One connection for all of it: a prepared statement lives in its session.
    async with in_transaction() as conn:
        await conn.execute_script(
            f"PREPARE purge_batch (timestamptz, bigint, timestamptz, bigint) AS {sql};"
            f"SET LOCAL plan_cache_mode = {plan_cache_mode}"
        )
        try:
            for after in (BEFORE_EVERY_KEY, (cutoff - timedelta(hours=1), 12_345)):
                _, (upto, size, after_fired_at, after_id) = purge_batch_statement(
                    cutoff, 5000, after
                )
                rows = await conn.execute_query_dict(
                    "EXPLAIN (FORMAT JSON) EXECUTE purge_batch ("
                    f"'{upto.isoformat()}', {size}, '{after_fired_at.isoformat()}',"
                    f" {after_id})"
                )
                generic = plan_cache_mode == "force_generic_plan"
                assert_purge_seeks(plan_of(rows), generic=generic)
        finally:
            await conn.execute_script("DEALLOCATE purge_batch")


def assert_purge_seeks(root: dict[str, Any], *, generic: bool) -> None:
    kinds = {n["Node Type"] for n in nodes(root)}
    assert "Seq Scan" not in kinds, root
    assert "Tid Scan" in kinds, root  # no probe of the primary key per deleted row
    seeks = [n for n in nodes(root) if "Index" in n["Node Type"]]
    assert [n["Index Name"] for n in seeks] == ["events_fired_at_id"], root
    # The keyset bound starts the scan where the previous batch ended, not at the left edge of
    # an index still holding the entries of every row deleted since the last vacuum.
    assert "ROW(fired_at, id) >" in seeks[0]["Index Cond"], root
    assert ("$3" in seeks[0]["Index Cond"]) == generic, root


def _literal(value: Any) -> str:
    if isinstance(value, datetime):
        return f"'{value.isoformat()}'"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


@pytest.mark.parametrize("plan_cache_mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("trigger", [None, RARE])
async def test_a_payload_filter_probes_the_newest_rows_then_asks_the_payload_index(
    big_log: datetime, trigger: UUID | None, plan_cache_mode: str
) -> None:
    """Both steps keep their shape whatever the planner guesses about the payload: the probe
    reads through the time index under its LIMIT, even as the generic plan a prepared statement
    may get after five runs; the second step finds its matches through the GIN index (it runs
    with plan_cache_mode = force_custom_plan, since a generic plan may walk the time index)."""
    filters = EventFilter(status=None, trigger_id=trigger, payload_contains='{"n":2}')
    after = EventCursor(big_log - timedelta(hours=3), 55_000)
    bounds = fired_at_range(None, now=big_log, windows=WINDOWS)
    probe = page_sql(filters, bounds, after=after, limit=21)
    matching = matching_sql(filters, bounds, after=after, limit=21)
    async with in_transaction() as conn:
        await conn.execute_script(f"SET LOCAL plan_cache_mode = {plan_cache_mode}")
        for name, (sql, params) in (("probe", probe), ("matching", matching)):
            await conn.execute_script(f"PREPARE {name} AS {sql}")
            try:
                rows = await conn.execute_query_dict(
                    f"EXPLAIN (FORMAT JSON) EXECUTE {name} ({', '.join(map(_literal, params))})"
                )
            finally:
                await conn.execute_script(f"DEALLOCATE {name}")
            root = plan_of(rows)
            kinds = {n["Node Type"] for n in nodes(root)}
            assert "Seq Scan" not in kinds, root
            used = {n.get("Index Name") for n in nodes(root) if "Index" in n["Node Type"]}
            if trigger is not None:
                # For a trigger as rare as this one (1% of the table) Postgres may read its few
                # rows through any index that starts with trigger_id (and sort them); never the
                # time index over everyone's rows.
                assert used and "events_fired_at_id" not in used, root
            elif name == "probe":
                assert used == {"events_fired_at_id"}, root
            elif plan_cache_mode == "force_custom_plan":
                assert used == {"events_trigger_payload"}, root
