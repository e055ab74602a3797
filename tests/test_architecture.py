"""The package boundaries of docs/architecture.md, checked on the source itself."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORAGE = ROOT / "core" / "storage"
# Statements, not prose: a keyword followed by what makes it SQL.
SQL = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+(\s+AS\s+\w+)?\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bFOR\s+UPDATE\b|\bON\s+CONFLICT\b|\bpg_\w+\(|\bSELECT\s+\d",
    re.DOTALL,
)
TRANSPORTS = ("strawberry", "starlette", "arq", "uvicorn")


def sources(*packages: str) -> Iterator[Path]:
    for package in packages:
        yield from sorted((ROOT / package).rglob("*.py"))


def string_constants(tree: ast.AST) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def imported_modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_the_sql_pattern_tells_statements_from_prose() -> None:
    assert SQL.search("SELECT id FROM events")
    assert SQL.search("UPDATE triggers AS t SET next_fire_at = u.next_fire_at")
    assert SQL.search("SELECT pg_advisory_xact_lock($1)")
    assert not SQL.search("the single huge DELETE that sets off a huge autovacuum")


def test_every_sql_statement_is_in_the_storage_package() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}"
        for path in sources("core", "api", "workers", "etp")
        if STORAGE not in path.parents
        for node in string_constants(ast.parse(path.read_text(), str(path)))
        if SQL.search(node.value)
    ]
    assert found == []


def test_the_storage_package_is_where_the_sql_is() -> None:
    """The scan above would pass on a tree without SQL; this one proves it sees some."""
    assert any(
        SQL.search(node.value)
        for path in sources("core/storage")
        for node in string_constants(ast.parse(path.read_text()))
    )


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_core_imports_no_transport(transport: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources("core")
        for module in imported_modules(ast.parse(path.read_text()))
        if module == transport or module.startswith(f"{transport}.")
    ]
    assert found == []


@pytest.mark.parametrize(("package", "other"), [("api", "workers"), ("workers", "api")])
def test_api_and_workers_never_import_each_other(package: str, other: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources(package)
        for module in imported_modules(ast.parse(path.read_text()))
        if module == other or module.startswith(f"{other}.")
    ]
    assert found == []


PURE_RULES = (
    "core/triggers/schedules.py",
    "core/triggers/payload_schema.py",
    "core/triggers/json_schema.py",
    "core/triggers/storable_json.py",
    "core/triggers/schedule_text.py",
    "core/events/retention.py",
    "core/events/payload_filter.py",
    "core/events/pages.py",
    "core/events/count_windows.py",
    "core/platform/clock.py",
    "core/platform/backoff.py",
)
IO = ("tortoise", "asyncpg", "redis", "core.storage", "core.runtime", "core.live")


@pytest.mark.parametrize("module", PURE_RULES)
def test_pure_rules_do_no_io(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text())
    found = [
        m for m in imported_modules(tree) if any(m == io or m.startswith(f"{io}.") for io in IO)
    ]
    assert found == []


STORAGE_MAY_IMPORT = (
    "core.storage",
    "core.platform",
    # Pure data and rules the queries are written in terms of.
    "core.events.records",
    "core.events.pages",
    "core.events.retention",
    "core.events.count_windows",
)


def test_storage_imports_only_data_and_platform_from_core() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources("core/storage")
        for module in imported_modules(ast.parse(path.read_text()))
        if module.startswith("core") and not module.startswith(STORAGE_MAY_IMPORT)
    ]
    assert found == []
