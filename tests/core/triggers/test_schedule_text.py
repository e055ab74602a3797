"""Schedule.description, as a table: what a person reads for each kind of schedule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.triggers.schedule_text import describe_interval, describe_schedule
from core.triggers.schedules import Schedule

BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (Schedule(cron="30 2 * * *", timezone=BERLIN), "At 02:30 every day (Europe/Berlin)"),
        (Schedule(cron="0 3 * * *"), "At 03:00 every day (UTC)"),
        (Schedule(cron="30 2,14 * * *"), "At 02:30 and 14:30 every day (UTC)"),
        (
            Schedule(cron="0 9 * * 1-5", timezone=BERLIN),
            "At 09:00, Monday through Friday (Europe/Berlin)",
        ),
        (Schedule(cron="*/5 * * * *"), "Every 5 minutes (UTC)"),
        (Schedule(cron="* * * * *"), "Every minute (UTC)"),
        (Schedule(cron="*/10 * * * * *"), "Every 10 seconds (UTC)"),
        (Schedule(cron="0 30 2 * * *"), "At 02:30 every day (UTC)"),
        (Schedule(cron="0 0 * * 5#3"), "At 00:00, on the third Friday of the month (UTC)"),
        (Schedule(cron="0 12 1 1 *"), "At 12:00, on day 1 of the month, only in January (UTC)"),
        (Schedule(every_seconds=30), "Every 30 seconds"),
        (Schedule(every_seconds=1), "Every second"),
        (Schedule(every_seconds=60), "Every minute"),
        (Schedule(every_seconds=90), "Every 90 seconds"),
        (Schedule(every_seconds=7200), "Every 2 hours"),
        (Schedule(every_seconds=86400), "Every day"),
        (
            Schedule(at=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), timezone=BERLIN),
            "Once at 2026-12-01 09:00 (Europe/Berlin)",
        ),
        (
            Schedule(at=datetime(2026, 7, 1, 8, 0, 30, tzinfo=UTC), timezone=BERLIN),
            "Once at 2026-07-01 10:00:30 (Europe/Berlin)",
        ),
        (
            Schedule(
                cron="0 8 * * *",
                timezone=BERLIN,
                start_at=datetime(2026, 12, 1, tzinfo=UTC),
                end_at=datetime(2027, 1, 1, tzinfo=UTC),
            ),
            "At 08:00 every day (Europe/Berlin), from 2026-12-01 01:00, until 2027-01-01 01:00",
        ),
    ],
)
def test_description(schedule: Schedule, text: str) -> None:
    assert describe_schedule(schedule) == text


def test_every_interval_has_a_description() -> None:
    for seconds in (1, 59, 61, 3599, 3601, 86399, 86401, 366 * 86400):
        assert describe_interval(seconds).startswith("Every ")
