"""One Redis client per process, opened in the lifespan or worker start-up."""

from __future__ import annotations

from redis.asyncio import Redis

from core.platform.settings import Settings


def open_redis(settings: Settings) -> Redis:
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL is not set; the embedded server must be started first")
    # Short timeouts: a Redis outage should delay work, never hang a request.
    client: Redis = Redis.from_url(
        settings.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30
    )
    return client
