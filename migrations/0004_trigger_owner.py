from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('etp', '0003_event_counts')]

    initial = False

    operations = [
        # The API key that created the trigger, for the per-key trigger quota; null for triggers
        # created before keys were counted.
        ops.AddField(
            model_name='Trigger',
            name='created_by_key',
            field=fields.CharField(max_length=16, null=True, db_index=True),
        ),
    ]
