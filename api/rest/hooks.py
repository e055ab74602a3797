"""POST /hooks/{token}[/test]: webhook callers fire API triggers; the token is the credential."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.rate_limits import RateLimits, parse_limit
from api.rest.body import BodyTooLarge, MalformedJson, parse_json, read_capped_body
from api.rest.problems import problem
from core.events import event_document
from core.firing import HookRequest
from core.metrics import metrics
from core.runtime import Platform

IDEMPOTENCY_KEY_MAX = 255


async def fire_hook(request: Request) -> Response:
    return await _fire(request, is_test=False)


async def fire_hook_test(request: Request) -> Response:
    return await _fire(request, is_test=True)


async def _fire(request: Request, *, is_test: bool) -> Response:
    response = await _respond(request, is_test=is_test)
    metrics.inc("etp_hook_requests_total", status=str(response.status_code))
    return response


async def _respond(request: Request, *, is_test: bool) -> Response:
    platform: Platform = request.state.platform
    rate_limits: RateLimits = request.state.rate_limits
    # Per token, before the body is read: a flood costs one counter update per request.
    verdict = await rate_limits.hit(
        parse_limit(platform.settings.hook_rate_limit), "hook", request.path_params["token"]
    )
    if verdict is not None and not verdict.allowed:
        return problem(
            429,
            "rate-limited",
            "Too many requests",
            f"this hook accepts {verdict.limit} requests per {verdict.window_seconds} s;"
            f" retry in {verdict.reset_seconds} s",
            headers=verdict.headers(),
        )
    limit = platform.settings.hook_max_body_bytes
    try:
        body = await read_capped_body(request, limit=limit)
    except BodyTooLarge:
        return problem(
            413, "body-too-large", "Payload too large", f"the body exceeds {limit} bytes"
        )
    try:
        payload = parse_json(body)
    except MalformedJson as error:
        return problem(400, "malformed-json", "Malformed JSON", str(error))
    idempotency_key = request.headers.get("idempotency-key")
    if idempotency_key is not None and not 0 < len(idempotency_key) <= IDEMPOTENCY_KEY_MAX:
        return problem(
            400,
            "invalid-idempotency-key",
            "Invalid Idempotency-Key",
            f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} characters",
        )
    outcome = await platform.firing.fire_hook(
        HookRequest(
            token=request.path_params["token"],
            payload=payload,
            is_test=is_test,
            raw_body=body,
            idempotency_key=idempotency_key,
        )
    )
    if outcome.not_found:
        return problem(404, "unknown-hook", "Unknown hook", "no API trigger has this hook URL")
    if outcome.paused:
        return problem(
            409, "trigger-paused", "Trigger paused", "the trigger is paused; resume it to fire"
        )
    if outcome.violations:
        return problem(
            422,
            "schema-mismatch",
            "Payload does not match the trigger's schema",
            f"{len(outcome.violations)} violation(s): "
            + "; ".join(v.message for v in outcome.violations),
            errors=[{"field": list(v.path), "message": v.message} for v in outcome.violations],
        )
    if outcome.idempotency_conflict:
        return problem(
            422,
            "idempotency-key-reused",
            "Idempotency-Key reused",
            "this Idempotency-Key was first used with a different request body",
        )
    if outcome.changed:
        return problem(
            409, "trigger-changed", "Trigger changed", "the trigger changed while firing; retry"
        )
    assert outcome.event is not None
    status = outcome.event.status(now=platform.now(), windows=platform.windows)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(
        {"event": event_document(outcome.event, status=status)}, status_code=202, headers=headers
    )
