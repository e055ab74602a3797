from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("etp", "0005_deferred_test_owner")]

    initial = False

    operations = [
        # Dashboard sign-ins (core/access/browser_sessions.py): the cookie's hash, its key, its times.
        ops.CreateModel(
            name="BrowserSession",
            fields=[
                (
                    "id_hash",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                ("key_id", fields.CharField(db_index=True, max_length=16)),
                ("csrf_token", fields.CharField(max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_seen_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "expires_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={"table": "browser_sessions", "app": "etp", "pk_attr": "id_hash"},
            bases=["Model"],
        ),
    ]
