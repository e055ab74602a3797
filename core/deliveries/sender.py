"""One attempt: the signed POST of an event to a destination, and what its answer means.

The body is the event as the REST shim renders it (core/events/records.py event_document, its
status as of the attempt: a retry hours later may read ARCHIVED); the signature is made afresh
each time, over a fresh timestamp (receivers refuse timestamps more than 5 minutes off). The timeout bounds the whole attempt:
connecting, sending, and reading the answer's status, headers and first RESPONSE_EXCERPT bytes
(what is kept; the rest is not read). Neither the secret nor the static headers (which may hold
a receiver's credential) ever appear in an error or a log line.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx

from core.deliveries.guarded_network import refused_address
from core.deliveries.outcomes import Outcome, Verdict, classify, outcome_label
from core.deliveries.records import (
    AttemptResult,
    ClaimedDelivery,
    DeliveryStatus,
    StoredAttempt,
)
from core.deliveries.retry_schedule import next_wait
from core.deliveries.signature import signature_header, signing_secrets
from core.events.records import StoredEvent, event_document
from core.events.retention import RetentionWindows
from core.platform import json_encoding as json_text

RESPONSE_EXCERPT = 4096
# Response headers kept with an attempt: what explains a refusal or a wait, nothing that may
# carry a credential (Set-Cookie) or bulk.
HEADERS_OF_INTEREST = (
    "content-type",
    "retry-after",
    "date",
    "server",
    "location",
    "www-authenticate",
    "x-request-id",
)


def delivery_body(event: StoredEvent, *, now: datetime, windows: RetentionWindows) -> bytes:
    return json_text.dumps(
        event_document(event, status=event.status(now=now, windows=windows))
    ).encode()


def request_headers(claimed: ClaimedDelivery, body: bytes, now: datetime) -> dict[str, str]:
    destination = claimed.destination
    secrets_now = signing_secrets(
        destination.secret,
        destination.previous_secret,
        destination.previous_secret_until,
        now=now,
    )
    message_id = claimed.delivery.message_id
    return {
        **(destination.headers or {}),
        "content-type": "application/json",
        # The excerpt kept is the answer's first bytes as sent: ask for them uncompressed.
        "accept-encoding": "identity",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature_header(
            secrets_now, message_id=message_id, timestamp=now, body=body
        ),
    }


async def attempt(
    client: httpx.AsyncClient,
    claimed: ClaimedDelivery,
    *,
    now: Callable[[], datetime],
    windows: RetentionWindows,
    disable_after: timedelta,
) -> AttemptResult:
    started = now()
    body = delivery_body(claimed.event, now=started, windows=windows)
    headers = request_headers(claimed, body, started)
    timeout = claimed.destination.timeout_seconds
    status: int | None = None
    kept: dict[str, str] | None = None
    excerpt: str | None = None
    error: str | None = None
    clock = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with client.stream(
                "POST", claimed.destination.url, content=body, headers=headers, timeout=timeout
            ) as response:
                status = response.status_code
                kept = {
                    name: response.headers[name]
                    for name in HEADERS_OF_INTEREST
                    if name in response.headers
                }
                excerpt = await _excerpt(response)
    except TimeoutError:
        error = f"no answer within {timeout} s"
    except httpx.TimeoutException:
        error = f"no answer within {timeout} s"
    except httpx.HTTPError as failure:
        error = refused_address(failure) or _describe(failure)
    duration_ms = round((time.perf_counter() - clock) * 1000)
    at = started
    verdict = (
        classify(status, retry_after=(kept or {}).get("retry-after"), now=at)
        if error is None
        else Verdict(Outcome.RETRY)
    )
    record = StoredAttempt(
        delivery_id=claimed.delivery.id,
        at=at,
        duration_ms=duration_ms,
        status_code=status,
        error=error,
        response_headers=kept,
        response_body=excerpt,
    )
    return decide(claimed, record, verdict, disable_after=disable_after)


def decide(
    claimed: ClaimedDelivery,
    record: StoredAttempt,
    verdict: Verdict,
    *,
    disable_after: timedelta,
) -> AttemptResult:
    """What the delivery and its destination become after this attempt. Pure."""
    label = outcome_label(record.status_code, verdict.outcome)
    if verdict.outcome is Outcome.DELIVERED:
        return AttemptResult(record, DeliveryStatus.DELIVERED, None, outcome=label)
    if verdict.outcome is Outcome.GONE:
        gone = "the endpoint answered 410 Gone"
        return AttemptResult(record, DeliveryStatus.FAILED, None, gone, label)
    destination = claimed.destination
    failing_since = destination.failing_since or record.at
    reason = None
    if record.at - failing_since >= disable_after:
        reason = f"every attempt failed for {_span(disable_after)}"
    wait = next_wait(
        claimed.delivery.attempts + 1,
        destination.retry_schedule,
        retry_after=verdict.retry_after,
    )
    if wait is None:
        return AttemptResult(record, DeliveryStatus.FAILED, None, reason, label)
    return AttemptResult(
        record, DeliveryStatus.PENDING, record.at + timedelta(seconds=wait), reason, label
    )


async def _excerpt(response: httpx.Response) -> str:
    kept = bytearray()
    async for chunk in response.aiter_raw():
        kept += chunk[: RESPONSE_EXCERPT - len(kept)]
        if len(kept) >= RESPONSE_EXCERPT:
            break
    return kept.decode("utf-8", errors="replace")


def _describe(failure: httpx.HTTPError) -> str:
    # httpx's messages name the failure (refused, reset, TLS); the request, which carries the
    # static headers and the signature, is never part of them.
    text = str(failure) or type(failure).__name__
    return f"{type(failure).__name__}: {text}"[:500]


def _span(period: timedelta) -> str:
    seconds = period.total_seconds()
    if seconds >= 86400:
        return f"{seconds / 86400:g} days"
    return f"{seconds / 3600:g} hours" if seconds >= 3600 else f"{seconds:g} s"
