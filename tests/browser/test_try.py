"""Try a definition: fire an unsaved trigger once as a test, and nothing is saved."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import Dashboard, events_stored, triggers_stored
from tests.conftest import GraphQLClient

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]


async def fill_api_definition(page: Page, name: str, schema: Any, payload: Any) -> None:
    await page.get_by_label("Name", exact=True).fill(name)
    await page.get_by_role("radiogroup", name="Kind").get_by_role("radio", name="API").check()
    await (
        page.get_by_role("radiogroup", name="Schema form")
        .get_by_role("radio", name="Short form")
        .check()
    )
    await page.get_by_label("Payload schema", exact=True).fill(json.dumps(schema))
    await page.get_by_label("Payload (JSON)", exact=True).fill(json.dumps(payload))


async def test_a_definition_fires_one_test_event_and_saves_nothing(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await dashboard.sign_in()
    await page.get_by_role("link", name="Try a definition", exact=True).click()
    await expect(page.get_by_role("heading", name="Try a definition", exact=True)).to_be_visible()
    await fill_api_definition(
        page,
        "draft-invoices",
        {"invoice": "int", "currency": "str"},
        {"invoice": 42, "currency": "EUR"},
    )
    await dashboard.check_page()
    await page.get_by_role("button", name="Fire test", exact=True).click()

    region = page.get_by_role("region", name="Test event")
    await expect(region).to_be_visible()
    [event] = await events_stored(gql)
    assert (event["isTest"], event["payload"]) == (True, {"invoice": 42, "currency": "EUR"})
    await expect(region).to_contain_text(event["id"])
    await expect(region).to_contain_text('"invoice"')
    await dashboard.check_page("try")
    assert await triggers_stored(gql) == []
    assert await events_stored(gql, include_test=False) == []


async def test_a_payload_that_breaks_the_schema_is_described_at_its_field(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await dashboard.sign_in()
    await dashboard.open("/try")
    await fill_api_definition(page, "draft", {"invoice": "int"}, {"invoice": "forty-two"})
    payload = page.get_by_label("Payload (JSON)", exact=True)
    await page.get_by_role("button", name="Fire test", exact=True).click()
    await expect(payload).to_have_attribute("aria-invalid", "true")
    await expect(payload).to_have_accessible_description(re.compile(r"\S"))
    assert await events_stored(gql) == []


async def test_a_definition_fired_later_is_scheduled_and_saves_nothing(
    dashboard: Dashboard, gql: GraphQLClient
) -> None:
    page = await dashboard.sign_in()
    await dashboard.open("/try")
    await fill_api_definition(page, "draft-later", {"n": "int"}, {"n": 1})
    # datetime-local takes the viewer's wall time (the context runs in Europe/Berlin).
    later = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(hours=1)
    await page.get_by_label("Fire at", exact=True).fill(later.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_role("button", name="Fire test", exact=True).click()
    await expect(page.get_by_role("status").filter(has_text="Test scheduled for")).to_be_visible()
    assert await triggers_stored(gql) == []
    assert await events_stored(gql) == []
