"""Standard Webhooks signatures for outbound deliveries, made by the `standardwebhooks` package.

A destination's secret is `whsec_` + base64 of 32 random bytes. After a rotation the previous
secret keeps signing for ROTATION_OVERLAP beside the new one (the header then carries both,
space-separated), so a receiver can switch secrets without dropping a delivery.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from standardwebhooks.webhooks import Webhook

ROTATION_OVERLAP = timedelta(hours=24)
SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signing_secrets(
    secret: str, previous: str | None, previous_until: datetime | None, *, now: datetime
) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during its overlap."""
    if previous is not None and previous_until is not None and now < previous_until:
        return [secret, previous]
    return [secret]


def signature_header(
    secrets_now: Sequence[str], *, message_id: str, timestamp: datetime, body: bytes
) -> str:
    """The `webhook-signature` value: one `v1,<base64>` per secret, space-separated."""
    return " ".join(
        Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body)
        for secret in secrets_now
    )
