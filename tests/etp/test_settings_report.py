"""`etp config` and the README's settings table, both generated from the settings' declaration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.platform.settings import Settings
from etp.settings_report import (
    TABLE_END,
    TABLE_START,
    environment_help,
    markdown_table,
    with_table,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def etp_config(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etp.cli", "config", *args],
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_readme_table_is_the_one_the_declaration_gives() -> None:
    readme = README.read_text(encoding="utf-8")
    assert with_table(readme) == readme, (
        "README.md's settings table differs from core/platform/settings.py:"
        " run `.venv/bin/python -m etp.settings_report`"
    )


def test_the_table_has_one_row_per_setting_with_its_variable_default_and_help() -> None:
    rows = markdown_table().splitlines()[2:]
    assert len(rows) == len(Settings.model_fields)
    assert "| `HOOK_RATE_LIMIT` | `1000/second` | requests per hook token" in markdown_table()
    assert "| `DATABASE_URL` | unset |" in markdown_table()
    assert "| `EVENT_LIST_CACHE` | `0` |" in markdown_table()
    assert all(field.description for field in Settings.model_fields.values())


def test_a_changed_declaration_makes_the_committed_table_differ() -> None:
    readme = README.read_text(encoding="utf-8")
    stale = readme.replace("| `PORT` | `8000` |", "| `PORT` | `8080` |")
    assert stale != readme
    assert with_table(stale) == readme
    with pytest.raises(ValueError, match="markers"):
        with_table(readme.replace(TABLE_END, ""))
    assert readme.count(TABLE_START) == 1


def test_etp_config_prints_effective_settings_with_passwords_masked() -> None:
    shown = etp_config(
        env={
            "DATABASE_URL": "postgres://etp:hunter2@db.example:5432/events",
            "REDIS_URL": "redis://:s3cret@cache.example:6379/0",
            "HOOK_RATE_LIMIT": "5/second",
            "FORWARDED_ALLOW_IPS": "10.0.0.1",
        }
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "DATABASE_URL=postgres://etp:***@db.example:5432/events" in lines
    assert "REDIS_URL=redis://:***@cache.example:6379/0" in lines
    assert "hunter2" not in shown.stdout and "s3cret" not in shown.stdout
    assert "HOOK_RATE_LIMIT=5/second" in lines
    assert "TRUSTED_PROXIES=10.0.0.1" in lines
    assert "PORT=8000" in lines and "GRAPHIQL=" in lines
    assert len(lines) == len(Settings.model_fields)


def test_etp_config_refuses_a_bad_value_in_one_line_without_its_password() -> None:
    refused = etp_config(env={"DATABASE_URL": "mysql://etp:hunter2@db/events", "PORT": "http"})
    assert refused.returncode == 2
    assert refused.stdout == ""
    [line] = refused.stderr.splitlines()
    assert "DATABASE_URL must start with postgres://" in line
    assert "PORT must be a whole number, got 'http'" in line
    assert "hunter2" not in line


def test_the_markdown_table_needs_no_environment() -> None:
    printed = etp_config("--markdown", env={"PORT": "not a port"})
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == markdown_table()


def test_etp_dev_help_lists_its_settings_with_their_declared_help() -> None:
    shown = environment_help(("port", "database_url"))
    assert "  PORT " in shown and "the port etp api/etp dev listen on" in shown
    assert "  DATABASE_URL " in shown and "unset: an embedded server" in shown
    assert "`" not in shown
