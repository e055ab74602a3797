"""What an API key may do (pure): its scopes, how they are stored, and which scope each GraphQL
root field and REST route needs. The one table of required scopes is here, so that a new field
is refused until someone decides what it needs (tests/api/test_key_scopes.py walks the schema)."""

from __future__ import annotations

from enum import StrEnum


class KeyScope(StrEnum):
    EVENTS_READ = "events:read"
    TRIGGERS_READ = "triggers:read"
    TRIGGERS_WRITE = "triggers:write"
    HOOKS_READ = "hooks:read"
    KEYS_ADMIN = "keys:admin"


# A key created without naming scopes: everything but managing keys, which must be asked for.
DEFAULT_SCOPES = frozenset(KeyScope) - {KeyScope.KEYS_ADMIN}
# `etp keys create --read-only`, and what a key stored as "read" became on upgrade.
READ_ONLY_SCOPES = frozenset({KeyScope.EVENTS_READ, KeyScope.TRIGGERS_READ})

# Keys stored before scopes existed keep what they could do (migrations/0009_key_scopes.py
# rewrites the rows; this also reads a row written by an older process during a rolling upgrade).
_LEGACY = {"read": READ_ONLY_SCOPES, "write": DEFAULT_SCOPES}


def parse_scope(text: str) -> KeyScope:
    """A scope as written in the CLI and docs (events:read); ValueError naming the choices."""
    try:
        return KeyScope(text.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in KeyScope)
        raise ValueError(f"unknown scope {text!r}: one of {choices}") from None


def stored_scopes(scopes: frozenset[KeyScope]) -> str:
    return ",".join(sorted(s.value for s in scopes))


def scopes_of_stored(text: str) -> frozenset[KeyScope]:
    """The stored column back as scopes; an unknown word grants nothing."""
    scopes: set[KeyScope] = set()
    for word in filter(None, (w.strip() for w in text.split(","))):
        if word in _LEGACY:
            scopes |= _LEGACY[word]
        elif word in KeyScope._value2member_map_:
            scopes.add(KeyScope(word))
    return frozenset(scopes)


# Every GraphQL root field, "Type.field": the scope it needs (None: any valid key).
_ROOT_FIELDS: dict[str, KeyScope | None] = {
    "Query.trigger": KeyScope.TRIGGERS_READ,
    "Query.triggers": KeyScope.TRIGGERS_READ,
    "Query.previewSchedule": KeyScope.TRIGGERS_READ,
    "Query.describeSchedule": KeyScope.TRIGGERS_READ,
    "Query.event": KeyScope.EVENTS_READ,
    "Query.events": KeyScope.EVENTS_READ,
    "Query.eventCounts": KeyScope.EVENTS_READ,
    "Query.eventRate": KeyScope.EVENTS_READ,
    "Mutation.createScheduledTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.createApiTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.updateTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.deleteTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.pauseTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.resumeTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.fireTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.testTrigger": KeyScope.TRIGGERS_WRITE,
    "Mutation.testTriggerDefinition": KeyScope.TRIGGERS_WRITE,
    # A new hook URL is a hook credential shown back: the scope that may see hook URLs.
    "Mutation.rotateHookToken": KeyScope.HOOKS_READ,
    "Subscription.eventFired": KeyScope.EVENTS_READ,
    # Destinations are listed with triggers:read and managed (with redeliver, recover and
    # replay) with triggers:write; deliveries are read with events:read (API.md, wave 3).
    "Query.destination": KeyScope.TRIGGERS_READ,
    "Query.destinations": KeyScope.TRIGGERS_READ,
    "Query.deliveries": KeyScope.EVENTS_READ,
    "Mutation.createDestination": KeyScope.TRIGGERS_WRITE,
    "Mutation.updateDestination": KeyScope.TRIGGERS_WRITE,
    "Mutation.deleteDestination": KeyScope.TRIGGERS_WRITE,
    "Mutation.pauseDestination": KeyScope.TRIGGERS_WRITE,
    "Mutation.resumeDestination": KeyScope.TRIGGERS_WRITE,
    "Mutation.rotateDestinationSecret": KeyScope.TRIGGERS_WRITE,
    "Mutation.sendTestDelivery": KeyScope.TRIGGERS_WRITE,
    "Mutation.redeliver": KeyScope.TRIGGERS_WRITE,
    "Mutation.recoverFailedDeliveries": KeyScope.TRIGGERS_WRITE,
    "Mutation.replayEvents": KeyScope.TRIGGERS_WRITE,
    "Subscription.deliveryUpdated": KeyScope.EVENTS_READ,
    "Query.viewer": None,
    "Query.apiKeys": KeyScope.KEYS_ADMIN,
    "Mutation.createApiKey": KeyScope.KEYS_ADMIN,
    "Mutation.revokeApiKey": KeyScope.KEYS_ADMIN,
}

# The REST routes that take an API key (hooks take their token; health, metrics and the OpenAPI
# document take nothing; a dashboard session is whatever its key may do).
ROUTE_SCOPES: dict[str, KeyScope] = {
    "GET /events/export.ndjson": KeyScope.EVENTS_READ,
}


class UndeclaredField(LookupError):
    """A root field missing from the table: refused, never allowed by default."""


def root_field_scope(root_type: str, field: str) -> KeyScope | None:
    """The scope a root field needs; None when any valid key may ask."""
    try:
        return _ROOT_FIELDS[f"{root_type}.{field}"]
    except KeyError:
        raise UndeclaredField(f"{root_type}.{field}") from None


def declared_root_fields() -> frozenset[str]:
    return frozenset(_ROOT_FIELDS)
