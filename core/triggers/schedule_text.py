"""Schedule.description: a schedule as a person reads it, in its own time zone.

Cron text comes from `cron-descriptor` (maintained, the .NET cronstrue's Python port) rather
than hand-written rules; intervals and one-off times are simple enough to say here. Pure.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from cron_descriptor import ExpressionDescriptor, Options

from core.triggers.schedules import Schedule

# cron-descriptor says "At 02:30" for a daily time; "every day" makes it read as a rule.
_DAILY = re.compile(r"At \d{2}:\d{2}(:\d{2})?((, | and )\d{2}:\d{2}(:\d{2})?)*")
_UNITS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))


def _options() -> Options:
    options = Options()
    options.use_24hour_time_format = True
    # Fixed, whatever the server's locale: the API speaks English.
    options.locale_code = "en_US"
    return options


@lru_cache(maxsize=1024)
def describe_cron(expression: str) -> str:
    """A validated expression (5 fields, or 6 with leading seconds, as cron-descriptor also
    reads six fields)."""
    try:
        text = str(ExpressionDescriptor(expression, _options()).get_description())
    except Exception:  # an expression croniter takes and cron-descriptor does not: say it raw
        return f"Cron {expression}"
    fields = expression.split()
    if fields[-3:] == ["*", "*", "*"] and _DAILY.fullmatch(text):
        text += " every day"
    return text


def describe_interval(seconds: int) -> str:
    for size, unit in _UNITS:
        if seconds % size == 0:
            count = seconds // size
            return f"Every {unit}" if count == 1 else f"Every {count} {unit}s"
    raise AssertionError("unreachable: every whole number of seconds is a count of seconds")


def local_time(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def describe_schedule(schedule: Schedule) -> str:
    """ "At 02:30 every day (Europe/Berlin)", "Every 30 seconds",
    "Once at 2026-12-01 09:00 (Europe/Berlin)"; start and end follow when set."""
    zone = schedule.timezone
    if schedule.cron is not None:
        text = f"{describe_cron(schedule.cron)} ({zone})"
    elif schedule.every_seconds is not None:
        text = describe_interval(schedule.every_seconds)
    elif schedule.at is not None:
        return f"Once at {local_time(schedule.at, zone)} ({zone})"
    else:
        return "Never"
    if schedule.start_at is not None:
        text += f", from {local_time(schedule.start_at, zone)}"
    if schedule.end_at is not None:
        text += f", until {local_time(schedule.end_at, zone)}"
    return text
