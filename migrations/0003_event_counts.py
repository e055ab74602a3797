from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# The backfill is written out here rather than imported from core: a migration must go on doing
# what it did when it was written, whatever core's code becomes.
_POSTGRES_BACKFILL = (
    "INSERT INTO event_counts (trigger_id, minute, n)"
    " SELECT trigger_id, date_trunc('minute', fired_at), count(*) FROM events"
    " WHERE NOT is_test AND trigger_id IS NOT NULL GROUP BY 1, 2"
)


async def count_existing_events(apps, schema_editor):
    """Count the events written before the rollup existed."""
    await schema_editor.client.execute_script(_POSTGRES_BACKFILL)


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
