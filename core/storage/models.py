"""Tortoise models: the database is the source of truth for triggers, events and API keys.

Events carry no foreign key to their trigger: deleting a trigger keeps its events, which still
read with the trigger's name and kind as they were when they fired.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

# The enums are the domain's; the columns store their values. Re-exported for the migrations,
# which name them here.
from core.deliveries.records import DeliveryStatus as DeliveryStatus
from core.events.sources import EventSource as EventSource
from core.triggers.kinds import TriggerKind as TriggerKind


def _json_field() -> fields.Field[Any]:
    """The standard library's JSON, whatever else is installed: Tortoise switches to orjson when
    it is present, and orjson turns integers beyond 64 bits into floats (or refuses them), which
    would change payloads that JSON itself carries exactly."""
    return fields.JSONField(
        null=True, encoder=functools.partial(json.dumps, separators=(",", ":")), decoder=json.loads
    )


class Trigger(Model):
    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    description = fields.TextField(null=True)
    kind = fields.CharEnumField(TriggerKind, max_length=16)
    schedule: fields.Field[Any] = _json_field()
    payload: fields.Field[Any] = _json_field()
    api_schema: fields.Field[Any] = _json_field()
    # The hook token is the webhook caller's credential; it is shown back in hookUrl, so it is
    # stored as issued and looked up through a unique index.
    hook_token = fields.CharField(max_length=64, null=True, unique=True)
    paused = fields.BooleanField(default=False)
    misfire_grace_seconds = fields.IntField(null=True)
    missed_firings = fields.IntField(default=0)
    next_fire_at = fields.DatetimeField(null=True, db_index=True)
    # The API key that created it: triggers are counted per key against a quota.
    created_by_key = fields.CharField(max_length=16, null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "triggers"


class Event(Model):
    # bigserial: ids are handed out under the commit-order lock (see core/storage/event_log.py), so an
    # event committed later always has a greater id.
    id = fields.BigIntField(primary_key=True)
    trigger_id = fields.UUIDField(null=True)
    trigger_name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(TriggerKind, max_length=16)
    source = fields.CharEnumField(EventSource, max_length=16)
    is_test = fields.BooleanField(default=False)
    payload: fields.Field[Any] = _json_field()
    scheduled_for = fields.DatetimeField(null=True)
    fired_at = fields.DatetimeField()
    idempotency_key = fields.CharField(max_length=255, null=True)
    request_hash = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "events"
        # A scheduled firing is identified by (trigger, scheduled time) and an idempotent hook
        # request by (trigger, key): the database refuses the second copy, whichever process
        # tries to write it.
        unique_together = (("trigger_id", "scheduled_for"), ("trigger_id", "idempotency_key"))
        indexes = (
            Index(fields=("fired_at", "id"), name="events_fired_at_id"),
            Index(fields=("trigger_id", "fired_at", "id"), name="events_trigger_fired_at_id"),
        )


class ApiKey(Model):
    # The public part of the key (etp_<id>_<secret>): found by id, then the secret's hash is
    # compared in constant time.
    id = fields.CharField(max_length=16, primary_key=True)
    name = fields.CharField(max_length=200)
    secret_hash = fields.CharField(max_length=64)
    # Comma-separated scopes (core/access/scopes.py), written by migrations/0009_key_scopes.py
    # for keys older than scopes.
    scopes = fields.CharField(
        max_length=200, default="events:read,hooks:read,triggers:read,triggers:write"
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    # migrations/0010_key_lifetimes.py
    expires_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_keys"


class DeferredTest(Model):
    """A test run of an unsaved definition, to fire once at fire_at (testTriggerDefinition).

    Kept in the database, not in a Redis job, so it survives worker restarts and Redis loss.
    """

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(TriggerKind, max_length=16)
    payload: fields.Field[Any] = _json_field()
    fire_at = fields.DatetimeField(db_index=True)
    # The API key that scheduled it: pending runs count toward the key's trigger quota.
    created_by_key = fields.CharField(max_length=16, null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "deferred_tests"


class EventCount(Model):
    """Non-test events per trigger and minute of fired_at, written in the events' transaction.

    eventCounts sums whole minutes from here and counts only the partial minutes at the window's
    edges from the events table: at 10 million events a count over the 48 h window took seconds.
    """

    id = fields.BigIntField(primary_key=True)
    trigger_id = fields.UUIDField()
    minute = fields.DatetimeField()
    n = fields.IntField()

    class Meta:
        table = "event_counts"
        unique_together = (("trigger_id", "minute"),)


class BrowserSession(Model):
    """A dashboard sign-in: an API key exchanged for a cookie (core/access/browser_sessions.py).

    Only the SHA-256 of the cookie's value is stored, so a copy of this table signs nobody in.
    The CSRF token is stored as issued: the dashboard reads it back (GET /session), and alone,
    without the cookie, it is worth nothing.
    """

    id_hash = fields.CharField(max_length=64, primary_key=True)
    key_id = fields.CharField(max_length=16, db_index=True)
    csrf_token = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "browser_sessions"


class Destination(Model):
    """Where fired events are delivered (core/deliveries/). The secrets sign deliveries; they are
    stored as issued because signing needs them (like hook tokens)."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200)
    url = fields.TextField()
    headers: fields.Field[Any] = _json_field()
    timeout_seconds = fields.IntField(default=15)
    # A JSON list of trigger ids as strings; NULL: every trigger.
    trigger_ids: fields.Field[Any] = _json_field()
    include_test = fields.BooleanField(default=False)
    ordered = fields.BooleanField(default=False)
    max_in_flight = fields.IntField(null=True)
    rate_per_second = fields.FloatField(null=True)
    # Paced destinations: no claim before this time (core/storage/delivery_rows.py).
    rate_next_at = fields.DatetimeField(null=True)
    # Seconds between attempts; a JSON list.
    retry_schedule: fields.Field[Any] = _json_field()
    paused = fields.BooleanField(default=False)
    disabled_at = fields.DatetimeField(null=True)
    disabled_reason = fields.TextField(null=True)
    secret = fields.CharField(max_length=128)
    previous_secret = fields.CharField(max_length=128, null=True)
    previous_secret_until = fields.DatetimeField(null=True)
    failing_since = fields.DatetimeField(null=True)
    created_by_key = fields.CharField(max_length=16, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "destinations"


class Delivery(Model):
    """One event to one destination, written in the event's transaction (the outbox).

    event_id and destination_id reference their rows with ON DELETE CASCADE (declared in the
    migration): a purged event or a deleted destination takes its deliveries and their attempts
    along, with no sweep of its own. next_attempt_at is when it is due; a claimed delivery's is
    pushed to the end of its lease (leased_until), so a worker that dies mid-attempt leaves it
    due again when the lease runs out.
    """

    id = fields.BigIntField(primary_key=True)
    event_id = fields.BigIntField()
    destination_id = fields.UUIDField()
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    leased_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    last_attempt_at = fields.DatetimeField(null=True)

    class Meta:
        table = "deliveries"
        unique_together = (("event_id", "destination_id"),)
        indexes = (Index(fields=("destination_id", "status", "id"), name="deliveries_dest_status"),)


class DeliveryAttempt(Model):
    id = fields.BigIntField(primary_key=True)
    delivery_id = fields.BigIntField(db_index=True)
    at = fields.DatetimeField()
    duration_ms = fields.IntField()
    status_code = fields.IntField(null=True)
    error = fields.TextField(null=True)
    response_headers: fields.Field[Any] = _json_field()
    response_body = fields.TextField(null=True)

    class Meta:
        table = "delivery_attempts"
