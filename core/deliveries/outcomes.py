"""What one attempt's answer means for its delivery and its destination. Pure.

Success is a 2xx within the destination's timeout. 410 Gone says the endpoint is gone for good:
the destination is disabled. 429 and 503 are retried when their Retry-After says; everything
else (another status, 3xx included, a timeout, a refused connection, a TLS or DNS error, an
address the policy refuses) is retried on the schedule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    # Seconds the receiver asked us to wait (429, 503 with Retry-After), else None.
    retry_after: float | None = None


def classify(status: int | None, *, retry_after: str | None, now: datetime) -> Verdict:
    """`status` None: no answer came (timeout, connection or TLS error, refused address)."""
    if status is None:
        return Verdict(Outcome.RETRY)
    if 200 <= status < 300:
        return Verdict(Outcome.DELIVERED)
    if status == 410:
        return Verdict(Outcome.GONE)
    if status in (429, 503) and retry_after is not None:
        return Verdict(Outcome.RETRY, parse_retry_after(retry_after, now=now))
    return Verdict(Outcome.RETRY)


def parse_retry_after(value: str, *, now: datetime) -> float | None:
    """RFC 9110: delay-seconds or an HTTP-date; None when it is neither (then the schedule)."""
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - now).total_seconds(), 0.0)


def outcome_label(status: int | None, outcome: Outcome) -> str:
    """The metric label of an attempt: delivered, gone, throttled, failed or unreachable."""
    if outcome is Outcome.DELIVERED:
        return "delivered"
    if outcome is Outcome.GONE:
        return "gone"
    if status is None:
        return "unreachable"
    return "throttled" if status in (429, 503) else "failed"
