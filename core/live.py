"""Live fan-out over Redis: committed events are published for subscribers on any process.

Publishing is a hint, not the record: Redis pub/sub drops messages while nobody listens, so
readers that may have missed some fill the gap from the database by event id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from redis.asyncio import Redis

from core.events import StoredEvent, event_document


def events_channel(prefix: str) -> str:
    return f"{prefix}:events"


class RedisPublisher:
    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self._redis = redis
        self._channel = events_channel(prefix)

    async def __call__(self, events: Sequence[StoredEvent]) -> None:
        # One message per committed batch, in commit order: a publish per event cost more than
        # the insert. Subscribers compute status when they deliver, so it is left out here.
        documents = [event_document(event, status=None) for event in events]
        await self._redis.publish(self._channel, json.dumps(documents))
