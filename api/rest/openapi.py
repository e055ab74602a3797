"""The OpenAPI 3.1 document of the REST shim, written as data and served at GET /openapi.json.

tests/api/test_openapi.py keeps it honest: every route the app serves is documented (GraphQL
excepted, see NOT_REST), every documented route exists, every problem a hook handler returns is
listed under its status, and the headers real responses carry are exactly those documented.
tests/conformance/test_openapi_lint.py lints it with Redocly's recommended rules.
"""

from __future__ import annotations

import functools
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.browser_auth import CSRF_HEADER, SESSION_COOKIE
from api.dashboard.routes import PAGE_PATHS, root_file_paths
from api.rest.event_export import EXPORT_HEADERS
from api.rest.problems import PROBLEM_TYPE_BASE
from api.rest.sign_in import NO_STORE
from core.platform.settings import Settings

# Routes the app serves that are not part of the REST shim, and where they are described.
NOT_REST = {
    "/graphql": "GraphQL over HTTP and websocket: schema.graphql",
    **dict.fromkeys(PAGE_PATHS, "the dashboard's pages (api/dashboard/routes.py)"),
    **dict.fromkeys(root_file_paths(), "files of the dashboard's build (favicon and the like)"),
}

PROBLEM_JSON = "application/problem+json"
_DEFAULTS = Settings()


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _problem(description: str, *slugs: str, headers: dict[str, Any] | None = None) -> Any:
    listed = ", ".join(f"`{slug}`" for slug in slugs)
    response: dict[str, Any] = {
        "description": f"{description} (problem types: {listed})" if slugs else description,
        "content": {PROBLEM_JSON: {"schema": _ref("Problem")}},
    }
    if headers:
        response["headers"] = headers
    return response


def _header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """A header every response of its status carries."""
    return {"description": description, "required": True, "schema": schema or {"type": "string"}}


def _fixed(headers: dict[str, str], why: str) -> dict[str, Any]:
    """Headers with fixed values, documented from the dict the handler sends."""
    return {
        name: _header(f"{why}: `{value}`.", {"type": "string", "enum": [value]})
        for name, value in headers.items()
    }


_RETRY_AFTER = {
    "Retry-After": _header(
        "Seconds until a retry can succeed (RFC 9110).", {"type": "integer", "minimum": 1}
    )
}
# What api/rate_limits.py `Verdict.headers()` sends with a refusal.
_RATE_HEADERS = {
    **_RETRY_AFTER,
    "RateLimit": _header("`limit=N, remaining=N, reset=S` (draft-ietf-httpapi-ratelimit-headers)."),
    "RateLimit-Policy": _header("`N;w=S`: N requests per window of S seconds."),
}
_CLOSES = _fixed({"Connection": "close"}, "The rest of the request may still be on its way")
_NO_STORE = _fixed(NO_STORE, "Never cached")
# Refused by the HTTP layer (api/http_protocol.py) before any route runs: any operation.
_HEADERS_TOO_LARGE = {
    "description": "The request's headers exceed `HTTP_MAX_HEADER_BYTES` (default "
    f"{_DEFAULTS.http_max_header_bytes}); no body, and the connection is closed.",
    "headers": _CLOSES,
}
_HEADERS_TOO_SLOW = {
    "description": "The request's headers did not arrive within `HTTP_HEADER_TIMEOUT_SECONDS` "
    f"(default {_DEFAULTS.http_header_timeout_seconds:g}); no body, and the connection is "
    "closed.",
    "headers": _CLOSES,
}
_PUBLIC: list[dict[str, list[str]]] = []
_SIGNED_IN: list[dict[str, list[str]]] = [{"Session": []}]
_KEY_OR_SESSION: list[dict[str, list[str]]] = [{"ApiKey": []}, {"Bearer": []}, {"Session": []}]


def _hook_operation(*, is_test: bool) -> dict[str, Any]:
    what = "a test event (hidden from event lists unless asked for)" if is_test else "an event"
    return {
        "operationId": "fireHookTest" if is_test else "fireHook",
        "tags": ["hooks"],
        # The token in the path is the credential, which no OpenAPI security scheme expresses.
        "security": _PUBLIC,
        "summary": "Fire the API trigger as a test" if is_test else "Fire the API trigger",
        "description": (
            f"Validates the JSON body against the trigger's schema and stores {what}. "
            "The token in the path is the credential: the trigger's `hookUrl` carries it. "
            "Nothing is read from the request before the token is known to exist, and a "
            "refused request writes nothing."
        ),
        "parameters": [
            {"$ref": "#/components/parameters/HookToken"},
            {"$ref": "#/components/parameters/IdempotencyKey"},
            {"$ref": "#/components/parameters/ContentEncoding"},
        ],
        "requestBody": {
            "required": True,
            "description": (
                "The payload: any JSON document the trigger's schema accepts, at most "
                f"`HOOK_MAX_BODY_BYTES` (default {_DEFAULTS.hook_max_body_bytes}) bytes, nested "
                "at most 64 levels, sent whole within `HTTP_READ_TIMEOUT_SECONDS` (default "
                f"{_DEFAULTS.http_read_timeout_seconds:g})."
            ),
            "content": {
                "application/json": {"schema": {}},
                "application/*+json": {"schema": {}},
            },
        },
        "responses": {
            "202": {
                "description": "Stored: the event, or with the same Idempotency-Key and body "
                "the event of the first request.",
                "headers": {
                    "Idempotent-Replayed": {
                        "description": "`true` when this answers a retry of an earlier request.",
                        "schema": {"type": "string", "enum": ["true"]},
                    }
                },
                "content": {"application/json": {"schema": _ref("HookAccepted")}},
            },
            "400": _problem(
                "The body is not JSON the platform can store (syntax, NaN, numbers out of "
                "range, integers over 4,300 digits, NUL or lone surrogates, nesting), is not "
                "valid gzip when sent with `Content-Encoding: gzip`, or the Idempotency-Key is "
                "not 1 to 255 printable ASCII characters",
                "malformed-json",
                "undecodable-body",
                "invalid-idempotency-key",
            ),
            "404": _problem("No API trigger has this hook token", "unknown-hook"),
            "408": _problem(
                "The body did not arrive within `HTTP_READ_TIMEOUT_SECONDS`; the connection "
                "is closed",
                "request-timeout",
                headers=_CLOSES,
            ),
            "409": _problem(
                "The trigger is paused (test calls still fire), or changed while firing (retry)",
                "trigger-paused",
                "trigger-changed",
            ),
            "413": _problem(
                "The body exceeds `HOOK_MAX_BODY_BYTES` (a gzip body: once decompressed)",
                "body-too-large",
            ),
            "415": _problem(
                "The Content-Type is not `application/json` or a `+json` type in UTF-8, or the "
                "Content-Encoding is neither `gzip` nor `identity`",
                "unsupported-media-type",
                "unsupported-content-encoding",
                headers={
                    "Accept-Encoding": {
                        "description": "`gzip`: sent when the Content-Encoding was refused.",
                        "schema": {"type": "string", "enum": ["gzip"]},
                    }
                },
            ),
            "422": _problem(
                "The payload does not match the trigger's schema (`errors` lists each "
                "violation with its path), or the Idempotency-Key was first used with "
                "another body",
                "schema-mismatch",
                "idempotency-key-reused",
            ),
            "429": _problem(
                f"Over `HOOK_RATE_LIMIT` for this token (default {_DEFAULTS.hook_rate_limit})",
                "rate-limited",
                headers=_RATE_HEADERS,
            ),
            "500": _problem(
                "A fault of the platform's own; nothing to fix on the caller's side",
                "internal-error",
            ),
            "503": _problem(
                "The database could not be reached (nothing was stored), or the connection broke"
                " while committing (the event may be stored). Either way a retry with the same"
                " `Idempotency-Key` is safe: it stores the event once or returns the stored one;"
                " or a read ran past `QUERY_TIMEOUT_SECONDS` (nothing was stored)",
                "database-unavailable",
                "commit-outcome-unknown",
                "query-timeout",
                headers=_RETRY_AFTER,
            ),
        },
    }


_INTERNAL = {
    "500": _problem("A fault of the platform's own", "internal-error"),
    "503": _problem(
        "The database could not be reached", "database-unavailable", headers=_RETRY_AFTER
    ),
}
_NO_SESSION = _problem(
    "No valid session (absent, ended, expired, or its key revoked)",
    "not-signed-in",
    headers={
        **_NO_STORE,
        **_fixed({"WWW-Authenticate": 'Cookie realm="etp"'}, "How to authenticate"),
    },
)
_SET_COOKIE = {
    "Set-Cookie": _header(
        f"`{SESSION_COOKIE}` (HttpOnly) and the readable `etp_csrf` cookie, set or cleared."
    )
}
_CSRF = _problem(
    "The signed-in request did not carry the session's token in `X-CSRF-Token`",
    "csrf-token-invalid",
)
_CSRF_HEADER = {
    CSRF_HEADER: _header("The session's CSRF token, to send back on state-changing requests.")
}


def _session_operations() -> dict[str, Any]:
    return {
        "post": {
            "operationId": "signIn",
            "tags": ["dashboard"],
            # The API key in the body is what is checked.
            "security": _PUBLIC,
            "summary": "Sign in: exchange an API key for a session cookie",
            "description": (
                "Sets `etp_session` (HttpOnly, SameSite=Strict, Path=/, Secure over https) and "
                "the readable `etp_csrf` cookie, and answers the CSRF token in `X-CSRF-Token`. "
                "The key itself is never stored by the browser. Requires `application/json` "
                "and, when an `Origin` is sent, this site's own."
            ),
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["apiKey"],
                            "properties": {"apiKey": {"type": "string"}},
                        }
                    }
                },
            },
            "responses": {
                "204": {
                    "description": "Signed in.",
                    "headers": {**_CSRF_HEADER, **_NO_STORE, **_SET_COOKIE},
                },
                "400": _problem("The body is not JSON", "malformed-json"),
                "401": _problem("The API key is unknown or revoked", "invalid-api-key"),
                "403": _problem("Sent from another site (`Origin`)", "cross-origin"),
                "408": _problem(
                    "The body did not arrive in time", "request-timeout", headers=_CLOSES
                ),
                "413": _problem("The body is over 4096 bytes", "body-too-large"),
                "415": _problem("The body is not `application/json`", "unsupported-media-type"),
                "422": _problem("No `apiKey` string in the body", "invalid-request"),
                "429": _problem(
                    f"Over `SESSION_RATE_LIMIT` for this client address (default "
                    f"{_DEFAULTS.session_rate_limit})",
                    "rate-limited",
                    headers=_RATE_HEADERS,
                ),
                **_INTERNAL,
            },
        },
        "get": {
            "operationId": "readSession",
            "tags": ["dashboard"],
            "security": _SIGNED_IN,
            "summary": "Who is signed in, and the session's CSRF token",
            "responses": {
                "200": {
                    "description": "The session's key and token.",
                    "headers": {**_CSRF_HEADER, **_NO_STORE},
                    "content": {"application/json": {"schema": _ref("Session")}},
                },
                "401": _NO_SESSION,
                **_INTERNAL,
            },
        },
        "delete": {
            "operationId": "signOut",
            "tags": ["dashboard"],
            # Idempotent: without a session there is nothing to end, and it still answers 204.
            "security": [*_SIGNED_IN, {}],
            "summary": "Sign out: the session ends on the server",
            "description": "Needs `X-CSRF-Token` when a session is live; idempotent.",
            "responses": {
                "204": {"description": "Signed out.", "headers": {**_NO_STORE, **_SET_COOKIE}},
                "403": _CSRF,
                **_INTERNAL,
            },
        },
    }


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _export_operation() -> dict[str, Any]:
    return {
        "operationId": "exportEvents",
        "tags": ["events"],
        "security": _KEY_OR_SESSION,
        "summary": "The events filter as NDJSON, streamed newest first",
        "description": (
            "One `Event` per line, the form the hook answer gives (snake_case, times in UTC "
            "ending in `Z`), read in keyset pages: the same filters as GraphQL `events`. Authenticated by an API key (`X-API-Key` or "
            "`Authorization: Bearer`) or the dashboard's `etp_session` cookie; counted against "
            "the key's `API_RATE_LIMIT`. Any parameter not listed is refused."
        ),
        "parameters": [
            _query(
                "status",
                "`ACTIVE` (default), `ARCHIVED` or `ALL`.",
                {"type": "string", "enum": ["ACTIVE", "ARCHIVED", "ALL", ""]},
            ),
            _query("triggerId", "One trigger's events.", {"type": "string"}),
            _query(
                "source",
                "`SCHEDULE`, `API` or `MANUAL`.",
                {"type": "string", "enum": ["SCHEDULE", "API", "MANUAL", ""]},
            ),
            _query(
                "includeTest",
                "Include test runs.",
                {"type": "string", "enum": ["true", "false", "1", "0", ""]},
            ),
            _query(
                "since",
                "firedAt at or after (ISO 8601 with an offset).",
                {"type": "string", "format": "date-time"},
            ),
            _query(
                "until",
                "firedAt before (ISO 8601 with an offset).",
                {"type": "string", "format": "date-time"},
            ),
            _query(
                "payloadContains",
                "JSON object or array the payload contains (jsonb `@>`).",
                {"type": "string"},
            ),
        ],
        "responses": {
            "200": {
                "description": "Newline-delimited JSON, one `Event` (the schema of that name) per line.",
                "headers": _fixed(EXPORT_HEADERS, "Always"),
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            },
            "400": _problem(
                "A parameter is invalid or unknown (`errors` names it)", "invalid-filter"
            ),
            "401": _problem(
                "No valid API key or session",
                "unauthenticated",
                headers=_fixed({"WWW-Authenticate": 'Bearer realm="etp"'}, "How to authenticate"),
            ),
            "403": _problem("The key lacks the read scope", "forbidden"),
            "429": _problem(
                "Over the key's `API_RATE_LIMIT`", "rate-limited", headers=_RATE_HEADERS
            ),
            **_INTERNAL,
            "503": _problem(
                "The database could not be reached, too many exports are running on this server,"
                " or the first page's read ran past `QUERY_TIMEOUT_SECONDS`",
                "database-unavailable",
                "too-many-exports",
                "query-timeout",
                headers=_RETRY_AFTER,
            ),
        },
    }


_SCHEMAS: dict[str, Any] = {
    "Session": {
        "type": "object",
        "required": ["keyName", "scopes", "csrfToken", "expiresAt"],
        "properties": {
            "keyName": {"type": "string"},
            "scopes": {"type": "array", "items": {"type": "string", "enum": ["read", "write"]}},
            "csrfToken": {"type": "string"},
            "expiresAt": {"type": "string", "format": "date-time"},
        },
    },
    "Event": {
        "type": "object",
        "description": "An event as REST renders it: the hook answer and each line of the"
        " export (snake_case; times in UTC ending in `Z`).",
        "required": [
            "id",
            "trigger_id",
            "trigger_name",
            "kind",
            "source",
            "status",
            "is_test",
            "payload",
            "scheduled_for",
            "fired_at",
        ],
        "properties": {
            "id": {
                "type": "string",
                "description": "Opaque and sortable: an event committed later has a greater id.",
            },
            "trigger_id": {
                "type": ["string", "null"],
                "format": "uuid",
                "description": "Null for test runs of unsaved definitions.",
            },
            "trigger_name": {
                "type": "string",
                "description": "The trigger's name when the event fired.",
            },
            "kind": {"type": "string", "enum": ["SCHEDULED", "API"]},
            "source": {"type": "string", "enum": ["SCHEDULE", "API", "MANUAL"]},
            "status": {
                "type": "string",
                "enum": ["ACTIVE", "ARCHIVED"],
                "description": "ACTIVE while younger than EVENT_ACTIVE_SECONDS, then ARCHIVED "
                "(GraphQL: `EventStatus!`).",
            },
            "is_test": {"type": "boolean"},
            "payload": {"description": "The JSON payload the event carries."},
            "scheduled_for": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "Scheduled firings: the intended time (UTC).",
            },
            "fired_at": {"type": "string", "format": "date-time"},
        },
    },
    "HookAccepted": {
        "type": "object",
        "required": ["event"],
        "properties": {"event": _ref("Event")},
    },
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {
                "type": "string",
                "format": "uri",
                "description": f"`{PROBLEM_TYPE_BASE}` followed by the problem type.",
            },
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": _ref("ValidationError")},
        },
    },
    "ValidationError": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Path to the offending value in the payload.",
            },
            "message": {"type": "string"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}},
    },
    "Readiness": {
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
            "status": {"type": "string", "enum": ["ready", "unavailable"]},
            "checks": {
                "type": "object",
                "description": "Each dependency (database, redis, ...) and its state.",
                "additionalProperties": {"type": "string"},
            },
        },
    },
}


def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Event trigger platform: REST shim",
            "version": _package_version(),
            "license": {"name": "MIT", "identifier": "MIT"},
            "description": (
                "Webhook callers fire API triggers here; everything else (triggers, events, "
                "destinations) is GraphQL at `/graphql` (schema.graphql). Errors are RFC 9457 "
                "`application/problem+json`."
            ),
        },
        "servers": [{"url": "/", "description": "This server (its `PUBLIC_URL`)."}],
        "tags": [
            {
                "name": "hooks",
                "description": "Fire API triggers; the hook token is the credential.",
            },
            {"name": "operations", "description": "Probes, metrics and this document."},
            {"name": "events", "description": "Events, beside GraphQL's `events`."},
            {"name": "dashboard", "description": "The dashboard's sign-in."},
        ],
        "paths": _with_transport_refusals(
            {
                "/hooks/{token}": {"post": _hook_operation(is_test=False)},
                "/hooks/{token}/test": {"post": _hook_operation(is_test=True)},
                "/events/export.ndjson": {"get": _export_operation()},
                "/session": _session_operations(),
                "/healthz": {
                    "get": {
                        "operationId": "healthz",
                        "security": _PUBLIC,
                        "tags": ["operations"],
                        "summary": "Liveness: 200 while the process runs",
                        "responses": {
                            "200": {
                                "description": "The process runs.",
                                "content": {"application/json": {"schema": _ref("Health")}},
                            }
                        },
                    }
                },
                "/readyz": {
                    "get": {
                        "operationId": "readyz",
                        "security": _PUBLIC,
                        "tags": ["operations"],
                        "summary": "Readiness: 200 when the database answers (a Redis outage is degraded)",
                        "responses": {
                            "200": {
                                "description": "Ready to serve.",
                                "content": {"application/json": {"schema": _ref("Readiness")}},
                            },
                            "503": {
                                "description": "The database does not answer or a critical loop fails.",
                                "content": {"application/json": {"schema": _ref("Readiness")}},
                            },
                        },
                    }
                },
                "/metrics": {
                    "get": {
                        "operationId": "metrics",
                        "security": _PUBLIC,
                        "tags": ["operations"],
                        "summary": "Prometheus metrics of this process",
                        "responses": {
                            "200": {
                                "description": "Prometheus text exposition format 0.0.4.",
                                "content": {"text/plain": {"schema": {"type": "string"}}},
                            }
                        },
                    }
                },
                "/openapi.json": {
                    "get": {
                        "operationId": "openapi",
                        "security": _PUBLIC,
                        "tags": ["operations"],
                        "summary": "This document",
                        "responses": {
                            "200": {
                                "description": "OpenAPI 3.1.",
                                "content": {"application/json": {"schema": {"type": "object"}}},
                            }
                        },
                    }
                },
                "/docs": {
                    "get": {
                        "operationId": "docs",
                        "security": _PUBLIC,
                        "tags": ["operations"],
                        "summary": "This document as a web page (no scripts, nothing loaded from elsewhere)",
                        "responses": {
                            "200": {
                                "description": "HTML.",
                                "headers": _fixed(_docs_headers(), "Always"),
                                "content": {"text/html": {"schema": {"type": "string"}}},
                            }
                        },
                    }
                },
            }
        ),
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {
                "ApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-API-Key",
                    "description": "An API key (`etp keys create NAME`).",
                },
                "Bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The same API key as `Authorization: Bearer <key>`.",
                },
                "Session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": SESSION_COOKIE,
                    "description": "The dashboard's session cookie (`POST /session`).",
                },
            },
            "parameters": {
                "HookToken": {
                    "name": "token",
                    "in": "path",
                    "required": True,
                    "description": "The hook token from the trigger's `hookUrl`; any other "
                    "value is a 404.",
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"},
                },
                "ContentEncoding": {
                    "name": "Content-Encoding",
                    "in": "header",
                    "required": False,
                    "description": "`gzip` for a compressed body, decompressed as it arrives; "
                    "its decompressed size counts against `HOOK_MAX_BODY_BYTES`.",
                    "schema": {"type": "string", "enum": ["gzip", "x-gzip", "identity"]},
                },
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "description": "A retry with the same key and body returns the first "
                    "response and writes no second event; the same key with another body is "
                    "a 422.",
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 255,
                        "pattern": "^[\\x20-\\x7e]+$",
                    },
                },
            },
        },
    }


def _docs_headers() -> dict[str, str]:
    # Imported when the document is built: the docs page renders this document.
    from api.rest.docs_page import HEADERS

    return HEADERS


def _with_transport_refusals(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation can meet the HTTP layer's refusals, which come before any route runs."""
    for item in paths.values():
        for operation in item.values():
            operation["responses"].setdefault("408", _HEADERS_TOO_SLOW)
            operation["responses"].setdefault("431", _HEADERS_TOO_LARGE)
    return paths


def _package_version() -> str:
    try:
        return version("etp")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


@functools.cache
def openapi_document() -> dict[str, Any]:
    return _document()


async def openapi_json(request: Request) -> Response:
    return JSONResponse(openapi_document())
