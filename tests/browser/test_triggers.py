"""Managing triggers in the dashboard: forms, field errors, the schedule preview, the actions."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
import pytest
from playwright.async_api import Locator, Page, Request, expect

from tests.browser.conftest import Dashboard, event_rows, events_stored, triggers_stored
from tests.conftest import GraphQLClient
from tests.factories import PAYMENT_SCHEMA, VALID_PAYMENT, api_trigger, hook_path, scheduled_trigger

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]


async def new_trigger_form(dashboard: Dashboard) -> Page:
    page = await dashboard.sign_in()
    await page.get_by_role("link", name="Triggers", exact=True).click()
    await page.get_by_role("link", name="New trigger", exact=True).click()
    await expect(page.get_by_role("heading", name="New trigger", exact=True)).to_be_visible()
    return page


async def choose_cron(page: Page, name: str) -> None:
    await page.get_by_label("Name", exact=True).fill(name)
    await page.get_by_role("radiogroup", name="Kind").get_by_role("radio", name="Scheduled").check()
    await page.get_by_label("Schedule type", exact=True).select_option(label="Cron")


async def preview_texts(page: Page) -> list[str]:
    items = page.get_by_role("list", name="Next five fire times").get_by_role("listitem")
    await expect(items).to_have_count(5)
    return await items.all_inner_texts()


async def test_an_api_trigger_is_created_through_the_form(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await new_trigger_form(dashboard)
    await page.get_by_label("Name", exact=True).fill("payments")
    await page.get_by_label("Description", exact=True).fill("card payments from the shop")
    await page.get_by_role("radiogroup", name="Kind").get_by_role("radio", name="API").check()
    forms = page.get_by_role("radiogroup", name="Schema form")
    await forms.get_by_role("radio", name="Short form").check()
    schema = {"amount": "float", "currency": "str"}
    await page.get_by_label("Payload schema", exact=True).fill(json.dumps(schema))
    await dashboard.check_page("new-trigger")
    await page.get_by_role("button", name="Create trigger", exact=True).click()

    await expect(page.get_by_role("heading", level=1, name="payments")).to_be_visible()
    [stored] = await triggers_stored(gql)
    assert (stored["name"], stored["kind"], stored["description"], stored["apiSchema"]) == (
        "payments",
        "API",
        "card payments from the shop",
        schema,
    )
    data = await gql("query($id: ID!) { trigger(id: $id) { hookUrl } }", {"id": stored["id"]})
    await expect(page).to_have_url(re.compile(rf"/triggers/{stored['id']}$"))
    await expect(page.get_by_label("Hook URL", exact=True)).to_have_value(
        data["trigger"]["hookUrl"]
    )
    curl = page.get_by_label("curl command", exact=True)
    await expect(curl).to_contain_text(data["trigger"]["hookUrl"])
    await page.get_by_role("button", name="Copy hook URL", exact=True).click()
    assert await page.evaluate("navigator.clipboard.readText()") == data["trigger"]["hookUrl"]
    await dashboard.check_page("trigger-detail")


async def test_a_hook_event_appears_live_within_a_second(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    page = await dashboard.sign_in()
    await page.get_by_role("link", name="Events", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    response = await http.post(hook_path(trigger), json=VALID_PAYMENT)
    assert response.status_code == 202
    posted = time.monotonic()
    event_id = response.json()["event"]["id"]
    await expect(
        event_rows(page).and_(page.locator(f'[data-event-id="{event_id}"]'))
    ).to_be_visible(timeout=1000)
    assert time.monotonic() - posted < 1.0
    await expect(event_rows(page)).to_have_count(1)


async def test_an_invalid_cron_expression_is_described_at_its_field(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await new_trigger_form(dashboard)
    await choose_cron(page, "broken")
    cron = page.get_by_label("Cron expression", exact=True)
    await cron.fill("61 * * * *")
    await page.get_by_role("button", name="Create trigger", exact=True).click()
    await expect_refused(dashboard, gql, (cron, re.compile(r"cron", re.IGNORECASE)))


async def expect_refused(
    dashboard: Dashboard, gql: GraphQLClient, *fields: tuple[Locator, re.Pattern[str]]
) -> None:
    """Each field marked invalid and described by what is wrong; nothing saved; axe-clean."""
    for field, said in fields:
        await expect(field).to_have_attribute("aria-invalid", "true")
        await expect(field).to_have_accessible_description(said)
    assert await triggers_stored(gql) == []
    await dashboard.check_page()


async def test_the_new_trigger_form_reports_every_error_at_once(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await new_trigger_form(dashboard)
    await choose_cron(page, "")
    cron = page.get_by_label("Cron expression", exact=True)
    await cron.fill("61 * * * *")
    await page.get_by_label("Payload (JSON)", exact=True).fill("{not json")
    await page.get_by_role("button", name="Create trigger", exact=True).click()
    # The name (empty), the cron (the server's verdict) and the payload (unreadable), together.
    await expect_refused(
        dashboard,
        gql,
        (page.get_by_label("Name", exact=True), re.compile(r"name", re.IGNORECASE)),
        (cron, re.compile(r"cron", re.IGNORECASE)),
        (page.get_by_label("Payload (JSON)", exact=True), re.compile(r"JSON")),
    )


async def test_the_cron_preview_follows_the_expression_as_it_is_typed(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await new_trigger_form(dashboard)
    await choose_cron(page, "reports")
    cron = page.get_by_label("Cron expression", exact=True)
    await cron.fill("")
    # 03:07, off every quarter hour: "0 3" would share its first time with "*/15" from 02:45 to
    # 03:00 UTC, and the test would wait for a change that never comes.
    await cron.press_sequentially("7 3 * * *", delay=40)
    daily = await preview_texts(page)
    await cron.fill("")
    await cron.press_sequentially("*/15 * * * *", delay=40)
    await expect(
        page.get_by_role("list", name="Next five fire times").get_by_role("listitem").first
    ).not_to_have_text(daily[0])
    quarterly = await preview_texts(page)
    assert quarterly != daily
    assert len(set(quarterly)) == 5
    await page.get_by_role("button", name="Create trigger", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="reports")).to_be_visible()
    assert [t["schedule"] for t in await triggers_stored(gql)] == [
        {"cron": "*/15 * * * *", "timezone": "UTC"}
    ]


async def test_pause_resume_run_now_and_delete(dashboard: Dashboard, gql: GraphQLClient) -> None:
    trigger = await scheduled_trigger(gql, name="nightly", payload={"job": "backup"})
    page = await dashboard.sign_in()
    await dashboard.open("/triggers")
    await expect(page.get_by_role("table", name="Triggers")).to_be_visible()
    await dashboard.check_page("triggers")
    await page.get_by_role("link", name="nightly", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="nightly")).to_be_visible()

    await page.get_by_role("button", name="Pause", exact=True).click()
    await expect(page.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    await expect(page.get_by_text("Paused", exact=True)).to_be_visible()
    assert [t["paused"] for t in await triggers_stored(gql)] == [True]

    await page.get_by_role("button", name="Resume", exact=True).click()
    await expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    assert [t["paused"] for t in await triggers_stored(gql)] == [False]

    await page.get_by_role("button", name="Run now", exact=True).click()
    fired = page.get_by_role("status").filter(has_text="Event fired")
    await expect(fired).to_be_visible()
    [event] = await events_stored(gql)
    assert (event["triggerId"], event["source"], event["payload"], event["isTest"]) == (
        trigger["id"],
        "MANUAL",
        {"job": "backup"},
        False,
    )
    await expect(fired.get_by_role("link")).to_have_attribute("href", re.compile(event["id"]))

    await page.get_by_role("button", name="Delete", exact=True).click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    await dashboard.check_page()
    await dialog.get_by_role("button", name="Cancel", exact=True).click()
    await expect(dialog).to_have_count(0)
    assert len(await triggers_stored(gql)) == 1
    await page.get_by_role("button", name="Delete", exact=True).click()
    await page.get_by_role("dialog").get_by_role("button", name="Confirm", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/triggers$"))
    assert await triggers_stored(gql) == []
    assert [e["id"] for e in await events_stored(gql)] == [event["id"]], "its events stay"


async def test_search_narrows_the_trigger_list_by_name(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    for name in ("payments", "payouts", "nightly-backup"):
        await api_trigger(gql, name=name)
    page = await dashboard.sign_in()
    await dashboard.open("/triggers")
    table = page.get_by_role("table", name="Triggers")
    await expect(table.get_by_role("link")).to_have_count(3)
    await page.get_by_role("searchbox", name="Search triggers").fill("pay")
    await expect(table.get_by_role("link")).to_have_count(2)
    await expect(table.get_by_role("link", name="nightly-backup")).to_have_count(0)


async def test_the_edit_form_saves_changes_to_a_scheduled_trigger(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    trigger = await scheduled_trigger(gql, name="nightly")
    page = await dashboard.sign_in()
    await dashboard.open(f"/triggers/{trigger['id']}")
    await page.get_by_role("link", name="Edit", exact=True).click()
    await expect(page.get_by_role("heading", name="Edit trigger", exact=True)).to_be_visible()
    await expect(page.get_by_label("Name", exact=True)).to_have_value("nightly")
    await expect(page.get_by_label("Cron expression", exact=True)).to_have_value("0 3 * * *")
    await dashboard.check_page()
    await page.get_by_label("Description", exact=True).fill("the nightly backup")
    await page.get_by_label("Cron expression", exact=True).fill("30 2 * * *")
    await page.get_by_role("button", name="Save changes", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="nightly")).to_be_visible()
    [saved] = await triggers_stored(gql)
    assert (saved["description"], saved["schedule"]["cron"]) == ("the nightly backup", "30 2 * * *")


async def many_api_triggers(gql: GraphQLClient, names: list[str]) -> list[dict[str, Any]]:
    """Created 21 to an operation (aliases are capped at 30): the key's operation rate (100/s)
    counts operations, and 105 one-trigger mutations in a row would meet it."""
    created: list[dict[str, Any]] = []
    for start in range(0, len(names), 21):
        fields = "\n".join(
            f"t{i}: createApiTrigger(input: {{name: {json.dumps(name)}, apiSchema: $schema}})"
            " { trigger { id name hookUrl } errors { code } }"
            for i, name in enumerate(names[start : start + 21])
        )
        data = await gql(
            f"mutation ManyTriggers($schema: JSON!) {{\n{fields}\n}}", {"schema": PAYMENT_SCHEMA}
        )
        for i in range(len(data)):
            payload = data[f"t{i}"]
            assert payload["errors"] == [], payload["errors"]
            created.append(payload["trigger"])
    return created


async def test_the_triggers_list_loads_last_events_and_counts_with_its_pages_of_triggers(
    dashboard: Dashboard, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    # Two pages of triggers (100 a page): the old list sent one aliased query per 25 on top.
    triggers = await many_api_triggers(gql, [f"shop-{n:03}" for n in range(105)])
    busy, last = triggers[0], triggers[104]
    for trigger, count in ((busy, 3), (last, 1)):
        for n in range(count):
            response = await http.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": n})
            assert response.status_code == 202, response.text
    newest = (await events_stored(gql, include_test=False))[0]  # the last trigger's event

    operations: list[str] = []

    def on_request(request: Request) -> None:
        if request.url.endswith("/graphql") and request.method == "POST":
            operations.append(re.findall(r"(?:query|mutation)\s+(\w+)", request.post_data or "")[0])

    page = await dashboard.sign_in()
    table = page.get_by_role("table", name="Triggers")
    await expect(table.locator("tr[data-trigger-id]")).to_have_count(105)
    page.on("request", on_request)  # from here: a fresh load of the page, counted
    await page.reload()
    await expect(table.locator("tr[data-trigger-id]")).to_have_count(105)
    assert sorted(operations) == ["Counts", "TriggerRows", "TriggerRows"], operations

    def row(trigger: dict[str, Any]) -> Locator:
        return table.locator(f'tr[data-trigger-id="{trigger["id"]}"]')

    headers = await table.get_by_role("columnheader").all_inner_texts()
    recent = headers.index("Events, 24 h")
    await expect(row(busy).get_by_role("cell").nth(recent)).to_have_text("3")
    await expect(row(last).get_by_role("cell").nth(recent)).to_have_text("1")
    await expect(row(triggers[50]).get_by_role("cell").nth(recent)).to_have_text("0")
    link = row(last).get_by_role("cell").nth(headers.index("Last event")).get_by_role("link")
    await expect(link).to_have_attribute("href", f"/events/{newest['id']}")
    await dashboard.check_page()


async def test_schedule_times_read_in_the_triggers_own_zone_with_utc_beside(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    # The browser reads Europe/Berlin (conftest); the trigger's own zone is another one.
    zone = "America/New_York"
    trigger = await scheduled_trigger(
        gql, name="morning", schedule={"cron": "30 2 * * *", "timezone": zone}
    )
    own_time = re.compile(rf"02:30:00 \({re.escape(zone)}\)")
    utc_time = re.compile(r"0[67]:30:00 UTC")  # EST or EDT
    page = await dashboard.sign_in()
    row = page.get_by_role("table", name="Triggers").locator(
        f'tr[data-trigger-id="{trigger["id"]}"]'
    )
    await expect(row).to_contain_text(own_time)
    await expect(row).to_contain_text(utc_time)

    await dashboard.open(f"/triggers/{trigger['id']}")
    upcoming = page.get_by_role("list", name="Upcoming").get_by_role("listitem")
    await expect(upcoming).to_have_count(5)
    for text in await upcoming.all_inner_texts():
        assert own_time.search(text) and utc_time.search(text), text
    await dashboard.check_page()

    # The form's preview follows the zone typed in it.
    await dashboard.open("/triggers/new")
    await choose_cron(page, "evening")
    await page.get_by_label("Cron expression", exact=True).fill("0 18 * * *")
    await page.get_by_label("Time zone", exact=True).fill("Asia/Tokyo")
    first = page.get_by_role("list", name="Next five fire times").get_by_role("listitem").first
    await expect(first).to_contain_text("18:00:00 (Asia/Tokyo)")
    await expect(first).to_contain_text("09:00:00 UTC")
