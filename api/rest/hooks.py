"""POST /hooks/{token}[/test]: webhook callers fire API triggers; the token is the credential."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.rest.body import BodyTooLarge, MalformedJson, parse_json, read_capped_body
from api.rest.problems import commit_outcome_unknown, database_unavailable, problem
from core.events import event_document
from core.firing import HookRequest
from core.metrics import metrics
from core.runtime import Platform
from core.transactions import CommitOutcomeUnknown, database_unreachable

IDEMPOTENCY_KEY_MAX = 255


async def fire_hook(request: Request) -> Response:
    return await _fire(request, is_test=False)


async def fire_hook_test(request: Request) -> Response:
    return await _fire(request, is_test=True)


async def _fire(request: Request, *, is_test: bool) -> Response:
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
    metrics.inc("etp_hook_requests_total", status=str(response.status_code))
    return response


async def _respond(request: Request, *, is_test: bool) -> Response:
    platform: Platform = request.state.platform
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
