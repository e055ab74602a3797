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


def imported_modules(tree: ast.AST, package: str = "") -> Iterator[str]:
    """Every module an import names. `from a import b` names `a` and `a.b` (b may be a module:
    `from core.storage import models`); relative imports are resolved against `package`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            if base:
                yield base
                yield from (f"{base}.{alias.name}" for alias in node.names)


def module_package(path: Path, root: Path) -> str:
    """The dotted package a file's relative imports start from."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")


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
    "core/events/sources.py",
    "core/triggers/kinds.py",
    "core/triggers/records.py",
    "core/access/records.py",
    "core/deliveries/records.py",
    "core/deliveries/retry_schedule.py",
    "core/deliveries/outcomes.py",
    "core/deliveries/signature.py",
    "core/deliveries/address_policy.py",
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
    # The domain's enums and frozen records: what crosses the boundary, both ways.
    "core.events.sources",
    "core.triggers.kinds",
    "core.triggers.records",
    "core.access.records",
    "core.deliveries.records",
)


def test_storage_imports_only_data_and_platform_from_core() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources("core/storage")
        for module in imported_modules(ast.parse(path.read_text()))
        if module.startswith("core") and not module.startswith(STORAGE_MAY_IMPORT)
    ]
    assert found == []


# Only the storage package (and the migrations, which Tortoise generates from its models) speaks
# the ORM or the driver; everything else gets frozen records and domain enums from it. Benches
# may use the driver as an outside client of the database (the bare-asyncpg baselines, bulk
# seeding), never the ORM. Tests still read rows through the models to prove what was written.
ORM = ("tortoise", "asyncpg", "core.storage.models")
ORM_EXEMPT = {
    "core/storage/": ORM,
    "migrations/": ORM,
    "tests/": ORM,
    "bench/": ("asyncpg",),
}


def python_files(root: Path) -> Iterator[Path]:
    for top in sorted(root.iterdir()):
        if top.name.startswith(".") or top.name == "node_modules":
            continue
        yield from [top] if top.suffix == ".py" else sorted(top.rglob("*.py"))


def orm_imports(root: Path) -> list[str]:
    """`path: module` for each import of the ORM, the driver or the models where it is not
    allowed."""
    found = []
    for path in python_files(root):
        name = path.relative_to(root).as_posix()
        allowed = next((m for p, m in ORM_EXEMPT.items() if name.startswith(p)), ())
        tree = ast.parse(path.read_text(), str(path))
        found += [
            f"{name}: {module}"
            for module in imported_modules(tree, module_package(path, root))
            if any(module == orm or module.startswith(f"{orm}.") for orm in ORM)
            and not any(module == ok or module.startswith(f"{ok}.") for ok in allowed)
        ]
    return found


def plant(root: Path, files: dict[str, str]) -> None:
    """A source tree for a check to read: each file's path under root, and its text."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_only_the_storage_package_imports_the_orm() -> None:
    assert orm_imports(ROOT) == []


def test_the_orm_check_reports_a_planted_import(tmp_path: Path) -> None:
    """The check above would pass on a tree it cannot read; this one proves it sees each way
    a module outside storage can reach the ORM, and that storage and migrations may."""
    planted = {
        "core/triggers/leak.py": "from core.storage import models\n",
        "core/events/relative.py": "from ..storage.models import Event\n",
        "api/graphql/driver.py": "import asyncpg.pool\n",
        "bench/direct.py": "from tortoise.connection import get_connection\n",
        "bench/baseline.py": "import asyncpg\n",
        "core/access/lazy.py": "def f():\n    from core.storage.models import ApiKey\n",
        "core/storage/models.py": "from tortoise import fields\n",
        "core/storage/trigger_rows.py": "from .models import Trigger\n",
        "migrations/0001_initial.py": "from core.storage.models import TriggerKind\n",
        "core/triggers/records.py": "from core.triggers.kinds import TriggerKind\n",
    }
    plant(tmp_path, planted)
    assert {line.partition(":")[0] for line in orm_imports(tmp_path)} == {
        "core/triggers/leak.py",
        "core/events/relative.py",
        "api/graphql/driver.py",
        "bench/direct.py",
        "core/access/lazy.py",
    }


# Everything that outruns Strawberry lives in api/graphql/fast_paths/, behind one switch and one
# seam: its __init__. Other code reaches a fast path only through the seam, so that turning the
# switch off (or removing a fast path) is a change to that one module. Tests of the fast paths
# themselves may reach inside.
FAST_PATHS = "api.graphql.fast_paths"


def fast_path_imports(root: Path) -> list[str]:
    """`path: module` for each import of a fast-path module other than the seam, from outside
    the fast_paths package (and tests)."""
    package_dir = root.joinpath(*FAST_PATHS.split("."))
    found = []
    for path in python_files(root):
        name = path.relative_to(root).as_posix()
        if name.startswith(("tests/", "api/graphql/fast_paths/")):
            continue
        tree = ast.parse(path.read_text(), str(path))
        for module in imported_modules(tree, module_package(path, root)):
            inner = module.removeprefix(f"{FAST_PATHS}.").split(".")[0]
            if module.startswith(f"{FAST_PATHS}.") and (
                (package_dir / f"{inner}.py").exists() or (package_dir / inner).is_dir()
            ):
                found.append(f"{name}: {module}")
    return found


def test_only_the_seam_of_the_fast_paths_is_imported() -> None:
    assert fast_path_imports(ROOT) == []


def test_the_fast_path_check_reports_a_planted_import(tmp_path: Path) -> None:
    """Each way past the seam is seen (a submodule by name, from the package, relative, inside a
    function); the seam itself, the package's own modules and tests are allowed."""
    planted = {
        "api/graphql/fast_paths/__init__.py": "from .result_cache import bound_lifetime\n",
        "api/graphql/fast_paths/result_cache.py": "from api.graphql.fast_paths import x\n",
        "api/graphql/fast_paths/shared_results.py": "import api.graphql.fast_paths.result_cache\n",
        "api/graphql/events/queries.py": "from api.graphql.fast_paths.result_cache import b\n",
        "api/graphql/schema.py": "from api.graphql.fast_paths import shared_results\n",
        "api/graphql/live/relative.py": "from ..fast_paths.shared_results import LiveSender\n",
        "api/graphql/transport/lazy.py": "def f():\n    import api.graphql.fast_paths.result_cache\n",
        "api/graphql/context.py": "from api.graphql.fast_paths import ResultLifetime\n",
        "api/app.py": "from api.graphql import fast_paths\n",
        "tests/api/test_result_cache.py": "from api.graphql.fast_paths.result_cache import b\n",
    }
    plant(tmp_path, planted)
    assert {line.partition(":")[0] for line in fast_path_imports(tmp_path)} == {
        "api/graphql/events/queries.py",
        "api/graphql/schema.py",
        "api/graphql/live/relative.py",
        "api/graphql/transport/lazy.py",
    }
