from __future__ import annotations

import pytest
from tortoise.connection import get_connection

from core.platform.settings import Settings, SettingsError
from core.storage.database import backend_pid, database_url, tortoise_config
from tests.conftest import Server


def test_without_a_database_url_the_error_names_embedded_postgres() -> None:
    with pytest.raises(SettingsError) as refused:
        database_url(Settings())
    assert "DATABASE_URL" in str(refused.value)
    assert "embedded Postgres" in str(refused.value)


def test_a_postgresql_url_is_read_as_postgres() -> None:
    settings = Settings(database_url="postgresql://etp:secret@db.example:6543/events")
    assert database_url(settings) == "postgres://etp:secret@db.example:6543/events"
    credentials = tortoise_config(settings)["connections"]["default"]["credentials"]
    assert (credentials["host"], credentials["port"], credentials["database"]) == (
        "db.example",
        6543,
        "events",
    )


@pytest.mark.parametrize(
    ("url", "prepared", "expected"),
    [
        ("postgres://db/etp", True, {}),
        ("postgres://db/etp?sslmode=require", True, {"ssl": "require"}),
        ("postgres://db/etp?sslmode=verify-full", True, {"ssl": "verify-full"}),
        # Behind PgBouncer in transaction mode (docs/deployment.md).
        ("postgres://db/etp", False, {"statement_cache_size": 0}),
        (
            "postgres://db/etp?sslmode=require",
            False,
            {"ssl": "require", "statement_cache_size": 0},
        ),
    ],
)
def test_tls_and_the_statement_cache_reach_asyncpg(
    url: str, prepared: bool, expected: dict[str, object]
) -> None:
    settings = Settings(database_url=url, database_prepared_statements=prepared)
    credentials = tortoise_config(settings)["connections"]["default"]["credentials"]
    assert {k: credentials[k] for k in ("ssl", "statement_cache_size") if k in credentials} == (
        expected
    )


def test_an_unknown_sslmode_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="sslmode='requires'"):
        tortoise_config(Settings(database_url="postgres://db/etp?sslmode=requires"))


@pytest.mark.asyncio
async def test_backend_pid_names_a_server_process_of_this_database(server: Server) -> None:
    """bench/retention.py reads this process's CPU time around a purge."""
    rows = await get_connection("default").execute_query_dict(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    )
    assert await backend_pid() in {row["pid"] for row in rows}


@pytest.mark.asyncio
async def test_a_connection_goes_back_to_the_pool_without_a_reset_round_trip(
    server: Server,
) -> None:
    """asyncpg's default release sent `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET
    ALL` on every release: a round trip per request for session state we never leave
    (database.keep_session)."""
    sent: list[str] = []
    async with get_connection("default").acquire_connection() as connection:
        connection.add_query_logger(lambda record: sent.append(record.query))
        assert await connection.fetchval("SELECT 1") == 1
    assert sent == ["SELECT 1"]
