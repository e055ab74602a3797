"""Signing in and out: the key becomes an HttpOnly session, never stored by the page."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import expect

from core.access.api_keys import revoke_key, split_key
from tests.browser.conftest import Dashboard
from tests.conftest import GraphQLClient, Server
from tests.factories import api_trigger, scheduled_trigger

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]

PAGES = ("/triggers", "/triggers/new", "/try", "/events")


async def test_sign_in_shows_the_key_name_and_the_main_navigation(dashboard: Dashboard) -> None:
    page = await dashboard.open("/signin")
    await expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    await expect(page.get_by_label("API key", exact=True)).to_have_attribute("type", "password")
    await dashboard.check_page("signin")
    await dashboard.sign_in()
    nav = page.get_by_role("navigation", name="Main")
    for link in ("Triggers", "Events", "Try a definition"):
        await expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
    await expect(page.get_by_text(dashboard.keys.write_name, exact=True)).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    cookies = {c["name"]: c for c in await dashboard.context.cookies(dashboard.base_url)}
    assert cookies["etp_session"]["httpOnly"] is True
    assert cookies["etp_session"]["sameSite"] == "Strict"


async def test_a_wrong_key_is_refused_with_an_alert(dashboard: Dashboard) -> None:
    page = await dashboard.open("/signin")
    await page.get_by_label("API key", exact=True).fill("etp_not-a-real-key")
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/signin"))
    assert "etp_session" not in {c["name"] for c in await dashboard.context.cookies()}
    # The refused key stays in the field (to fix a typo, not retype it), marked and explained.
    field = page.get_by_label("API key", exact=True)
    await expect(field).to_have_value("etp_not-a-real-key")
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(field).to_have_accessible_description(re.compile(r"\S"))
    await expect(field).to_be_focused()
    await dashboard.check_page()


async def test_an_unauthenticated_visit_goes_to_sign_in(dashboard: Dashboard) -> None:
    for path in PAGES:
        page = await dashboard.open(path)
        await expect(page).to_have_url(re.compile(r"/signin"))


async def test_signing_in_returns_to_the_page_asked_for(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql, name="payments")
    asked = f"/triggers/{trigger['id']}"
    page = await dashboard.open(asked)
    await expect(page).to_have_url(re.compile(r"/signin\?next="))
    await page.get_by_label("API key", exact=True).fill(dashboard.keys.write)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page).to_have_url(dashboard.base_url + asked)
    await expect(page.get_by_role("heading", level=1, name="payments")).to_be_visible()

    # A query string comes back too; already signed in, /signin?next= goes straight there.
    await dashboard.open("/signin?next=" + "%2Fevents%3Fstatus%3DARCHIVED")
    await expect(page).to_have_url(dashboard.base_url + "/events?status=ARCHIVED")


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/x", "https://evil.example/", "/\\evil.example"]
)
async def test_sign_in_never_sends_the_person_to_another_site(
    dashboard: Dashboard, elsewhere: str
) -> None:
    page = await dashboard.open("/signin?next=" + quote(elsewhere, safe=""))
    await page.get_by_label("API key", exact=True).fill(dashboard.keys.write)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page).to_have_url(dashboard.base_url + "/triggers")


async def test_a_read_only_key_is_offered_no_write_action(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    api = await api_trigger(gql, name="payments")
    nightly = await scheduled_trigger(gql, name="nightly")
    page = await dashboard.sign_in(dashboard.keys.read)
    await expect(page.get_by_text("read-only", exact=True)).to_be_visible()
    await dashboard.open("/triggers")
    await expect(page.get_by_role("link", name="nightly", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="New trigger", exact=True)).to_have_count(0)
    for trigger in (api, nightly):
        await dashboard.open(f"/triggers/{trigger['id']}")
        await expect(page.get_by_role("heading", level=1, name=trigger["name"])).to_be_visible()
        for name in ("Pause", "Resume", "Run now", "Test", "Rotate hook URL", "Delete"):
            await expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        await expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)


async def test_after_sign_out_the_old_cookie_gets_nothing(dashboard: Dashboard) -> None:
    page = await dashboard.sign_in()
    assert await dashboard.graphql_status_with_cookies() == 200
    old = await dashboard.context.cookies(dashboard.base_url)
    await page.get_by_role("button", name="Sign out", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/signin"))
    # The ended session's cookie, put back as a thief who copied it would.
    await dashboard.context.add_cookies(old)  # type: ignore[arg-type]
    assert await dashboard.graphql_status_with_cookies() == 401
    session = await dashboard.context.request.get(dashboard.base_url + "/session")
    assert session.status == 401


async def test_the_key_is_never_in_storage_or_a_url(dashboard: Dashboard) -> None:
    page = await dashboard.sign_in()
    for path in PAGES:
        await dashboard.open(path)
        await expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        stored = await page.evaluate(
            """() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"""
        )
        assert dashboard.keys.write not in stored
        assert dashboard.keys.write not in page.url
    readable = await page.evaluate("() => document.cookie")
    assert dashboard.keys.write not in readable
    assert not [url for url in dashboard.request_urls if dashboard.keys.write in url]
    assert all(dashboard.keys.write not in c["value"] for c in await dashboard.context.cookies())


async def test_every_page_answers_with_a_strict_csp(clean: Server, dashboard: Dashboard) -> None:
    async with httpx.AsyncClient(base_url=clean.base_url) as client:
        for path in ("/", "/signin", *PAGES, "/triggers/some-id"):
            response = await client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, path
            csp = response.headers.get("content-security-policy", "")
            directives = {
                name: value
                for name, _, value in (p.strip().partition(" ") for p in csp.split(";"))
                if name
            }
            script_src = directives.get("script-src", directives.get("default-src", ""))
            assert script_src, f"{path}: no script-src in {csp!r}"
            assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
            assert "http" not in script_src, f"{path}: scripts from another origin: {csp!r}"
    # The pages run under it without one violation (the fixture fails on any logged one).
    await dashboard.sign_in()
    for path in PAGES:
        await dashboard.open(path)
        await expect(dashboard.page.get_by_role("navigation", name="Main")).to_be_visible()


async def test_revoking_the_key_sends_an_open_page_to_sign_in(dashboard: Dashboard) -> None:
    page = await dashboard.sign_in()
    await dashboard.open("/events")
    await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    parts = split_key(dashboard.keys.write)
    assert parts is not None
    assert await revoke_key(parts[0])
    # The live websocket is closed by the server; the page learns the session is gone.
    await expect(page).to_have_url(re.compile(r"/signin"), timeout=5000)
    assert await dashboard.graphql_status_with_cookies() == 401
