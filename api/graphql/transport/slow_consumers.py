"""How a live subscriber that fell too far behind is let go: its SLOW_CONSUMER error (raised by
live/subscriptions.py), then this close, whichever path sent its events (Strawberry's, through
ws_handlers.py, or the fast path's shared results)."""

from __future__ import annotations

from strawberry.types.execution import ExecutionResult

# 1013 (Try Again Later) is not one of graphql-transport-ws's terminal codes, so clients such as
# graphql-ws reconnect, and the error's lastEventId tells them where to resume.
SLOW_CONSUMER_CLOSE = (1013, "slow consumer: resubscribe with after")


def dropped_slow_consumer(result: object) -> bool:
    """Whether this result tells its subscriber it was dropped."""
    errors = result.errors if isinstance(result, ExecutionResult) else None
    return any((e.extensions or {}).get("code") == "SLOW_CONSUMER" for e in errors or ())
