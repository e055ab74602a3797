from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from collections import Counter
from datetime import datetime

# The backfill is written out here rather than imported from core: a migration must go on doing
# what it did when it was written, whatever core's code becomes.
_POSTGRES_BACKFILL = (
    "INSERT INTO event_counts (trigger_id, minute, n)"
    " SELECT trigger_id, date_trunc('minute', fired_at), count(*) FROM events"
    " WHERE NOT is_test AND trigger_id IS NOT NULL GROUP BY 1, 2"
)


async def count_existing_events(apps, schema_editor):
    """Count the events written before the rollup existed."""
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(_POSTGRES_BACKFILL)
        return
    # SQLite keeps datetimes as ISO text: truncate in Python and write back a datetime, which the
    # sqlite3 adapter Tortoise registers stores in the same form as fired_at.
    rows = await client.execute_query_dict(
        "SELECT trigger_id, fired_at FROM events WHERE NOT is_test AND trigger_id IS NOT NULL"
    )
    per_minute = Counter(
        (row["trigger_id"], datetime.fromisoformat(row["fired_at"]).replace(second=0, microsecond=0))
        for row in rows
    )
    for (trigger_id, minute), n in per_minute.items():
        await client.execute_query(
            "INSERT INTO event_counts (trigger_id, minute, n) VALUES (?, ?, ?)",
            [trigger_id, minute, n],
        )

class Migration(migrations.Migration):
    dependencies = [('etp', '0002_deferred_tests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EventCount',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('trigger_id', fields.UUIDField()),
                ('minute', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('n', fields.IntField()),
            ],
            options={'table': 'event_counts', 'app': 'etp', 'unique_together': (('trigger_id', 'minute'),), 'pk_attr': 'id', 'table_description': "Non-test events per trigger and minute of fired_at, written in the events' transaction."},
            bases=['Model'],
        ),
        ops.RunPython(count_existing_events, ops.RunPython.noop),
    ]
