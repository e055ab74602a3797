"""Managing destinations: the service the GraphQL mutations call.

Each function checks its input first and writes nothing when it is refused: it returns the
errors (core/errors.py) instead, each naming its field in the domain's words.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from core.deliveries.address_policy import url_problem
from core.deliveries.records import DestinationSettings, StoredDestination
from core.deliveries.retry_schedule import SVIX_SCHEDULE, schedule_problem
from core.deliveries.signature import ROTATION_OVERLAP, new_secret
from core.errors import UserError, invalid, not_found
from core.storage import destination_rows

MAX_TIMEOUT_SECONDS = 60
MAX_HEADERS = 50
MAX_HEADER_BYTES = 8192
# Set by the platform on every request; a static header must not replace them.
RESERVED_HEADERS = frozenset(
    {
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "content-type",
        "content-length",
        "accept-encoding",
        "host",
        "transfer-encoding",
        "connection",
        # Hop-by-hop (RFC 9110 7.6.1): they describe one connection, not the request.
        "keep-alive",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authorization",
    }
)
# Standard Webhooks names its headers webhook-*: a static one could pass for the platform's.
RESERVED_PREFIX = "webhook-"
# RFC 9110 field names (tokens).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}")


Checked = tuple[int, ...] | list[UserError]
Answer = StoredDestination | list[UserError]


def check_settings(settings: DestinationSettings, *, allow_private: bool) -> Checked:
    """The retry schedule the destination will use, or every error of its settings."""
    errors: list[UserError] = []
    if not settings.name.strip() or len(settings.name) > 200:
        errors.append(invalid("name must be 1 to 200 characters", "name"))
    problem = url_problem(settings.url, allow_http=allow_private)
    if problem is not None:
        errors.append(invalid(f"url {problem}", "url"))
    if not 1 <= settings.timeout_seconds <= MAX_TIMEOUT_SECONDS:
        errors.append(
            invalid(f"timeout must be between 1 and {MAX_TIMEOUT_SECONDS} s", "timeout_seconds")
        )
    errors.extend(_header_errors(settings.headers))
    if settings.max_in_flight is not None and not 1 <= settings.max_in_flight <= 1000:
        errors.append(invalid("must be between 1 and 1000", "max_in_flight"))
    rate = settings.rate_per_second
    if rate is not None and not (math.isfinite(rate) and 0 < rate <= 10_000):
        errors.append(invalid("must be above 0 and at most 10000", "rate_per_second"))
    schedule = SVIX_SCHEDULE if settings.retry_schedule is None else settings.retry_schedule
    problem = schedule_problem(schedule)
    if problem is not None:
        errors.append(invalid(problem, "retry_schedule"))
    return errors or tuple(schedule)


def _header_errors(headers: dict[str, str] | None) -> list[UserError]:
    if headers is None:
        return []
    if len(headers) > MAX_HEADERS:
        return [invalid(f"at most {MAX_HEADERS} headers", "headers")]
    size = 0
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            return [invalid("headers must map names to strings", "headers")]
        if not _TOKEN.fullmatch(name):
            return [invalid(f"invalid header name {name[:40]!r}", "headers")]
        if any(c in value for c in "\r\n\0"):
            return [invalid(f"header {name} has a line break", "headers", name)]
        if name.lower() in RESERVED_HEADERS or name.lower().startswith(RESERVED_PREFIX):
            return [invalid(f"header {name} is set by the platform", "headers", name)]
        size += len(name) + len(value)
    if size > MAX_HEADER_BYTES:
        return [invalid(f"headers add up to more than {MAX_HEADER_BYTES} bytes", "headers")]
    return []


async def create_destination(
    settings: DestinationSettings, *, allow_private: bool, created_by_key: str | None = None
) -> Answer:
    """The new destination, with its secret (shown to the caller in this answer only)."""
    schedule = check_settings(settings, allow_private=allow_private)
    if isinstance(schedule, list):
        return schedule
    return await destination_rows.insert_destination(
        settings, schedule=schedule, secret=new_secret(), created_by_key=created_by_key
    )


async def update_destination(
    destination_id: UUID, settings: DestinationSettings, *, allow_private: bool, now: datetime
) -> Answer:
    schedule = check_settings(settings, allow_private=allow_private)
    if isinstance(schedule, list):
        return schedule
    changes = destination_rows.settings_columns(settings, schedule)
    return _found(await destination_rows.update_destination(destination_id, changes, now=now))


async def pause_destination(destination_id: UUID, *, now: datetime) -> Answer:
    """Deliveries keep being queued while paused, and go out on resume."""
    return _found(
        await destination_rows.update_destination(destination_id, {"paused": True}, now=now)
    )


async def resume_destination(destination_id: UUID, *, now: datetime) -> Answer:
    """Also re-enables a disabled destination, with a fresh failing streak."""
    changes = {"paused": False, "disabled_at": None, "disabled_reason": None, "failing_since": None}
    return _found(await destination_rows.update_destination(destination_id, changes, now=now))


async def rotate_secret(destination_id: UUID, *, now: datetime) -> Answer:
    """A new secret; the current one keeps signing beside it for ROTATION_OVERLAP."""
    current = await destination_rows.destination_by_id(destination_id)
    if current is None:
        return _found(None)
    changes = {
        "secret": new_secret(),
        "previous_secret": current.secret,
        "previous_secret_until": now + ROTATION_OVERLAP,
    }
    return _found(await destination_rows.update_destination(destination_id, changes, now=now))


async def delete_destination(destination_id: UUID) -> list[UserError]:
    """Its deliveries and their attempts go with it."""
    if await destination_rows.delete_destination(destination_id):
        return []
    return [not_found("destination", "id")]


async def destination(destination_id: UUID) -> StoredDestination | None:
    return await destination_rows.destination_by_id(destination_id)


async def destinations(*, first: int, after: UUID | None) -> list[StoredDestination]:
    return await destination_rows.destinations_page(limit=first, after=after)


def without_secret(destination: StoredDestination) -> StoredDestination:
    """What every answer but create and rotate shows: no secret."""
    return replace(destination, secret="", previous_secret=None)


def _found(destination: StoredDestination | None) -> Answer:
    return destination if destination is not None else [not_found("destination", "id")]
