"""eventRate: per-bucket counts from the per-minute rollup, zero-filled, aligned, bounded."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio

RATE = """query($t: ID, $since: DateTime, $b: Int) {
  eventRate(triggerId: $t, since: $since, bucketSeconds: $b) { start count }
}"""


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def rate(gql: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    buckets: list[dict[str, Any]] = (await gql(RATE, variables))["eventRate"]
    return buckets


@pytest.fixture
async def fired(gql: GraphQLClient, http: httpx.AsyncClient) -> dict[str, Any]:
    one = await api_trigger(gql, name="one")
    two = await api_trigger(gql, name="two")
    for _ in range(3):
        assert (await http.post(hook_path(one), json=VALID_PAYMENT)).status_code == 202
    assert (await http.post(hook_path(two), json=VALID_PAYMENT)).status_code == 202
    # A test run is not counted.
    assert (await http.post(hook_path(one) + "/test", json=VALID_PAYMENT)).status_code == 202
    # Half an hour ago and beyond retention, as the rollup holds them.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    await tables.add_to_event_counts(UUID(one["id"]), now - timedelta(minutes=30), 5)
    await tables.add_to_event_counts(UUID(one["id"]), now - timedelta(days=3), 100)
    return {"one": one, "two": two, "minute": now}


async def test_buckets_are_zero_filled_minutes_up_to_now(
    gql: GraphQLClient, fired: dict[str, Any]
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=40)
    buckets = await rate(gql, t=fired["one"]["id"], since=iso(since))
    starts = [datetime.fromisoformat(b["start"]) for b in buckets]
    assert starts[0] == since.replace(second=0, microsecond=0)
    assert all(b - a == timedelta(minutes=1) for a, b in itertools.pairwise(starts))
    assert starts[-1] <= datetime.now(UTC) < starts[-1] + timedelta(minutes=1)
    counts = {datetime.fromisoformat(b["start"]): b["count"] for b in buckets}
    assert counts[fired["minute"] - timedelta(minutes=30)] == 5
    assert sum(counts.values()) == 5 + 3  # the test run is not counted
    assert buckets[-1]["count"] + buckets[-2]["count"] == 3  # this minute (or the last one)


async def test_all_triggers_and_wider_buckets(gql: GraphQLClient, fired: dict[str, Any]) -> None:
    since = datetime.now(UTC) - timedelta(hours=1)
    buckets = await rate(gql, since=iso(since), b=600)
    for bucket in buckets:
        start = datetime.fromisoformat(bucket["start"])
        assert start.timestamp() % 600 == 0  # aligned to multiples of the bucket
    assert sum(b["count"] for b in buckets) == 5 + 3 + 1
    assert len(buckets) in (7, 8)


async def test_since_is_bounded_to_the_retention_window(
    gql: GraphQLClient, fired: dict[str, Any]
) -> None:
    buckets = await rate(gql, t=fired["one"]["id"], since="2000-01-01T00:00:00Z", b=3600)
    assert sum(b["count"] for b in buckets) == 8  # the 3-day-old minute is past retention
    assert len(buckets) <= 49


async def test_the_default_window_is_the_active_one(
    gql: GraphQLClient, fired: dict[str, Any]
) -> None:
    buckets = await rate(gql, t=fired["two"]["id"])
    assert len(buckets) in (120, 121)
    assert sum(b["count"] for b in buckets) == 1


async def test_an_unknown_trigger_has_only_zero_buckets(
    gql: GraphQLClient, fired: dict[str, Any]
) -> None:
    for unknown in ("00000000-0000-0000-0000-000000000000", "not-an-id"):
        buckets = await rate(gql, t=unknown, b=600)
        assert buckets
        assert {b["count"] for b in buckets} == {0}


@pytest.mark.parametrize("bucket", [0, 59, 90, -60, 86_460])
async def test_bucket_seconds_must_be_whole_minutes_up_to_a_day(
    gql: GraphQLClient, bucket: int
) -> None:
    body = await gql.raw(RATE, {"b": bucket})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["errors"][0]["field"] == ["bucketSeconds"]
