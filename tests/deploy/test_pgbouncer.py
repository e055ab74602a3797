"""`etp api` and `etp worker` through Debian's PgBouncer in transaction mode (issue 24), with
DATABASE_PREPARED_STATEMENTS=false: concurrent hooks (the batched commit and its advisory
lock), GraphQL reads (SET LOCAL timeouts and plan modes) and the scheduler's claims all work
while a few server connections are shared by every transaction. The PgBouncer is the test's
own; the Postgres behind it is the suite's."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from core.triggers.definitions import ScheduledTriggerInput, create_scheduled_trigger
from core.triggers.schedules import ScheduleInput
from tests.conftest import GraphQLClient, Server, api_process, free_port
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio

PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)
if PGBOUNCER is None and not os.environ.get("ETP_REQUIRE_SERVICES"):
    pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)", allow_module_level=True)

# Fewer server connections than the API's pool (DATABASE_POOL_SIZE, 10) and the worker's:
# consecutive transactions of one client connection land on different server connections.
SERVER_CONNECTIONS = 2
HOOKS = 40
READS = 20


@pytest.fixture
def pgbouncer(clean: Server) -> Iterator[str]:
    """A transaction-mode PgBouncer in front of the suite's database; yields its URL."""
    assert PGBOUNCER is not None
    target = urlsplit(clean.settings.database_url or "")
    root = Path(tempfile.mkdtemp(prefix="etp-pgbouncer-"))
    port = free_port()
    (root / "users.txt").write_text(f'"{target.username or "postgres"}" ""\n')
    (root / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={target.hostname or "127.0.0.1"} port={target.port or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {root / "users.txt"}
pool_mode = transaction
default_pool_size = {SERVER_CONNECTIONS}
max_client_conn = 200
"""
    )
    for path in (root, *root.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    # PgBouncer refuses to run as root; it drops to -u's user itself.
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    process = subprocess.Popen(
        [PGBOUNCER, *as_user, str(root / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "pgbouncer did not listen"
            time.sleep(0.05)
        yield target._replace(netloc=f"{target.username or 'postgres'}@127.0.0.1:{port}").geturl()
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.asynccontextmanager
async def worker_process(server: Server, database_url: str) -> AsyncIterator[None]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        "worker",
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_PREPARED_STATEMENTS": "false",
            "REDIS_URL": server.settings.redis_url or "",
            "REDIS_PREFIX": server.settings.redis_prefix,
            "LOG_LEVEL": "WARNING",
        },
    )
    try:
        yield
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


async def test_the_platform_runs_through_pgbouncer_in_transaction_mode(
    clean: Server, gql: GraphQLClient, api_key: str, pgbouncer: str
) -> None:
    trigger = await api_trigger(gql)
    scheduled = await create_scheduled_trigger(
        ScheduledTriggerInput(name="every-second", schedule=ScheduleInput(every_seconds=1)),
        now=datetime.now(UTC),
    )
    assert not isinstance(scheduled, list), scheduled
    async with (
        api_process(clean, DATABASE_URL=pgbouncer, DATABASE_PREPARED_STATEMENTS="false") as url,
        httpx.AsyncClient(base_url=url, timeout=30, headers={"X-API-Key": api_key}) as client,
        worker_process(clean, pgbouncer),
    ):
        fired = await asyncio.gather(
            *(
                client.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": i})
                for i in range(HOOKS)
            )
        )
        assert [r.status_code for r in fired] == [202] * HOOKS, [r.text for r in fired]
        # The same statements again, at once from several pooled connections: a statement
        # cached on one server connection is missing from the next transaction's.
        listed = await asyncio.gather(
            *(
                client.post(
                    "/graphql",
                    json={
                        "query": "query($t: ID) { events(triggerId: $t, first: 50) "
                        "{ edges { node { id } } } }",
                        "variables": {"t": trigger["id"]},
                    },
                )
                for _ in range(READS)
            )
        )
        for response in listed:
            assert "errors" not in response.json(), response.text
            assert len(response.json()["data"]["events"]["edges"]) == HOOKS
        for _ in range(200):  # the worker's scheduler claims and fires through it too
            if await tables.count_events(trigger_id=scheduled.id) >= 2:
                break
            await asyncio.sleep(0.05)
        assert await tables.count_events(trigger_id=scheduled.id) >= 2
    assert await tables.count_events(trigger_id=trigger["id"]) == HOOKS
