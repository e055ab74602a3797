"""POST /hooks/{token}[/test]: webhook callers fire API triggers; the token is the credential."""

from __future__ import annotations

import hashlib
import re
from time import perf_counter

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from api.body_limit import (
    BodyTimeout,
    BodyTooLarge,
    BodyUndecodable,
    body_too_large_problem,
    read_limited_body,
)
from api.rate_limits import RateLimits, parse_limit
from api.rest.body import MalformedJson, parse_json
from api.rest.media_types import content_coding, is_json
from api.rest.problems import (
    body_timeout_problem,
    commit_outcome_unknown,
    database_unavailable,
    problem,
)
from api.unknown_credentials import RETRY_MESSAGE, client_address, unknown_credentials
from core.errors import FireRefusal, RefusalReason
from core.events.rendering import render_event
from core.events.retention import EventStatus
from core.platform import json_encoding as json_text
from core.platform.metrics import observe_hook_request
from core.runtime import ProcessServices
from core.storage.transactions import CommitOutcomeUnknown, database_unreachable
from core.triggers.firing import HookRequest

IDEMPOTENCY_KEY_MAX = 255
# An Idempotency-Key is a structured-field string: printable ASCII only (RFC 8941 3.3.3).
_IDEMPOTENCY_KEY = re.compile(rf"[\x20-\x7e]{{1,{IDEMPOTENCY_KEY_MAX}}}")
# nginx's code for "the client closed the connection before the answer".
CLIENT_CLOSED_REQUEST = 499


def valid_idempotency_key(key: str) -> bool:
    return _IDEMPOTENCY_KEY.fullmatch(key) is not None


async def fire_hook(request: Request) -> Response:
    return await _fire(request, is_test=False)


async def fire_hook_test(request: Request) -> Response:
    return await _fire(request, is_test=True)


def _unknown_hook() -> Response:
    return problem(404, "unknown-hook", "Unknown hook", "no API trigger has this hook URL")


async def _fire(request: Request, *, is_test: bool) -> Response:
    started = perf_counter()
    try:
        response = await _respond(request, is_test=is_test)
    except CommitOutcomeUnknown:
        response = commit_outcome_unknown(
            "the event may or may not be stored. A retry with the same Idempotency-Key is safe:"
            " it returns the stored event or stores it once."
        )
    except Exception as error:
        if not database_unreachable(error):
            raise
        response = database_unavailable()
    observe_hook_request(response.status_code, perf_counter() - started)
    return response


async def _respond(request: Request, *, is_test: bool) -> Response:
    services: ProcessServices = request.state.services
    token: str = request.path_params["token"]
    # Nothing the caller sends is read or counted before its token is known to exist: an
    # unknown token is a 404 whatever the body, and random tokens create no rate counters.
    address = client_address(request)
    unknown = unknown_credentials(request)
    wait = await unknown.retry_after(address)
    if wait is not None:
        return problem(
            429,
            "rate-limited",
            "Too many requests",
            RETRY_MESSAGE.format(wait),
            headers={"Retry-After": str(wait)},
        )
    target = await services.firing.find_hook(token)
    if target is None:
        await unknown.refused(address)
        return _unknown_hook()
    rate_limits: RateLimits = request.state.rate_limits
    # Counted under a digest: the token is a credential and Redis keys are readable by anyone
    # with access to Redis.
    counter = hashlib.sha256(token.encode()).hexdigest()[:32]
    verdict = await rate_limits.hit(parse_limit(services.settings.hook_rate_limit), "hook", counter)
    if verdict is not None and not verdict.allowed:
        return problem(
            429,
            "rate-limited",
            "Too many requests",
            f"this hook accepts {verdict.limit} requests per {verdict.window_seconds} s;"
            f" retry in {verdict.reset_seconds} s",
            headers=verdict.headers(),
        )
    idempotency_key = request.headers.get("idempotency-key")
    if idempotency_key is not None and not valid_idempotency_key(idempotency_key):
        return problem(
            400,
            "invalid-idempotency-key",
            "Invalid Idempotency-Key",
            f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} printable ASCII characters",
        )
    # Decided from the headers, before any of the body is read.
    if not is_json(request.headers.get("content-type")):
        return problem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "send the payload as application/json (or a +json type), in UTF-8",
        )
    coding = content_coding(request.headers.get("content-encoding"))
    if coding is None:
        return problem(
            415,
            "unsupported-content-encoding",
            "Unsupported content encoding",
            "send the body as it is, or compressed with Content-Encoding: gzip",
            headers={"Accept-Encoding": "gzip"},
        )
    limit = services.settings.hook_max_body_bytes
    timeout = services.settings.http_read_timeout_seconds
    try:
        body = await read_limited_body(
            request.scope, request.receive, max_bytes=limit, read_timeout=timeout, coding=coding
        )
    except BodyTooLarge:
        return body_too_large_problem(limit)
    except BodyTimeout:
        return body_timeout_problem(timeout)
    except BodyUndecodable as error:
        return problem(400, "undecodable-body", "Undecodable body", str(error))
    except ClientDisconnect:
        # Nobody is left to read an answer; the status only tells the access log.
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    try:
        payload = parse_json(body)
    except MalformedJson as error:
        return problem(400, "malformed-json", "Malformed JSON", str(error))
    outcome = await services.firing.fire_hook(
        HookRequest(
            target=target,
            payload=payload,
            is_test=is_test,
            raw_body=body,
            idempotency_key=idempotency_key,
        )
    )
    if isinstance(outcome, list):
        return refusal_problem(outcome)
    # A replay's event is within retention (core/triggers/firing.py); one that crossed the line
    # since reads as archived, so that `status` is never null, as GraphQL's EventStatus!.
    status = (
        outcome.event.status(now=services.now(), windows=services.windows) or EventStatus.ARCHIVED
    )
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    # orjson where exact (core/platform/json_encoding.py): every accepted hook is encoded here.
    return Response(
        json_text.dumps({"event": render_event(outcome.event, status=status)}),
        status_code=202,
        headers=headers,
        media_type="application/json",
    )


def refusal_problem(refusals: list[FireRefusal]) -> Response:
    """A refused firing as problem details: the status and type by the (first) reason."""
    reason = refusals[0].reason
    if reason is RefusalReason.UNKNOWN_TRIGGER:
        return _unknown_hook()
    if reason is RefusalReason.PAUSED:
        return problem(
            409, "trigger-paused", "Trigger paused", "the trigger is paused; resume it to fire"
        )
    if reason is RefusalReason.SCHEMA_MISMATCH:
        return problem(
            422,
            "schema-mismatch",
            "Payload does not match the trigger's schema",
            f"{len(refusals)} violation(s): " + "; ".join(r.message for r in refusals),
            # Paths within the body, which is the payload.
            errors=[{"field": list(r.field or ())[1:], "message": r.message} for r in refusals],
        )
    if reason is RefusalReason.IDEMPOTENCY_KEY_REUSED:
        return problem(422, "idempotency-key-reused", "Idempotency-Key reused", refusals[0].message)
    if reason is RefusalReason.TRIGGER_CHANGED:
        return problem(409, "trigger-changed", "Trigger changed", refusals[0].message)
    raise AssertionError(f"a hook is never refused as {reason}")
