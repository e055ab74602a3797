"""GraphQL over HTTP's two response media types, and which one a request gets.

`application/graphql-response+json` (the GraphQL-over-HTTP specification's own type) carries
status codes that mean something: a request error (malformed body, a document that does not
parse or validate, variables that do not coerce, no key) is a 4xx whose body has no `data` key,
and 2xx means execution began. `application/json` keeps the legacy behaviour clients written
before the specification rely on: request errors that reach execution's first steps answer 200.
A request gets the new type only when its Accept header asks for it at least as strongly as for
JSON; no Accept, `*/*` or `application/json` get `application/json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.message import Message

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
_JSON_RANGES = (JSON, "application/*", "*/*")


def response_media_type(accept: str | None) -> str:
    preferred = _quality(accept or "", (GRAPHQL_RESPONSE_JSON,))
    if preferred > 0 and preferred >= _quality(accept or "", _JSON_RANGES):
        return GRAPHQL_RESPONSE_JSON
    return JSON


def _quality(accept: str, ranges: tuple[str, ...]) -> float:
    """The highest q the header gives any of `ranges` (0 when it names none)."""
    best = 0.0
    for item in accept.split(",")[:64]:  # a header of thousands of ranges is not a preference
        parsed = Message()
        parsed["content-type"] = item.strip()
        if item.strip() and parsed.get_content_type() in ranges:
            best = max(best, _q(parsed.get_param("q")))
    return best


def _q(value: object) -> float:
    if value is None:
        return 1.0
    try:
        q = float(str(value))
    except ValueError:
        return 0.0
    return q if 0.0 <= q <= 1.0 else 0.0


# Request-level errors that are the server's condition, not the request's fault: 503, as REST
# answers the same conditions, so that clients retry instead of treating the request as bad.
_SERVER_CONDITIONS = frozenset({"QUERY_TIMEOUT", "DATABASE_UNAVAILABLE", "COMMIT_OUTCOME_UNKNOWN"})


def request_error_status(response: Mapping[str, object]) -> int | None:
    """The status of a response that failed before execution (None when execution began)."""
    if not is_request_error(response):
        return None
    errors = response.get("errors")
    assert isinstance(errors, list)
    codes = {(e.get("extensions") or {}).get("code") for e in errors if isinstance(e, dict)}
    return 503 if codes and codes <= _SERVER_CONDITIONS else 400


def is_request_error(response: Mapping[str, object]) -> bool:
    """No data and only errors from before execution: parse, validation and variable coercion
    errors carry no `path`; every field error does."""
    errors = response.get("errors")
    return (
        response.get("data") is None
        and isinstance(errors, list)
        and bool(errors)
        and all(isinstance(e, dict) and "path" not in e for e in errors)
    )
