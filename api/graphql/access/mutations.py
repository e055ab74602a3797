"""The access domain's mutations (keys:admin): create a key, its secret shown once; revoke one."""

from __future__ import annotations

import strawberry

from api.graphql.access.types import ApiKey, ApiKeyCreated, CreateApiKeyInput
from api.graphql.context import Context
from api.graphql.triggers.types import DeletePayload
from api.graphql.user_errors import user_errors
from core.access import api_keys
from core.access.key_revocations import announce_revocation
from core.access.new_keys import new_key_errors
from core.errors import not_found


@strawberry.type
class KeyMutation:
    @strawberry.mutation(description="The secret is in this answer only.")
    async def create_api_key(
        self, info: strawberry.Info[Context], input: CreateApiKeyInput
    ) -> ApiKeyCreated:
        scopes = frozenset(input.scopes)
        errors = new_key_errors(input.name, scopes, input.expires_at, now=info.context.now)
        if errors:
            return ApiKeyCreated(errors=user_errors(errors, under_input=True))
        issued = await api_keys.create_key(input.name, scopes, expires_at=input.expires_at)
        # A refusal remembered for its id (only a guess could have asked) goes with it.
        info.context.services.keys.forget(issued.key_id)
        return ApiKeyCreated(key=ApiKey.from_stored(issued.key), secret=issued.secret_key)

    @strawberry.mutation(
        description="Refused from its next request on, on every API process (Redis carries the news)."
    )
    async def revoke_api_key(
        self, info: strawberry.Info[Context], id: strawberry.ID
    ) -> DeletePayload:
        if not await api_keys.revoke_key(str(id)):
            return DeletePayload(
                errors=user_errors([not_found("active key", "id")], under_input=False)
            )
        services = info.context.services
        services.keys.forget(str(id))
        await announce_revocation(
            services.redis, prefix=services.settings.redis_prefix, key_id=str(id)
        )
        return DeletePayload(deleted_id=id)
