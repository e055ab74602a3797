import logging

from tortoise import migrations
from tortoise.migrations import operations as ops

log = logging.getLogger("etp.migrations")

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written.
#
# events(payloadContains:) (core/storage/event_reads.py). One GIN index on (trigger_id, payload):
# for "this trigger's events whose payload contains P" it intersects the trigger's entries with
# the pattern's inside the index, so a pattern absent from the trigger costs a few milliseconds
# however common it is elsewhere (a payload-only index and the trigger's btree ANDed as bitmaps
# went lossy and rechecked millions of rows: 1.7 s at 10 million events, docs/performance.md).
# A multicolumn GIN answers conditions on either column alone too, so it also serves
# payloadContains across all triggers. trigger_id in a GIN index needs btree_gin (contrib,
# "trusted": a database owner may create it). jsonb_path_ops: one hashed entry per
# path-to-value, `@>` only, smaller and cheaper to update than jsonb_ops.
#
# CONCURRENTLY: on a large events table a plain CREATE INDEX would block hook ingest for the
# whole build (about a minute at 10 million events); this one lets writes go on. That is why
# the migration is not atomic (CONCURRENTLY cannot run inside a transaction).
_EXTENSION = "CREATE EXTENSION IF NOT EXISTS btree_gin"
_CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_trigger_payload"
    " ON events USING gin (trigger_id, payload jsonb_path_ops)"
)
# Where btree_gin cannot be installed: the payload alone (slower for a pattern common in other
# triggers but absent from the one asked about, still correct).
_CREATE_PAYLOAD_ONLY = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_trigger_payload"
    " ON events USING gin (payload jsonb_path_ops)"
)
_DROP = "DROP INDEX CONCURRENTLY IF EXISTS events_trigger_payload"


async def create_payload_index(apps, schema_editor):
    client = schema_editor.client
    try:
        await client.execute_script(_EXTENSION)
    except Exception as error:
        log.warning("btree_gin unavailable (%r): indexing the payload alone", error)
        await client.execute_script(_CREATE_PAYLOAD_ONLY)
        return
    await client.execute_script(_CREATE)


async def drop_payload_index(apps, schema_editor):
    await schema_editor.client.execute_script(_DROP)


class Migration(migrations.Migration):
    dependencies = [('etp', '0006_browser_sessions')]

    initial = False
    atomic = False

    operations = [
        ops.RunPython(create_payload_index, drop_payload_index),
    ]
