from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from core.event_counts import backfill


async def count_existing_events(apps, schema_editor):
    await backfill(schema_editor.client)

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
