"""arq worker settings. User schedules live in the database, not here: arq only carries work."""

from __future__ import annotations

import dataclasses
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.typing import WorkerSettingsBase

from core.platform import retry_policies
from core.platform.settings import Settings
from workers.jobs import heartbeat, purge_expired_events


def worker_settings(settings: Settings) -> type[WorkerSettingsBase]:
    """The queue's definition; workers/supervisor.py runs it (`etp worker` and `etp dev`)."""
    assert settings.redis_url is not None, "start the embedded Redis before the worker"
    redis = dataclasses.replace(
        RedisSettings.from_dsn(settings.redis_url),
        conn_retries=retry_policies.ARQ_CONNECTION_RETRIES,
    )

    class WorkerSettings:
        redis_settings = redis
        queue_name = f"{settings.redis_prefix}:queue"
        functions: list[Any] = [heartbeat, purge_expired_events]
        cron_jobs = [
            cron(
                heartbeat,
                second={0, 15, 30, 45},
                unique=False,
                run_at_startup=True,
                max_tries=retry_policies.CRON_JOBS.attempts,
            ),
            # Every minute; safe on several workers at once and if killed (core/events/purge.py).
            # arq names a unique cron's job `{name}:{time}` under its fixed `arq:job:` prefix:
            # the installation's prefix in the name keeps another installation on the same
            # Redis from taking this one's firing for its own and skipping it.
            cron(
                purge_expired_events,
                name=f"cron:{settings.redis_prefix}:purge_expired_events",
                second=0,
                run_at_startup=True,
                max_tries=retry_policies.CRON_JOBS.attempts,
            ),
        ]
        retry_jobs = True
        max_jobs = 100

    return WorkerSettings  # type: ignore[return-value]
