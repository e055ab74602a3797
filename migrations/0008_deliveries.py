from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.storage.models import DeliveryStatus
from json import dumps, loads
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

# Written out here, not imported from core: a migration must go on doing what it did when it
# was written.
#
# Outbound deliveries (issue 21). The references cascade so that purging an event, or deleting
# a destination, takes its deliveries and their attempts along without a sweep of its own.
# The partial index is what the claim walks: due deliveries of one destination, oldest first.
_REFERENCES = """
ALTER TABLE deliveries
    ADD CONSTRAINT deliveries_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    ADD CONSTRAINT deliveries_destination_fk FOREIGN KEY (destination_id) REFERENCES destinations (id) ON DELETE CASCADE;
ALTER TABLE delivery_attempts
    ADD CONSTRAINT delivery_attempts_delivery_fk FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE CASCADE;
CREATE INDEX deliveries_due ON deliveries (destination_id, next_attempt_at, id) WHERE status = 'PENDING';
"""
_DROP_REFERENCES = """
DROP INDEX IF EXISTS deliveries_due;
ALTER TABLE delivery_attempts DROP CONSTRAINT IF EXISTS delivery_attempts_delivery_fk;
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_event_fk,
    DROP CONSTRAINT IF EXISTS deliveries_destination_fk;
"""


async def add_references(apps, schema_editor):
    await schema_editor.client.execute_script(_REFERENCES)


async def drop_references(apps, schema_editor):
    await schema_editor.client.execute_script(_DROP_REFERENCES)


def _json():
    return fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)


class Migration(migrations.Migration):
    dependencies = [('etp', '0007_event_payload_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Destination',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('url', fields.TextField(unique=False)),
                ('headers', _json()),
                ('timeout_seconds', fields.IntField(default=15)),
                ('trigger_ids', _json()),
                ('include_test', fields.BooleanField(default=False)),
                ('ordered', fields.BooleanField(default=False)),
                ('max_in_flight', fields.IntField(null=True)),
                ('rate_per_second', fields.FloatField(null=True)),
                ('rate_next_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('retry_schedule', _json()),
                ('paused', fields.BooleanField(default=False)),
                ('disabled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('disabled_reason', fields.TextField(null=True, unique=False)),
                ('secret', fields.CharField(max_length=128)),
                ('previous_secret', fields.CharField(null=True, max_length=128)),
                ('previous_secret_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failing_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by_key', fields.CharField(null=True, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'destinations', 'app': 'etp', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event_id', fields.BigIntField()),
                ('destination_id', fields.UUIDField()),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: PENDING\nDELIVERED: DELIVERED\nFAILED: FAILED', enum_type=DeliveryStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('leased_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'deliveries', 'app': 'etp', 'unique_together': (('event_id', 'destination_id'),), 'indexes': [Index(fields=['destination_id', 'status', 'id'], name='deliveries_dest_status')], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeliveryAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery_id', fields.BigIntField(db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('duration_ms', fields.IntField()),
                ('status_code', fields.IntField(null=True)),
                ('error', fields.TextField(null=True, unique=False)),
                ('response_headers', _json()),
                ('response_body', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'delivery_attempts', 'app': 'etp', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(add_references, drop_references),
    ]
