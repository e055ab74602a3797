from tortoise import migrations
from tortoise.migrations import operations as ops

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written.
#
# Keys managed over the API (issue 22): an optional expiry, and when each was last used (shown
# in the key list; written at most once per key cache period per process).
_ADD = (
    "ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS expires_at TIMESTAMPTZ NULL,"
    " ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMPTZ NULL"
)
_DROP = "ALTER TABLE api_keys DROP COLUMN IF EXISTS expires_at, DROP COLUMN IF EXISTS last_used_at"


async def add_lifetimes(apps, schema_editor):
    await schema_editor.client.execute_script(_ADD)


async def drop_lifetimes(apps, schema_editor):
    await schema_editor.client.execute_script(_DROP)


class Migration(migrations.Migration):
    dependencies = [("etp", "0009_key_scopes")]

    initial = False

    operations = [
        ops.RunPython(add_lifetimes, drop_lifetimes),
    ]
