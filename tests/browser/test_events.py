"""The events explorer: the inspector, filters, the ARCHIVED view, and a live list that survives
an API restart with no gap and no duplicate."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.async_api import Browser, Page, WebSocket, expect

from tests.browser.conftest import (
    Dashboard,
    Keys,
    dashboard_at,
    event_ids_shown,
    event_rows,
    events_stored,
)
from tests.conftest import GraphQLClient, Server, api_process, free_port
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]


async def fire(client: httpx.AsyncClient, trigger: dict[str, Any], *payloads: Any) -> list[str]:
    ids = []
    for payload in payloads:
        response = await client.post(hook_path(trigger), json=payload)
        assert response.status_code == 202, response.text
        ids.append(response.json()["event"]["id"])
    return ids


def payments(first: int, count: int, currency: str = "EUR") -> list[dict[str, Any]]:
    return [
        {**VALID_PAYMENT, "user_id": n, "currency": currency} for n in range(first, first + count)
    ]


async def live_events_page(dashboard: Dashboard) -> Page:
    page = await dashboard.sign_in()
    await page.get_by_role("link", name="Events", exact=True).click()
    await expect(page.get_by_role("heading", name="Events", exact=True)).to_be_visible()
    await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    return page


async def test_the_inspector_shows_an_events_payload_and_times(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    [first, second] = await fire(http, trigger, *payments(1, 2))
    page = await live_events_page(dashboard)
    await expect(event_rows(page)).to_have_count(2)
    assert await event_ids_shown(page) == [second, first], "newest first"
    await dashboard.check_page("events")

    await event_rows(page).first.get_by_role("button").first.click()
    details = page.get_by_role("complementary", name="Event details").or_(
        page.get_by_role("dialog", name="Event details")
    )
    await expect(details).to_be_visible()
    await expect(details).to_contain_text(second)
    await expect(details).to_contain_text('"user_id": 2')
    await expect(details).to_contain_text("UTC")
    await details.get_by_role("button", name="Copy payload", exact=True).click()
    copied = json.loads(await page.evaluate("navigator.clipboard.readText()"))
    assert copied == payments(2, 1)[0]
    await dashboard.check_page("event-inspector")


async def test_an_event_has_its_own_page_that_opens_fresh_after_sign_in(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql, name="payments")
    [event_id] = await fire(http, trigger, *payments(7, 1))
    # The server answers the address with the app (the app then asks for sign-in), not a 404.
    answer = await http.get(f"/events/{event_id}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")

    page = await dashboard.open(f"/events/{event_id}")
    await expect(page).to_have_url(re.compile(r"/signin\?next="))
    await page.get_by_label("API key", exact=True).fill(dashboard.keys.write)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page).to_have_url(f"{dashboard.base_url}/events/{event_id}")
    heading = page.get_by_role("heading", level=1, name=f"Event {event_id}")
    await expect(heading).to_be_visible()
    await expect(heading).to_be_focused()
    await expect(page.get_by_role("link", name="payments", exact=True)).to_have_attribute(
        "href", f"/triggers/{trigger['id']}"
    )
    await expect(page.get_by_label("Payload JSON", exact=True)).to_contain_text('"user_id": 7')
    await dashboard.check_page("event-page")

    # The events list's inspector links to the page.
    await dashboard.open("/events")
    await event_rows(page).first.get_by_role("button").first.click()
    details = page.get_by_role("complementary", name="Event details")
    await details.get_by_role("link", name="Link to this event", exact=True).click()
    await expect(page).to_have_url(f"{dashboard.base_url}/events/{event_id}")
    await expect(heading).to_be_visible()


async def test_an_unknown_event_gets_the_apps_own_not_found(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    [event_id] = await fire(http, await api_trigger(gql), *payments(1, 1))
    # An id of the right form that no event has (ids grow: this one is far ahead), and no id at all.
    unknown = f"{int(event_id, 16) + 1_000_000:016x}"
    page = await dashboard.sign_in()
    for wrong in (unknown, "not-an-event"):
        await dashboard.open(f"/events/{wrong}")
        await expect(page.get_by_role("heading", level=1, name="Event not found")).to_be_visible()
        await expect(page.get_by_role("main")).to_contain_text(wrong)
        await expect(page.get_by_role("link", name="All events", exact=True)).to_be_visible()
        await dashboard.check_page()


async def test_filters_live_in_the_url_and_narrow_the_list_and_the_export(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    euros = await fire(http, trigger, *payments(1, 2, "EUR"))
    await fire(http, trigger, *payments(3, 2, "USD"))
    page = await live_events_page(dashboard)
    await expect(event_rows(page)).to_have_count(4)
    filters = page.get_by_role("form", name="Filters")
    contains = filters.get_by_label("Payload contains", exact=True)
    await contains.fill("{not json")
    await filters.get_by_role("button", name="Apply", exact=True).click()
    await expect(contains).to_have_accessible_description(re.compile(r"\S"))

    await contains.fill(json.dumps({"currency": "EUR"}))
    await filters.get_by_role("button", name="Apply", exact=True).click()
    await expect(event_rows(page)).to_have_count(2)
    assert sorted(await event_ids_shown(page)) == sorted(euros)
    query = parse_qs(urlparse(page.url).query)
    assert any("EUR" in value for values in query.values() for value in values), page.url

    export = filters.get_by_role("link", name="Export NDJSON", exact=True).or_(
        page.get_by_role("link", name="Export NDJSON", exact=True)
    )
    href = await export.get_attribute("href")
    assert href is not None
    response = await dashboard.context.request.get(str(httpx.URL(page.url).join(href)))
    assert response.status == 200
    lines = [json.loads(line) for line in (await response.text()).splitlines() if line]
    assert [e["id"] for e in lines] == list(reversed(euros))

    await page.reload()  # the filter comes back from the URL
    await expect(event_rows(page)).to_have_count(2)


async def test_the_live_list_sends_its_filters_to_the_server(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    subscribed: list[dict[str, Any]] = []

    def on_websocket(socket: WebSocket) -> None:
        def on_frame(frame: str | bytes) -> None:
            message = json.loads(frame)
            if message.get("type") == "subscribe":
                subscribed.append(message["payload"]["variables"])

        socket.on("framesent", on_frame)

    dashboard.page.on("websocket", on_websocket)
    page = await live_events_page(dashboard)
    filters = page.get_by_role("form", name="Filters")
    await filters.get_by_label("Payload contains", exact=True).fill(json.dumps({"currency": "EUR"}))
    await filters.get_by_role("button", name="Apply", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    # The page holds no copy of the containment rule: only the server's choice can narrow the list.
    euros = await fire(http, trigger, *payments(1, 2, "EUR"))
    await fire(http, trigger, *payments(3, 2, "USD"))
    later = await fire(http, trigger, *payments(5, 1, "EUR"))
    await expect(event_rows(page)).to_have_count(3)
    assert await event_ids_shown(page) == list(reversed(euros + later))
    assert {"currency": "EUR"} in [variables.get("payloadContains") for variables in subscribed]


async def test_an_event_moves_to_the_archived_view_when_its_active_window_ends(
    clean: Server, keys: Keys, browser: Browser, screenshot_dir: Path, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    async with (
        api_process(clean, EVENT_ACTIVE_SECONDS="2") as base_url,
        dashboard_at(browser, base_url, keys, screenshot_dir) as dashboard,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        page = await live_events_page(dashboard)
        [event_id] = await fire(http, trigger, VALID_PAYMENT)
        await expect(page.locator(f'tr[data-event-id="{event_id}"]')).to_be_visible()
        tabs = page.get_by_role("tablist")
        await asyncio.sleep(2.5)
        await tabs.get_by_role("tab", name="Archived", exact=True).click()
        await expect(tabs.get_by_role("tab", name="Archived")).to_have_attribute(
            "aria-selected", "true"
        )
        await expect(event_rows(page)).to_have_count(1)
        assert await event_ids_shown(page) == [event_id]
        await dashboard.check_page()
        await tabs.get_by_role("tab", name="Active", exact=True).click()
        await expect(event_rows(page)).to_have_count(0)


async def test_the_live_list_resumes_after_an_api_restart_with_no_gap_or_duplicate(
    clean: Server,
    keys: Keys,
    browser: Browser,
    screenshot_dir: Path,
    gql: GraphQLClient,
    http: httpx.AsyncClient,
) -> None:
    trigger = await api_trigger(gql)
    port = free_port()
    # The browser watches one `etp api` process, restarted on the same port; hooks keep
    # arriving through another (the session's in-process server) while it is down.
    async with dashboard_at(browser, f"http://127.0.0.1:{port}", keys, screenshot_dir) as dashboard:
        async with api_process(clean, port=port):
            page = await live_events_page(dashboard)
            await fire(http, trigger, *payments(0, 5))
            await expect(event_rows(page)).to_have_count(5)
        await fire(http, trigger, *payments(5, 5))
        await expect(page.get_by_role("status").filter(has_text="Reconnecting")).to_be_visible()
        async with api_process(clean, port=port):
            await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
            await fire(http, trigger, *payments(10, 5))
            await expect(event_rows(page)).to_have_count(15)
            await asyncio.sleep(1)  # time for a late duplicate to show, if one were coming
            shown = await event_ids_shown(page)
    stored = [event["id"] for event in await events_stored(gql)]
    assert len(stored) == 15
    assert shown == stored, "the list is exactly the stored events, newest first"


async def test_new_events_wait_behind_a_bar_while_the_list_is_scrolled_down(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    await fire(http, trigger, *payments(0, 60))
    page = await live_events_page(dashboard)
    await expect(event_rows(page)).not_to_have_count(0)
    shown_before = await event_ids_shown(page)
    await event_rows(page).last.scroll_into_view_if_needed()
    await page.mouse.wheel(0, 5000)
    newer = await fire(http, trigger, *payments(60, 3))
    bar = page.get_by_role("button", name="3 new events", exact=True)
    await expect(bar).to_be_visible()
    assert await event_ids_shown(page) == shown_before, "no jump while scrolled away"
    await bar.click()
    await expect(event_rows(page).first).to_have_attribute("data-event-id", newer[-1])
    assert (await event_ids_shown(page))[:3] == list(reversed(newer))
