"""Upgrading keys stored before scopes: migrations/0009_key_scopes.py run on rows as an older
release wrote them, then verified as any request would verify them."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from tortoise import connections

from core.access.api_keys import KeyVerifier, hash_secret
from core.access.scopes import DEFAULT_SCOPES, READ_ONLY_SCOPES, KeyScope
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

migration = importlib.import_module("migrations.0009_key_scopes")


@pytest.mark.parametrize(
    ("stored", "scopes"),
    [
        ("read", READ_ONLY_SCOPES),
        ("read,write", DEFAULT_SCOPES),
        ("write", DEFAULT_SCOPES),
        # Written after the upgrade: left as it is.
        ("keys:admin", frozenset({KeyScope.KEYS_ADMIN})),
    ],
)
async def test_keys_from_before_scopes_keep_what_they_could_do(
    clean: Server, stored: str, scopes: frozenset[KeyScope]
) -> None:
    client = connections.get("default")
    await client.execute_query(
        "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at)"
        " VALUES ('legacy1', 'old', $1, $2, now())",
        [hash_secret("s3cret"), stored],
    )
    await migration.upgrade_scopes(None, SimpleNamespace(client=client))
    [row] = await client.execute_query_dict("SELECT scopes FROM api_keys WHERE id = 'legacy1'")
    assert "read" not in row["scopes"].split(",")
    principal = await KeyVerifier(cache_seconds=0).verify("etp_legacy1_s3cret")
    assert principal is not None and principal.scopes == scopes
    # And back: a downgrade gives the older release the words it knows.
    await migration.downgrade_scopes(None, SimpleNamespace(client=client))
    [row] = await client.execute_query_dict("SELECT scopes FROM api_keys WHERE id = 'legacy1'")
    assert row["scopes"] in {"read", "read,write"}
