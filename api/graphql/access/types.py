"""The access domain's GraphQL types: API keys as their managers see them (never the secret,
which ApiKeyCreated carries once)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

import strawberry

from api.graphql.connections import Edge, PageInfo
from api.graphql.user_errors import UserError
from core.access.api_keys import PREFIX
from core.access.records import StoredApiKey
from core.access.scopes import KeyScope, scopes_of_stored

# Core's enum is the GraphQL enum (as ErrorCode in user_errors.py).
strawberry.enum(KeyScope, name="KeyScope")


@strawberry.type(name="ApiKey")
class ApiKey:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(
        description="The key's public start, etp_<id>: to tell keys apart."
    )
    scopes: list[KeyScope]
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="Within about a minute: not written on every request."
    )
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_stored(cls, row: StoredApiKey) -> ApiKey:
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            prefix=f"{PREFIX}{row.id}",
            scopes=sorted(scopes_of_stored(row.scopes), key=list(KeyScope).index),
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type(name="ApiKeyConnection")
class ApiKeyConnection:
    edges: list[Edge[ApiKey]]
    page_info: PageInfo


@strawberry.input(name="CreateApiKeyInput")
class CreateApiKeyInput:
    name: str
    scopes: list[KeyScope]
    expires_at: datetime | None = None


@strawberry.type(name="ApiKeyCreated")
class ApiKeyCreated:
    key: ApiKey | None = None
    secret: str | None = strawberry.field(default=None, description="Shown once: store it now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def key_cursor(row: StoredApiKey) -> str:
    return base64.urlsafe_b64encode(f"{row.created_at.isoformat()}|{row.id}".encode()).decode()


def after_key(cursor: str) -> tuple[datetime, str] | None:
    """The position a cursor from apiKeys names; None for anything else."""
    try:
        created, _, key_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        at = datetime.fromisoformat(created)
    except (ValueError, binascii.Error, UnicodeError):
        return None
    if not key_id or at.tzinfo is None:
        return None
    return at, key_id
