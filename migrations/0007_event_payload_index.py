from tortoise import migrations
from tortoise.migrations import operations as ops

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written. CONCURRENTLY: on a large events table a plain CREATE INDEX would block hook
# ingest for the whole build (minutes at 10 million events); this one lets writes go on. That
# is why the migration is not atomic (CONCURRENTLY cannot run inside a transaction).
#
# jsonb_path_ops: one hashed entry per path-to-value, only `@>` support, about a third of the
# size of the default jsonb_ops and faster to update (docs/performance.md has the figures).
_CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_payload_path"
    " ON events USING gin (payload jsonb_path_ops)"
)
_DROP = "DROP INDEX CONCURRENTLY IF EXISTS events_payload_path"


async def create_payload_index(apps, schema_editor):
    """events(payloadContains: ...) on Postgres; SQLite filters in Python (no jsonb)."""
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(_CREATE)


async def drop_payload_index(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(_DROP)


class Migration(migrations.Migration):
    dependencies = [('etp', '0006_browser_sessions')]

    initial = False
    atomic = False

    operations = [
        ops.RunPython(create_payload_index, drop_payload_index),
    ]
