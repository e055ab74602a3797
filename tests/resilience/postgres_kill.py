"""Breaking every connection to the test database, as a Postgres restart does, without
restarting the server other test runs share."""

from __future__ import annotations

import asyncpg


async def terminate_backends(database_url: str) -> int:
    """Terminates every session on the test database but the caller's; returns how many."""
    database = database_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(database_url.rsplit("/", 1)[0] + "/postgres", timeout=5)
    try:
        killed: int = await admin.fetchval(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
    finally:
        await admin.close()
    return killed
