from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.storage.models import EventSource, TriggerKind
from json import dumps, loads
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16)),
                ('name', fields.CharField(max_length=200)),
                ('secret_hash', fields.CharField(max_length=64)),
                ('scopes', fields.CharField(default='read,write', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_keys', 'app': 'etp', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('trigger_id', fields.UUIDField(null=True)),
                ('trigger_name', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(description='SCHEDULED: SCHEDULED\nAPI: API', enum_type=TriggerKind, max_length=16)),
                ('source', fields.CharEnumField(description='SCHEDULE: SCHEDULE\nAPI: API\nMANUAL: MANUAL', enum_type=EventSource, max_length=16)),
                ('is_test', fields.BooleanField(default=False)),
                ('payload', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('scheduled_for', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('fired_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('idempotency_key', fields.CharField(null=True, max_length=255)),
                ('request_hash', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'events', 'app': 'etp', 'unique_together': (('trigger_id', 'scheduled_for'), ('trigger_id', 'idempotency_key')), 'indexes': [Index(fields=['fired_at', 'id'], name='events_fired_at_id'), Index(fields=['trigger_id', 'fired_at', 'id'], name='events_trigger_fired_at_id')], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Trigger',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('description', fields.TextField(null=True, unique=False)),
                ('kind', fields.CharEnumField(description='SCHEDULED: SCHEDULED\nAPI: API', enum_type=TriggerKind, max_length=16)),
                ('schedule', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('payload', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('api_schema', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('hook_token', fields.CharField(null=True, unique=True, max_length=64)),
                ('paused', fields.BooleanField(default=False)),
                ('misfire_grace_seconds', fields.IntField(null=True)),
                ('missed_firings', fields.IntField(default=0)),
                ('next_fire_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'triggers', 'app': 'etp', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
