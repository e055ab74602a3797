import logging

from tortoise import migrations
from tortoise.migrations import operations as ops

log = logging.getLogger("etp.migrations")

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written.
#
# events(payloadContains:) for a pattern with many matches, none among the newest events (an
# old payload shape): the page needs the newest matches, and a GIN index cannot return them in
# order, so every match was read and sorted (seconds at 10 million events). The payload index
# gains the event's block of ids (id >> 16: 65,536 consecutive ids, in commit and so fired_at
# order), so "matches in blocks lo..hi" is an intersection inside the index; the page walks
# blocks newest first and reads only the matches of the blocks it needs
# (core/storage/event_reads.py). Same name, so the index is still the one 0007 made, with one
# more entry per event.
#
# CONCURRENTLY, as in 0007: ingest goes on while it builds (not atomic for that reason). Where
# 0007 could not install btree_gin, the payload-only index stays and this does nothing.
_CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_payload_blocks"
    " ON events USING gin (trigger_id, (id >> 16), payload jsonb_path_ops)"
)
_SWAP = (
    "DROP INDEX CONCURRENTLY IF EXISTS events_trigger_payload",
    "ALTER INDEX events_payload_blocks RENAME TO events_trigger_payload",
)
_PREVIOUS = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_trigger_payload_previous"
    " ON events USING gin (trigger_id, payload jsonb_path_ops)"
)
_UNSWAP = (
    "DROP INDEX CONCURRENTLY IF EXISTS events_trigger_payload",
    "ALTER INDEX events_trigger_payload_previous RENAME TO events_trigger_payload",
)


async def _has_btree_gin(client) -> bool:
    _, rows = await client.execute_query("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'")
    return bool(rows)


async def add_blocks(apps, schema_editor):
    client = schema_editor.client
    if not await _has_btree_gin(client):
        log.warning("btree_gin unavailable: the payload index keeps no id blocks")
        return
    await client.execute_script(_CREATE)
    for statement in _SWAP:
        await client.execute_script(statement)


async def drop_blocks(apps, schema_editor):
    client = schema_editor.client
    if not await _has_btree_gin(client):
        return
    await client.execute_script(_PREVIOUS)
    for statement in _UNSWAP:
        await client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [('etp', '0007_event_payload_index')]

    initial = False
    atomic = False

    operations = [
        ops.RunPython(add_blocks, drop_blocks),
    ]
