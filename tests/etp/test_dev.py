"""`etp dev` from nothing: embedded SQLite and Redis, a printed key, the README tour works."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.asyncio


async def _read_key(stream: asyncio.StreamReader, printed: list[str]) -> str:
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError("etp dev exited before printing its key")
        printed.append(line)
        if "API key:" in line:
            return line.split("API key:")[1].strip()


async def test_etp_dev_serves_the_tour_on_embedded_backends(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"ETP_DATA_DIR": str(tmp_path / "data"), "PORT": str(port)})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        "dev",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    try:
        printed: list[str] = []
        key = await asyncio.wait_for(_read_key(process.stdout, printed), 60)
        assert any(f"Dashboard: http://127.0.0.1:{port}/" in line for line in printed), printed
        drain = asyncio.create_task(process.stdout.read())
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(
            base_url=base, headers={"X-API-Key": key}, timeout=30
        ) as client:
            for _ in range(100):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            created = await client.post(
                "/graphql",
                json={
                    "query": 'mutation { createApiTrigger(input: {name: "signup", apiSchema: {email: "str"}})'
                    " { trigger { hookUrl } errors { message } } }"
                },
            )
            hook_url = created.json()["data"]["createApiTrigger"]["trigger"]["hookUrl"]
            fired = await client.post(hook_url, json={"email": "a@example.com"})
            assert fired.status_code == 202, fired.text
            listed = await client.post(
                "/graphql", json={"query": "{ events { edges { node { payload } } } }"}
            )
            assert listed.json()["data"]["events"]["edges"] == [
                {"node": {"payload": {"email": "a@example.com"}}}
            ]
        assert (tmp_path / "data" / "etp.sqlite3").exists()
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)
    await drain
    assert process.returncode == 0
    assert not (tmp_path / "data" / "redis.sock").exists()
