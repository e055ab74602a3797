from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('etp', '0004_trigger_owner')]

    initial = False

    operations = [
        # The API key that scheduled the test run: pending runs count toward the key's quota.
        ops.AddField(
            model_name='DeferredTest',
            name='created_by_key',
            field=fields.CharField(max_length=16, null=True, db_index=True),
        ),
    ]
