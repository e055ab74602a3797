"""How a browser proves who it is: the session cookie, its CSRF token, and where it came from.

The names here are the dashboard's contract (UI-CONTRACT.md): `etp_session` (HttpOnly) carries
the session id, `etp_csrf` (readable by the page's script) and the `X-CSRF-Token` header carry
the session's CSRF token.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection
from starlette.responses import Response

from core.access.browser_sessions import IssuedSession, SignedIn, resume_session
from core.platform.settings import Settings

SESSION_COOKIE = "etp_session"
CSRF_COOKIE = "etp_csrf"
CSRF_HEADER = "X-CSRF-Token"


def session_cookie(connection: HTTPConnection) -> str | None:
    return connection.cookies.get(SESSION_COOKIE)


async def signed_in(connection: HTTPConnection, *, now: datetime) -> SignedIn | None:
    cookie = session_cookie(connection)
    return await resume_session(cookie, now=now) if cookie else None


def csrf_header(connection: HTTPConnection) -> str | None:
    return connection.headers.get(CSRF_HEADER)


def is_https(connection: HTTPConnection, settings: Settings) -> bool:
    return connection.url.scheme in {"https", "wss"} or settings.base_url.startswith("https:")


def same_origin(connection: HTTPConnection, settings: Settings) -> bool:
    """Whether the request's Origin is this server: its own Host, or PUBLIC_URL. Browsers send
    Origin on every websocket upgrade and every cross-origin POST; a missing one is refused
    where a cookie would otherwise authenticate (a cross-site websocket carries the cookie)."""
    origin = connection.headers.get("origin")
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    if parts.netloc.lower() == connection.headers.get("host", "").lower():
        return True
    public = urlsplit(settings.base_url)
    return (parts.scheme, parts.netloc.lower()) == (public.scheme, public.netloc.lower())


def set_session_cookies(
    response: Response, issued: IssuedSession, *, max_age: int, secure: bool
) -> None:
    token = issued.signed_in.csrf_token
    response.set_cookie(
        SESSION_COOKIE,
        issued.session_id,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    # Readable by the page's script (double-submit fallback); the server checks the header
    # against the token stored with the session, not against this cookie.
    response.set_cookie(
        CSRF_COOKIE, token, max_age=max_age, path="/", secure=secure, samesite="strict"
    )
    response.headers[CSRF_HEADER] = token


def clear_session_cookies(response: Response, *, secure: bool) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")
