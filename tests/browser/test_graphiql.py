"""GraphiQL, served from the dashboard's build (no CDN), signed in by the dashboard's session."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.api.served import served_with
from tests.browser.conftest import Keys, dashboard_at
from tests.conftest import Server

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]


async def test_graphiql_loads_under_the_csp_and_queries_with_the_session(
    clean: Server, keys: Keys, browser: Browser, screenshot_dir: Path
) -> None:
    async with (
        served_with(clean, graphiql=True) as base_url,
        dashboard_at(browser, base_url, keys, screenshot_dir) as dashboard,
    ):
        page = await dashboard.sign_in()
        # GraphiQL's first request is the schema's introspection, with the session cookie only.
        async with page.expect_response(
            lambda r: r.url == f"{base_url}/graphql" and "__schema" in (r.request.post_data or "")
        ) as answer:
            await dashboard.open("/graphql")
        introspection = await answer.value
        assert introspection.status == 200, "the session signs GraphiQL in"
        assert not [u for u in dashboard.request_urls if not u.startswith(base_url)], (
            "every script, style and font comes from the platform"
        )
        await expect(page.locator(".graphiql-container")).to_be_visible()
        # The editors are named (tests/browser find them by role and name, as a screen reader would)
        # and the page passes axe-core like every dashboard page: see dashboard/src/graphiql/.
        query = page.get_by_role("textbox", name="Query editor")
        await expect(query).to_be_visible()
        await expect(page.get_by_role("textbox", name="Variables editor")).to_be_visible()
        await dashboard.check_page()

        # A query typed into the editor runs; the response editor's highlighting is checked too.
        await query.click()
        await page.keyboard.press("ControlOrMeta+A")
        await page.keyboard.type("{ eventCounts { active } }")
        await expect(query).to_contain_text("{ eventCounts { active } }")
        await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
        response = page.get_by_role("textbox", name="Response")
        await expect(response).to_contain_text('"eventCounts": []')
        await expect(response).to_have_attribute("aria-readonly", "true")
        await dashboard.check_page()

        # The headers editor and a second tab (which brings the tabs' close buttons).
        await page.get_by_role("button", name="Headers", exact=True).click()
        await expect(page.get_by_role("textbox", name="Headers editor")).to_be_visible()
        await page.get_by_role("button", name="New tab").click()
        tabs = page.get_by_role("tablist", name="Select active operation").get_by_role("tab")
        await expect(tabs).to_have_count(2)
        await expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
        await expect(tabs.nth(0)).to_have_attribute("aria-selected", "false")
        await dashboard.check_page()
        # Delete on the focused tab closes it (the ARIA tabs pattern; the close buttons are
        # mouse-only); the remaining tab is selected and focused.
        await tabs.nth(1).focus()
        await page.keyboard.press("Delete")
        await expect(tabs).to_have_count(1)
        await expect(tabs.first).to_have_attribute("aria-selected", "true")
        await expect(tabs.first).to_be_focused()

        # GraphiQL follows the system's dark preference: its colours are checked there too.
        await page.emulate_media(color_scheme="dark")
        await expect(response).to_contain_text('"eventCounts": []')
        await dashboard.check_page()
