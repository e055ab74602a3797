"""The `etp` command as operators run it: a real process against a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Server


def etp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etp.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def cli_env(clean: Server, tmp_path: Path) -> dict[str, str]:
    """The run's own database, migrated and empty."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = clean.settings.database_url or ""
    env["ETP_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_migrate_then_keys_create_prints_the_key_alone_on_the_last_line(
    cli_env: dict[str, str],
) -> None:
    assert etp("migrate", env=cli_env).returncode == 0
    created = etp("keys", "create", "ci", env=cli_env)
    assert created.returncode == 0, created.stderr
    last_line = created.stdout.strip().splitlines()[-1]
    assert last_line.startswith("etp_") and " " not in last_line
    listed = etp("keys", "list", env=cli_env)
    key_id = last_line.split("_")[1]
    assert key_id in listed.stdout and "ci" in listed.stdout
    assert last_line not in listed.stdout  # secrets are never shown again
    assert etp("keys", "revoke", key_id, env=cli_env).returncode == 0
    assert etp("keys", "revoke", key_id, env=cli_env).returncode == 1


def test_bad_configuration_fails_fast_naming_the_variable(cli_env: dict[str, str]) -> None:
    result = etp("migrate", env={**cli_env, "EVENT_ACTIVE_SECONDS": "soon"})
    assert result.returncode == 2
    assert "EVENT_ACTIVE_SECONDS" in result.stderr


def test_schema_command_prints_the_sdl(cli_env: dict[str, str]) -> None:
    result = etp("schema", env=cli_env)
    assert result.returncode == 0
    assert "type Query" in result.stdout


def test_dev_help_names_where_it_serves_and_keeps_data() -> None:
    result = etp("dev", "--help", env=dict(os.environ))
    assert result.returncode == 0
    for variable in ("HOST", "PORT", "ETP_DATA_DIR", "DATABASE_URL", "REDIS_URL"):
        assert variable in result.stdout


def test_keys_create_takes_scopes_and_list_shows_them(cli_env: dict[str, str]) -> None:
    assert etp("migrate", env=cli_env).returncode == 0
    cases = [
        (["--scope", "events:read", "--scope", "keys:admin"], "events:read,keys:admin"),
        ([], "events:read,hooks:read,triggers:read,triggers:write"),
        (["--read-only"], "events:read,triggers:read"),
    ]
    for arguments, scopes in cases:
        created = etp("keys", "create", "scoped", *arguments, env=cli_env)
        assert created.returncode == 0, created.stderr
        assert f"scopes: {scopes})" in created.stdout
        key_id = created.stdout.strip().splitlines()[-1].split("_")[1]
        [line] = [x for x in etp("keys", "list", env=cli_env).stdout.splitlines() if key_id in x]
        assert line.endswith(scopes)
    unknown = etp("keys", "create", "bad", "--scope", "everything", env=cli_env)
    assert unknown.returncode == 2 and "unknown scope 'everything'" in unknown.stderr
    both = etp("keys", "create", "bad", "--read-only", "--scope", "hooks:read", env=cli_env)
    assert both.returncode == 2
