from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.storage.models import TriggerKind
from json import dumps, loads
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('etp', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DeferredTest',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(description='SCHEDULED: SCHEDULED\nAPI: API', enum_type=TriggerKind, max_length=16)),
                ('payload', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('fire_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'deferred_tests', 'app': 'etp', 'pk_attr': 'id', 'table_description': 'A test run of an unsaved definition, to fire once at fire_at (testTriggerDefinition).'},
            bases=['Model'],
        ),
    ]
