"""/session: a person signs in to the dashboard with an API key, and out again.

POST exchanges the key for a session (core/access/browser_sessions.py) kept in an HttpOnly cookie;
GET says who is signed in and hands the page its CSRF token; DELETE ends the session on the
server. Errors are problem+json like the rest of the REST shim.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from api import browser_auth
from api.body_limit import BodyTimeout, BodyTooLarge, body_too_large_problem, read_limited_body
from api.rate_limits import RateLimits, parse_limit
from api.rest.body import MalformedJson, parse_json
from api.rest.media_types import is_json
from api.rest.problems import body_timeout_problem, problem
from core.access.api_keys import KeyVerifier
from core.access.browser_sessions import end_session, start_session
from core.runtime import ProcessServices

# {"apiKey": "etp_<id>_<secret>"} is under 100 bytes.
MAX_BODY_BYTES = 4096
NO_STORE = {"Cache-Control": "no-store"}
# Sign-in checks the key in the database, never in a cache: a key revoked a moment ago
# must not open a session.
_fresh_keys = KeyVerifier(cache_seconds=0)


def _not_signed_in() -> Response:
    return problem(
        401,
        "not-signed-in",
        "Not signed in",
        "no valid session: sign in with POST /session",
        headers={**NO_STORE, "WWW-Authenticate": 'Cookie realm="etp"'},
    )


def _csrf_refused() -> Response:
    return problem(
        403,
        "csrf-token-invalid",
        "CSRF token missing or wrong",
        f"send the session's CSRF token (GET /session: csrfToken) in {browser_auth.CSRF_HEADER}",
    )


async def create_session(request: Request) -> Response:
    services: ProcessServices = request.state.services
    settings = services.settings
    rate_limits: RateLimits = request.state.rate_limits
    client = request.client.host if request.client else "unknown"
    verdict = await rate_limits.hit(parse_limit(settings.session_rate_limit), "session", client)
    if verdict is not None and not verdict.allowed:
        return problem(
            429,
            "rate-limited",
            "Too many requests",
            f"{verdict.limit} sign-ins per {verdict.window_seconds} s from one address;"
            f" retry in {verdict.reset_seconds} s",
            headers=verdict.headers(),
        )
    # A cross-site form can POST text/plain but not JSON without a CORS preflight: requiring
    # JSON, and a same-origin Origin when the browser sends one, stops a page from signing a
    # visitor in as the attacker (login CSRF).
    if not is_json(request.headers.get("content-type")):
        return problem(
            415, "unsupported-media-type", "Unsupported media type", "send application/json"
        )
    if "origin" in request.headers and not browser_auth.same_origin(request, settings):
        return problem(403, "cross-origin", "Cross-origin request", "sign in from this site")
    try:
        body = await read_limited_body(
            request.scope,
            request.receive,
            max_bytes=MAX_BODY_BYTES,
            read_timeout=settings.http_read_timeout_seconds,
        )
    except BodyTooLarge:
        return body_too_large_problem(MAX_BODY_BYTES)
    except BodyTimeout:
        return body_timeout_problem(settings.http_read_timeout_seconds)
    except ClientDisconnect:
        return Response(status_code=499)
    try:
        document = parse_json(body)
    except MalformedJson as error:
        return problem(400, "malformed-json", "Malformed JSON", str(error))
    api_key = document.get("apiKey") if isinstance(document, dict) else None
    if not isinstance(api_key, str) or not api_key:
        return problem(
            422,
            "invalid-request",
            "Invalid request",
            'the body must be {"apiKey": "..."}',
            errors=[{"field": ["apiKey"], "message": "an API key string is required"}],
        )
    principal = await _fresh_keys.verify(api_key)
    if principal is None:
        return problem(
            401, "invalid-api-key", "Invalid API key", "the API key is unknown or revoked"
        )
    lifetime = settings.session_max_age_seconds
    issued = await start_session(
        principal, now=services.now(), lifetime=timedelta(seconds=lifetime)
    )
    response = Response(status_code=204, headers=NO_STORE)
    browser_auth.set_session_cookies(
        response, issued, max_age=lifetime, secure=browser_auth.is_https(request, settings)
    )
    return response


async def read_session(request: Request) -> Response:
    services: ProcessServices = request.state.services
    session = await browser_auth.signed_in(request, now=services.now())
    if session is None:
        return _not_signed_in()
    principal = session.principal
    return JSONResponse(
        {
            "keyName": principal.name,
            "scopes": sorted(scope.value for scope in principal.scopes),
            "csrfToken": session.csrf_token,
            "expiresAt": session.expires_at.isoformat(),
        },
        headers={**NO_STORE, browser_auth.CSRF_HEADER: session.csrf_token},
    )


async def delete_session(request: Request) -> Response:
    """Idempotent: without a live session there is nothing to end, and the cookies go anyway."""
    services: ProcessServices = request.state.services
    session = await browser_auth.signed_in(request, now=services.now())
    if session is not None:
        if not session.csrf_matches(browser_auth.csrf_header(request)):
            return _csrf_refused()
        await end_session(browser_auth.session_cookie(request))
    response = Response(status_code=204, headers=NO_STORE)
    browser_auth.clear_session_cookies(
        response, secure=browser_auth.is_https(request, services.settings)
    )
    return response
