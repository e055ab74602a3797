"""GET /openapi.json describes the REST shim exactly, and GET /docs shows it without loading
anything from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate
from starlette.routing import Route

from api.app import create_app
from api.rest.docs_page import render_docs
from api.rest.openapi import NOT_REST, openapi_document
from core.platform.settings import Settings
from tests.api.served import served_with
from tests.conftest import GraphQLClient, Server
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

API = Path(__file__).resolve().parents[2] / "api"


def _served() -> set[tuple[str, str]]:
    app = create_app(Settings())
    served = set()
    for route in app.routes:
        if isinstance(route, Route) and route.path not in NOT_REST:
            served |= {(route.path, m.lower()) for m in route.methods or () if m != "HEAD"}
    return served


def _documented() -> set[tuple[str, str]]:
    paths = openapi_document()["paths"]
    return {(path, method) for path, item in paths.items() for method in item}


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_served_route_is_documented() -> None:
    assert _served() - _documented() == set()


def test_every_documented_route_is_served() -> None:
    assert _documented() - _served() == set()


def _returned_problems(source: Path) -> set[tuple[str, str]]:
    """(status, problem type) of every problem(...) call in a handler's source."""
    text = source.read_text()
    return {(m[0], m[1]) for m in re.findall(r'problem\(\s*(\d{3}),\s*"([a-z-]+)"', text)}


@pytest.mark.parametrize("path", ["/hooks/{token}", "/hooks/{token}/test"])
def test_every_problem_a_hook_returns_is_documented_under_its_status(path: str) -> None:
    responses = openapi_document()["paths"][path]["post"]["responses"]
    returned = _returned_problems(API / "rest" / "hooks.py") | _returned_problems(
        API / "rest" / "problems.py"
    )
    assert ("404", "unknown-hook") in returned  # the scan finds what it should
    assert ("408", "request-timeout") in returned
    for status, slug in returned:
        assert status in responses, f"{status} is not documented"
        assert f"`{slug}`" in responses[status]["description"], (status, slug)
    assert {"400", "404", "409", "413", "422", "429", "503"} <= responses.keys()
    assert set(responses["429"]["headers"]) >= {"Retry-After", "RateLimit", "RateLimit-Policy"}


def test_the_event_schema_has_the_fields_a_hook_returns_in_snake_case() -> None:
    event = openapi_document()["components"]["schemas"]["Event"]
    assert set(event["properties"]) == {
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
    }


async def test_a_real_hook_response_matches_the_documented_event(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    from jsonschema import Draft202012Validator

    trigger = await api_trigger(gql)
    accepted = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    refused = await http.post(hook_path(trigger), json={"amount": "x"})
    document = openapi_document()
    schemas = {
        name: {**schema, "$defs": document["components"]["schemas"]}
        for name, schema in document["components"]["schemas"].items()
    }

    def check(name: str, value: object) -> None:
        schema = _localise(schemas[name])
        errors = list(Draft202012Validator(schema).iter_errors(value))
        assert errors == [], errors

    assert (accepted.status_code, refused.status_code) == (202, 422)
    check("HookAccepted", accepted.json())
    check("Problem", refused.json())


def _localise(node: object) -> object:
    """components/schemas refs as $defs refs, so that jsonschema resolves them in place."""
    if isinstance(node, dict):
        return {
            k: (v.replace("#/components/schemas/", "#/$defs/") if k == "$ref" else _localise(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_localise(v) for v in node]
    return node


async def test_openapi_json_is_served(http: httpx.AsyncClient) -> None:
    response = await http.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == openapi_document()


class _Loads(HTMLParser):
    """Every attribute through which a page would load or run something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in {"src", "srcset", "action", "data", "poster"} or name.startswith("on"):
                self.found.append((tag, name, value))
            if tag == "link" and name == "href":
                self.found.append((tag, name, value))


async def test_docs_page_works_offline_with_a_strict_policy(http: httpx.AsyncClient) -> None:
    response = await http.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy
    page = response.text
    loads = _Loads()
    loads.feed(page)
    assert loads.found == []
    assert loads.tags.isdisjoint({"script", "iframe", "object", "embed", "img", "link"})
    assert "@import" not in page and "url(" not in page
    for path in openapi_document()["paths"]:
        assert f"<code>{path}</code>" in page


def test_the_pinned_style_hash_matches_the_page() -> None:
    import base64
    import hashlib

    from api.rest.docs_page import HEADERS

    style = re.search(r"<style>(.*?)</style>", render_docs(), re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in HEADERS["Content-Security-Policy"]


# ---- headers exactly as the server sends them (issue 18) ---------------------------------------

# Sent on any response, by the HTTP layer or for the body: not an operation's own.
GENERAL_HEADERS = {"content-type", "content-length", "date", "server", "transfer-encoding"}


def _header_names(path: str, method: str, status: int) -> tuple[set[str], set[str]]:
    """(documented, required) header names of a response, lower case."""
    response = openapi_document()["paths"][path][method]["responses"][str(status)]
    headers = response.get("headers", {})
    return {n.lower() for n in headers}, {
        n.lower() for n, h in headers.items() if h.get("required", False)
    }


def _check_headers(path: str, method: str, response: httpx.Response) -> None:
    documented, required = _header_names(path, method, response.status_code)
    sent = {name.lower() for name in response.headers} - GENERAL_HEADERS - {"connection"}
    assert sent <= documented, (path, method, response.status_code, sent - documented)
    assert required <= sent, (path, method, response.status_code, required - sent)


async def test_every_response_carries_exactly_the_documented_headers(
    clean: Server, gql: GraphQLClient, api_key: str
) -> None:
    trigger = await api_trigger(gql)
    hook = hook_path(trigger)
    checked: list[tuple[str, str, int]] = []

    async def check(path: str, method: str, response: httpx.Response) -> None:
        _check_headers(path, method, response)
        checked.append((path, method, response.status_code))

    async with (
        served_with(clean, hook_rate_limit="5/minute", api_rate_limit="2/minute") as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        keyed = {"X-API-Key": api_key}
        once = {"Idempotency-Key": "k1"}
        # Five calls within the token's limit, then a 429.
        for content_type, coding in (("text/plain", "gzip"), ("application/json", "br")):
            refused = await client.post(
                hook + "/test",
                content=b"{}",
                headers={"Content-Type": content_type, "Content-Encoding": coding},
            )
            await check("/hooks/{token}/test", "post", refused)
        await check("/hooks/{token}/test", "post", await client.post(hook + "/test", json={}))
        for _ in range(3):  # fired, replayed, refused for its rate
            sent = await client.post(hook, json=VALID_PAYMENT, headers=once)
            await check("/hooks/{token}", "post", sent)
        export = "/events/export.ndjson"
        await check(export, "get", await client.get(export))
        await check(export, "get", await client.get(export + "?until=", headers=keyed))
        await check(export, "get", await client.get(export, headers=keyed))
        await check(export, "get", await client.get(export, headers=keyed))
        session = await client.post("/session", json={"apiKey": api_key})
        await check("/session", "post", session)
        csrf = {"X-CSRF-Token": session.headers["x-csrf-token"]}
        await check("/session", "get", await client.get("/session"))
        await check("/session", "delete", await client.delete("/session", headers=csrf))
        await check("/session", "get", await client.get("/session"))
        await check("/session", "post", await client.post("/session", content=b"x"))
        for probe in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
            await check(probe, "get", await client.get(probe))
    assert {status for path, _, status in checked if path.startswith("/hooks")} == {
        202,
        415,
        422,
        429,
    }
    assert {status for path, _, status in checked if path == export} == {200, 400, 401, 429}
    assert {status for path, _, status in checked if path == "/session"} == {200, 204, 401, 415}


def test_the_hook_metric_starts_with_every_status_a_hook_answers() -> None:
    from core.platform.metrics import HOOK_STATUSES

    documented = set(openapi_document()["paths"]["/hooks/{token}"]["post"]["responses"])
    # 500 escapes the handler (ProblemErrors answers it), 431 never reaches it; 499 is logged
    # only, for a caller that left before its answer.
    handled = {int(status) for status in documented - {"500", "431"}} | {499}
    assert set(HOOK_STATUSES) == handled
