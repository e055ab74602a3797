"""Schedule.description in the API, and describeSchedule for a form as the person types."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.factories import scheduled_trigger

pytestmark = pytest.mark.asyncio

DESCRIBE = "query($s: ScheduleInput!) { describeSchedule(schedule: $s) }"


async def test_a_trigger_s_schedule_reads_in_its_time_zone(gql: GraphQLClient) -> None:
    trigger = await scheduled_trigger(
        gql, schedule={"cron": "30 2 * * *", "timezone": "Europe/Berlin"}
    )
    data = await gql(
        "query($id: ID!) { trigger(id: $id) { schedule { description } } }", {"id": trigger["id"]}
    )
    assert data["trigger"]["schedule"]["description"] == "At 02:30 every day (Europe/Berlin)"


async def test_describe_schedule_says_what_an_unsaved_schedule_means(gql: GraphQLClient) -> None:
    assert (await gql(DESCRIBE, {"s": {"everySeconds": 30}}))["describeSchedule"] == (
        "Every 30 seconds"
    )
    once = await gql(DESCRIBE, {"s": {"at": "2030-12-01T08:00:00Z", "timezone": "Europe/Berlin"}})
    assert once["describeSchedule"] == "Once at 2030-12-01 09:00 (Europe/Berlin)"


async def test_describe_schedule_refuses_an_invalid_one_at_its_field(gql: GraphQLClient) -> None:
    body = await gql.raw(DESCRIBE, {"s": {"cron": "61 * * * *"}})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"][0]["field"] == ["schedule", "cron"]
