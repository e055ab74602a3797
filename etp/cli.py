"""The `etp` command: dev (everything in one process), api, worker, migrate, keys, schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence

from core.access.api_keys import create_key, list_keys, revoke_key
from core.access.scopes import (
    DEFAULT_SCOPES,
    READ_ONLY_SCOPES,
    KeyScope,
    parse_scope,
    scopes_of_stored,
    stored_scopes,
)
from core.platform.logs import configure_logging
from core.platform.settings import Settings, SettingsError
from core.storage import database as db
from etp.settings_report import effective_lines, environment_help, markdown_table

log = logging.getLogger("etp.cli")

# prometheus-client's own variable (core/platform/metrics.py), set only by `etp api --workers N`. Not imported
# from there: this process must not load prometheus-client before the variable is settled.
MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


# The settings `etp dev` users reach for first, with their help from the declaration.
DEV_ENVIRONMENT = environment_help(
    ("host", "port", "etp_data_dir", "database_url", "redis_url", "log_level")
)


def main(argv: Sequence[str] | None = None) -> int:
    # Inherited, it would make prometheus-client keep this process's metrics in files of a
    # directory that no etp process owns, possibly shared with another run.
    os.environ.pop(MULTIPROC_DIR_ENV, None)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "config" and args.markdown:
        # The declaration alone: no environment needed, nor read.
        sys.stdout.write(markdown_table())
        return 0
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"etp: configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(
        level=settings.log_level, json_lines=settings.log_json and args.command != "dev"
    )
    result: int = args.run(settings, args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="etp", description="Event trigger platform")
    commands = parser.add_subparsers(dest="command", required=True)

    dev = commands.add_parser(
        "dev",
        help="everything in one process (embedded PostgreSQL and Redis by default)",
        description=(
            "API, worker and GraphiQL in one process. Without DATABASE_URL and REDIS_URL it\n"
            "runs PostgreSQL and Redis itself, from their pip wheels, with their data in\n"
            "ETP_DATA_DIR. Ctrl-C stops everything; the data stays for the next start."
        ),
        epilog=DEV_ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dev.set_defaults(run=_dev)

    api = commands.add_parser("api", help="serve GraphQL, the REST shim and the websocket")
    api.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    api.set_defaults(run=_api)

    worker = commands.add_parser("worker", help="run an arq worker (schedules, retention)")
    worker.set_defaults(run=_worker)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(run=_migrate)

    keys = commands.add_parser("keys", help="manage API keys")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser(
        "create", help="create a key; prints it alone on the last line"
    )
    create.add_argument("name")
    create.add_argument(
        "--scope",
        action="append",
        type=_scope_argument,
        dest="scopes",
        metavar="SCOPE",
        help=f"repeatable, one of {', '.join(KeyScope)}; default: all but keys:admin",
    )
    create.add_argument(
        "--read-only", action="store_true", help="events:read triggers:read (no --scope with it)"
    )
    create.set_defaults(run=_keys_create)
    listing = key_commands.add_parser("list", help="list keys (never their secrets)")
    listing.set_defaults(run=_keys_list)
    revoke = key_commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    revoke.set_defaults(run=_keys_revoke)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.set_defaults(run=_schema)

    config = commands.add_parser(
        "config", help="print the effective settings (VARIABLE=value), secrets masked"
    )
    config.add_argument(
        "--markdown", action="store_true", help="print the README's settings table instead"
    )
    config.set_defaults(run=_config)
    return parser


def _config(settings: Settings, args: argparse.Namespace) -> int:
    print("\n".join(effective_lines(settings)))
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> None:
        try:
            await db.migrate(settings)
        finally:
            await db.close_database()

    asyncio.run(run())
    print("migrations applied")
    return 0


def _scope_argument(text: str) -> KeyScope:
    try:
        return parse_scope(text)
    except ValueError as error:  # argparse shows an ArgumentTypeError's own words
        raise argparse.ArgumentTypeError(str(error)) from None


def _keys_create(settings: Settings, args: argparse.Namespace) -> int:
    if args.read_only and args.scopes:
        print("etp: --read-only and --scope name the scopes twice: give one", file=sys.stderr)
        return 2
    scopes = READ_ONLY_SCOPES if args.read_only else frozenset(args.scopes or DEFAULT_SCOPES)

    async def run() -> str:
        await db.open_database(settings)  # keys need migrated tables: run `etp migrate` first
        try:
            issued = await create_key(args.name, scopes)
        finally:
            await db.close_database()
        print(f"created key {issued.key_id} ({args.name}, scopes: {stored_scopes(scopes)})")
        print("store it now: it is not shown again")
        return issued.secret_key

    print(asyncio.run(run()))
    return 0


def _keys_list(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> None:
        await db.open_database(settings)
        try:
            rows = await list_keys()
        finally:
            await db.close_database()
        print(f"{'ID':<14} {'NAME':<24} {'CREATED':<26} {'REVOKED':<26} SCOPES")
        for row in rows:
            print(
                f"{row.id:<14} {row.name:<24} "
                f"{row.created_at.isoformat(timespec='seconds'):<26} "
                f"{row.revoked_at.isoformat(timespec='seconds') if row.revoked_at else '-':<26} "
                f"{stored_scopes(scopes_of_stored(row.scopes))}"
            )

    asyncio.run(run())
    return 0


def _keys_revoke(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> bool:
        await db.open_database(settings)
        try:
            revoked = await revoke_key(args.key_id)
        finally:
            await db.close_database()
        if revoked and settings.redis_url is not None:
            # Running API processes drop it at once (else within API_KEY_CACHE_SECONDS).
            # Imported here: they load prometheus-client, which must wait for main() (above).
            from core.access.key_revocations import announce_revocation
            from core.platform.redis_client import open_redis

            redis = open_redis(settings)
            try:
                await announce_revocation(redis, prefix=settings.redis_prefix, key_id=args.key_id)
            finally:
                await redis.aclose()
        return revoked

    if asyncio.run(run()):
        print(f"revoked key {args.key_id}")
        return 0
    print(f"etp: no active key with id {args.key_id}", file=sys.stderr)
    return 1


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    from api.graphql.schema import schema

    sys.stdout.write(str(schema).rstrip("\n") + "\n")
    return 0


def _api(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from api.serving import uvicorn_options

    if settings.redis_url is None:
        print("etp: REDIS_URL is required for `etp api` (or run `etp dev`)", file=sys.stderr)
        return 2
    with metrics_shared_by(args.workers):
        uvicorn.run(
            "api.asgi:create_app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=args.workers,
            proxy_headers=True,
            ws_per_message_deflate=False,
            **uvicorn_options(settings),
        )
    return 0


@contextlib.contextmanager
def metrics_shared_by(workers: int) -> Iterator[None]:
    """Several uvicorn workers answer /metrics for one another only through prometheus-client's
    multiprocess mode: a directory of per-process files, private to this server (files of another
    run would add to its counts), named in the environment before uvicorn spawns the workers, which
    inherit it. A single worker serves from this process, with its metrics in memory."""
    if workers <= 1:
        yield
        return
    directory = tempfile.mkdtemp(prefix="etp-metrics-")
    os.environ[MULTIPROC_DIR_ENV] = directory
    try:
        yield
    finally:
        del os.environ[MULTIPROC_DIR_ENV]
        shutil.rmtree(directory, ignore_errors=True)


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from workers.supervisor import run_worker

    if settings.redis_url is None:
        print("etp: REDIS_URL is required for `etp worker` (or run `etp dev`)", file=sys.stderr)
        return 2
    asyncio.run(run_worker(settings))
    return 0


def _dev(settings: Settings, args: argparse.Namespace) -> int:
    from etp.dev import run_dev

    return run_dev(settings)


if __name__ == "__main__":
    raise SystemExit(main())
