from tortoise import migrations
from tortoise.migrations import operations as ops

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written.
#
# Keys carry scopes (core/access/scopes.py). Keys stored before scopes existed keep what they
# could do: "read" becomes events:read + triggers:read; "read,write" every scope but
# keys:admin. The column widens to hold all five.
_WIDEN = "ALTER TABLE api_keys ALTER COLUMN scopes TYPE VARCHAR(200)"
_READ_ONLY = "events:read,triggers:read"
_READ_WRITE = "events:read,hooks:read,triggers:read,triggers:write"
_UPGRADE = (
    "UPDATE api_keys SET scopes = CASE"
    f" WHEN scopes LIKE '%write%' THEN '{_READ_WRITE}'"
    f" ELSE '{_READ_ONLY}' END"
    " WHERE scopes IN ('read', 'write', 'read,write', 'write,read')"
)
_DOWNGRADE = (
    "UPDATE api_keys SET scopes = CASE"
    " WHEN scopes LIKE '%triggers:write%' THEN 'read,write' ELSE 'read' END"
)


async def upgrade_scopes(apps, schema_editor):
    await schema_editor.client.execute_script(_WIDEN)
    await schema_editor.client.execute_script(_UPGRADE)


async def downgrade_scopes(apps, schema_editor):
    await schema_editor.client.execute_script(_DOWNGRADE)


class Migration(migrations.Migration):
    dependencies = [("etp", "0008_deliveries")]

    initial = False

    operations = [
        ops.RunPython(upgrade_scopes, downgrade_scopes),
    ]
