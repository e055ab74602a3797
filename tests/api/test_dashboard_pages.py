"""The dashboard is served at / and its client-side routes, every page under a strict CSP, its
hashed assets cached for good; without a build, a page that says how to make one."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from api.dashboard import pages, routes
from tests.api.served import served_with
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

PAGES = [
    "/",
    "/signin",
    "/triggers",
    "/triggers/new",
    "/triggers/8a1c/edit",
    "/triggers/8a1c",
    "/try",
    "/events",
    "/events/000000000000002a",
]
INDEX = (
    b'<!doctype html><title>etp</title><script type="module" src="/assets/index-3f2a.js"></script>'
)


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in build output, in the layout `make ui` writes."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "graphiql.html").write_text("<!doctype html><title>GraphiQL</title>")
    (tmp_path / "assets" / "index-3f2a.js").write_text("console.log('etp')")
    (tmp_path / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    monkeypatch.setattr(pages, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(routes, "STATIC_DIR", tmp_path)
    return tmp_path


@pytest.fixture
def unbuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    missing = tmp_path / "static"
    monkeypatch.setattr(pages, "STATIC_DIR", missing)
    monkeypatch.setattr(routes, "STATIC_DIR", missing)
    return missing


def assert_strict_page(response: httpx.Response, port: int) -> None:
    assert response.headers["content-type"].startswith("text/html")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["connect-src"] == f"'self' ws://127.0.0.1:{port} wss://127.0.0.1:{port}"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.usefixtures("built")
async def test_every_page_route_answers_the_app_under_a_strict_csp(clean: Server) -> None:
    async with served_with(clean) as url, httpx.AsyncClient(base_url=url) as client:
        port = int(url.rsplit(":", 1)[1])
        for path in PAGES:
            response = await client.get(path)
            assert response.status_code == 200, path
            assert response.content == INDEX
            assert_strict_page(response, port)
            assert response.headers["cache-control"] == "no-cache"


@pytest.mark.usefixtures("built")
async def test_hashed_assets_are_cached_for_good_and_unknown_ones_are_404(clean: Server) -> None:
    async with served_with(clean) as url, httpx.AsyncClient(base_url=url) as client:
        asset = await client.get("/assets/index-3f2a.js")
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert (await client.get("/assets/missing-0000.js")).status_code == 404
        assert (await client.get("/assets/../index.html")).status_code == 404
        assert (await client.get("/favicon.svg")).status_code == 200


@pytest.mark.usefixtures("built")
async def test_existing_routes_keep_their_answers(clean: Server) -> None:
    async with served_with(clean) as url, httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/openapi.json")).json()["openapi"].startswith("3.1")
        assert (await client.get("/graphql", headers={"Accept": "text/html"})).status_code == 404
        assert (await client.get("/nothing-here")).status_code == 404


@pytest.mark.usefixtures("built")
async def test_graphiql_is_the_built_page_under_the_same_csp(clean: Server) -> None:
    async with (
        served_with(clean, graphiql=True) as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        response = await client.get("/graphql", headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert "<title>GraphiQL</title>" in response.text
        assert "unpkg" not in response.text
        assert_strict_page(response, int(url.rsplit(":", 1)[1]))


@pytest.mark.usefixtures("unbuilt")
async def test_without_a_build_every_page_says_how_to_build_it(clean: Server) -> None:
    async with (
        served_with(clean, graphiql=True) as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        port = int(url.rsplit(":", 1)[1])
        for path in ["/", "/events"]:
            response = await client.get(path)
            assert response.status_code == 200
            assert "make ui" in response.text
            assert "<script" not in response.text
            assert_strict_page(response, port)
        graphiql = await client.get("/graphql", headers={"Accept": "text/html"})
        assert "GraphiQL is not built" in graphiql.text
        assert (await client.get("/assets/index-3f2a.js")).status_code == 404


async def test_a_hostile_host_header_is_not_echoed_into_the_policy(clean: Server) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url) as client:
        response = await client.get("/", headers={"Host": "evil.example; script-src *"})
    assert response.headers["content-security-policy"].count("script-src") == 1
    assert "connect-src 'self';" in response.headers["content-security-policy"]


async def test_the_committed_build_is_served_whole_and_fits_its_csp(clean: Server) -> None:
    """The real build in api/dashboard/static: every page's scripts and styles are files this
    server answers (no inline code, nothing from elsewhere), each asset cached for good."""
    if not (pages.STATIC_DIR / "index.html").exists():
        pytest.skip("no dashboard build in api/dashboard/static (make ui)")
    async with httpx.AsyncClient(base_url=clean.base_url) as client:
        for path, page in (("/", pages.INDEX_PAGE), ("/events", pages.INDEX_PAGE)):
            response = await client.get(path)
            assert response.status_code == 200
            assert response.content == (pages.STATIC_DIR / page).read_bytes()
        for page in (pages.INDEX_PAGE, pages.GRAPHIQL_PAGE):
            text = (pages.STATIC_DIR / page).read_text()
            assert "<style" not in text and "style=" not in text, page
            scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.DOTALL)
            assert scripts, page
            assert all('src="/' in attributes and not body.strip() for attributes, body in scripts)
            for url in re.findall(r'(?:src|href)="(/[^"]+)"', text):
                asset = await client.get(url)
                assert asset.status_code == 200, url
                if url.startswith("/assets/"):
                    assert asset.headers["cache-control"] == routes.IMMUTABLE, url
            assert "http://" not in text and "https://" not in text, page
