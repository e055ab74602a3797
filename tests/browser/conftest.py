"""The dashboard in a real browser: Playwright's async API drives Debian's `chromium` against the
real app (uvicorn on a local port) on Postgres and Redis.

Where no Chromium exists the browser tests skip with one message, unless ETP_REQUIRE_SERVICES=1
(CI), where a missing browser fails the run like a missing database. ETP_CHROMIUM names another
binary. ETP_SCREENSHOTS=1 writes the page screenshots into docs/screenshots/ (the README shows
them); otherwise they go to a temporary folder, so the screenshot code still runs.

Every page a test opens can be checked with axe-core (bundled by axe-playwright-python, no CDN);
every test fails if the page logged a Content-Security-Policy violation or an uncaught error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    async_playwright,
    expect,
)

from core.access.api_keys import create_key
from core.access.scopes import READ_ONLY_SCOPES
from tests.conftest import REQUIRE_SERVICES, GraphQLClient, Server, _unavailable

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
# Impacts axe ranks as "serious" or "critical" fail a page; "minor" and "moderate" are reported
# by axe but left to review.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# A desktop window: the screenshots in the README are taken at this size.
VIEWPORT = {"width": 1280, "height": 800}
# Playwright's default is 5 s; a shared 2-core machine needs a little more for a first page load.
EXPECT_TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    named = os.environ.get("ETP_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


NO_CHROMIUM = "browser tests need Chromium: `apt-get install chromium` (or set ETP_CHROMIUM)"
_left_out = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium (and outside CI) the browser tests are left out with one summary line
    rather than a skip line per test."""
    if REQUIRE_SERVICES or chromium_path() is not None:
        return
    left_out = [item for item in items if item.get_closest_marker("browser")]
    if left_out:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.hook.pytest_deselected(items=left_out)
        config.stash[_left_out] = len(left_out)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.stash.get(_left_out, 0):
        terminalreporter.write_line(f"{config.stash[_left_out]} skipped: {NO_CHROMIUM}")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        _unavailable(NO_CHROMIUM)
    assert path is not None
    return path


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    async with async_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
async def browser(playwright: Playwright, chromium_executable: str) -> AsyncIterator[Browser]:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    launched = await playwright.chromium.launch(executable_path=chromium_executable)
    try:
        yield launched
    finally:
        await launched.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("ETP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


@dataclass
class Keys:
    write: str
    read: str
    write_name: str = "operations"
    read_name: str = "auditor"


@dataclass
class Dashboard:
    """One browser context (its own cookies) on the dashboard at base_url."""

    base_url: str
    context: BrowserContext
    page: Page
    keys: Keys
    screenshot_dir: Path
    problems: list[str] = field(default_factory=list)
    request_urls: list[str] = field(default_factory=list)

    async def open(self, path: str) -> Page:
        await self.page.goto(self.base_url + path)
        return self.page

    async def sign_in(self, key: str | None = None) -> Page:
        page = await self.open("/signin")
        await expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
        await page.get_by_label("API key", exact=True).fill(key or self.keys.write)
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        return page

    async def check_page(self, screenshot: str | None = None) -> None:
        """axe-core on the page as it is now; a screenshot of it under that name."""
        if screenshot:
            await self.page.screenshot(
                path=self.screenshot_dir / f"{screenshot}.png", full_page=True
            )
        results = await Axe().run(self.page)
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, f"{self.page.url}: axe-core found\n" + "\n".join(
            f"  {v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in blocking
        )

    async def graphql_status_with_cookies(self, query: str = "{ eventCounts { active } }") -> int:
        """POST /graphql with this context's cookies (and CSRF header), as the page would."""
        cookies = {c["name"]: c["value"] for c in await self.context.cookies(self.base_url)}
        headers = {"Content-Type": "application/json"}
        if "etp_csrf" in cookies:
            headers["X-CSRF-Token"] = cookies["etp_csrf"]
        response = await self.context.request.post(
            self.base_url + "/graphql", data={"query": query}, headers=headers
        )
        return response.status


@asynccontextmanager
async def dashboard_at(
    browser: Browser, base_url: str, keys: Keys, screenshot_dir: Path
) -> AsyncIterator[Dashboard]:
    context = await browser.new_context(
        viewport=VIEWPORT,  # type: ignore[arg-type]
        locale="en-GB",
        timezone_id="Europe/Berlin",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = await context.new_page()
    dash = Dashboard(base_url, context, page, keys, screenshot_dir)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            dash.problems.append(f"CSP violation: {message.text}")

    def on_request(request: Request) -> None:
        dash.request_urls.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: dash.problems.append(f"uncaught error: {error}"))
    context.on("request", on_request)
    try:
        yield dash
    finally:
        await context.close()
    assert not dash.problems, "\n".join(dash.problems)


@pytest.fixture
async def keys(clean: Server) -> Keys:
    write = (await create_key("operations")).secret_key
    read = (await create_key("auditor", READ_ONLY_SCOPES)).secret_key
    return Keys(write=write, read=read)


@pytest.fixture
async def dashboard(
    clean: Server, keys: Keys, browser: Browser, screenshot_dir: Path
) -> AsyncIterator[Dashboard]:
    async with dashboard_at(browser, clean.base_url, keys, screenshot_dir) as dash:
        yield dash


def event_rows(page: Page) -> Any:
    """Rows of the table "Events" that carry an event (header rows do not)."""
    return page.get_by_role("table", name="Events").locator("tr[data-event-id]")


async def event_ids_shown(page: Page) -> list[str]:
    ids: list[str] = await event_rows(page).evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-event-id'))"
    )
    return ids


async def triggers_stored(gql: GraphQLClient) -> list[dict[str, Any]]:
    """Every saved trigger, through the public API (not the tables, which may change shape)."""
    data = await gql(
        "{ triggers(first: 100) { edges { node { id name description kind paused apiSchema"
        " schedule { cron timezone } } } } }"
    )
    return [edge["node"] for edge in data["triggers"]["edges"]]


async def events_stored(
    gql: GraphQLClient, *, status: str | None = None, include_test: bool = True
) -> list[dict[str, Any]]:
    """Every retained event (both windows unless status is given), newest first."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await gql(
            "query($status: EventStatus, $after: String, $test: Boolean!) {"
            " events(status: $status, includeTest: $test, first: 500, after: $after) {"
            " edges { node { id triggerId source status isTest payload } }"
            " pageInfo { hasNextPage endCursor } } }",
            {"status": status, "after": after, "test": include_test},
        )
        page = data["events"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]
