"""Retry policies: the delay after the n-th failure and the give-up, as tables."""

from __future__ import annotations

import pytest

from core.platform import retry_policies
from core.platform.retry_policies import Jitter, RetryPolicy

_GROWING = RetryPolicy(base_seconds=0.1, cap_seconds=2.0)
_PAUSE = RetryPolicy.pause(5.0)


@pytest.mark.parametrize(
    ("policy", "failures", "draw", "expected"),
    [
        (_GROWING, 0, 1.0, 0.0),  # nothing failed yet: no wait
        (_GROWING, 1, 1.0, 0.1),
        (_GROWING, 2, 1.0, 0.2),
        (_GROWING, 5, 1.0, 1.6),
        (_GROWING, 6, 1.0, 2.0),  # capped
        (_GROWING, 10_000, 1.0, 2.0),  # no overflow
        (_GROWING, 5, 0.25, 0.4),  # full jitter: a fraction of the ceiling
        (_GROWING, 5, 0.0, 0.0),
        (_PAUSE, 1, 0.25, 5.0),  # a pause ignores the draw
        (_PAUSE, 30, 0.0, 5.0),
        (RetryPolicy(1.0, 8.0, Jitter.NONE), 3, 0.0, 4.0),
    ],
)
def test_delay_after_the_nth_failure(
    policy: RetryPolicy, failures: int, draw: float, expected: float
) -> None:
    assert policy.delay_seconds(failures, draw=lambda: draw) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("base", "cap", "max_attempts"),
    [(-1.0, 1.0, None), (2.0, 1.0, None), (0.1, 1.0, 0)],
)
def test_a_policy_that_cannot_work_is_refused(
    base: float, cap: float, max_attempts: int | None
) -> None:
    with pytest.raises(ValueError, match="a retry policy"):
        RetryPolicy(base, cap, max_attempts=max_attempts)


def test_attempts_exist_only_for_a_policy_that_gives_up() -> None:
    assert RetryPolicy(0.0, 0.0, Jitter.NONE, max_attempts=3).attempts == 3
    with pytest.raises(ValueError, match="retries for as long as the failure lasts"):
        _ = _GROWING.attempts


@pytest.mark.parametrize(
    "policy",
    [
        retry_policies.EVENT_LOG_WRITER,
        retry_policies.SCHEDULER,
        retry_policies.LIVE_REDIS,
        retry_policies.LIVE_LOG_READER,
        retry_policies.WORKER_QUEUE,
        retry_policies.EVENT_LOG_PUBLISH,
        retry_policies.EVENT_CACHE_REDIS,
        retry_policies.RATE_LIMITS_REDIS,
    ],
)
def test_every_loop_and_shortcut_is_back_within_five_seconds_and_never_gives_up(
    policy: RetryPolicy,
) -> None:
    # Issue 12: every loop recovers within 5 s of its dependency coming back, however long the
    # outage lasted; a loop that gave up would never recover.
    assert policy.max_attempts is None
    longest = max(policy.delay_seconds(n, draw=lambda: 1.0) for n in range(1, 100))
    assert 0 < longest == policy.cap_seconds <= 5.0


def test_the_api_tells_callers_to_retry_once_the_event_log_can_have_recovered() -> None:
    assert (
        retry_policies.EVENT_LOG_WRITER.cap_seconds
        <= retry_policies.RETRY_AFTER_DATABASE_DOWN_SECONDS
    )
