"""docker-compose.yml's "proxy" topology without Docker (issue 24): Debian's nginx, run from
deploy/nginx's own files, in front of three `etp api` processes and a worker. Hooks go through
it; a subscriber whose replica is killed resumes through it on another with no gap; a replica
that stops answering is taken out by nginx's passive checks."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server, free_port
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
REPLICAS = 3
START_SECONDS = 60.0
# nginx's proxy_read_timeout for plain requests (deploy/nginx/etp.conf) and some room.
STUCK_DETECTION_SECONDS = 10.0 + 5.0

if NGINX is None and not os.environ.get("ETP_REQUIRE_SERVICES"):
    pytest.skip("nginx is not installed (apt-get install nginx)", allow_module_level=True)


@dataclass
class Replica:
    process: asyncio.subprocess.Process
    url: str


async def _spawn(command: str, server: Server, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "etp.cli",
        command,
        env={
            **os.environ,
            "DATABASE_URL": server.settings.database_url or "",
            "REDIS_URL": server.settings.redis_url or "",
            "REDIS_PREFIX": server.settings.redis_prefix,
            "LOG_LEVEL": "WARNING",
            **env,
        },
        stdout=asyncio.subprocess.DEVNULL,
    )


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGCONT)
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 20)
    except TimeoutError:
        process.kill()
        await process.wait()


async def _until_ready(url: str, path: str = "/readyz") -> None:
    async with httpx.AsyncClient(base_url=url, timeout=2) as client:
        deadline = time.monotonic() + START_SECONDS
        while True:
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(path)).status_code == 200:
                    return
            assert time.monotonic() < deadline, f"{url}{path} never answered 200"
            await asyncio.sleep(0.1)


def nginx_prefix(root: Path, upstreams: list[str], port: int) -> Path:
    """A prefix directory whose nginx.conf includes deploy/nginx/etp.conf as compose's image
    does, with this run's replicas and listener in the two fragments etp.conf expects."""
    fragments = root / "etp"
    fragments.mkdir(parents=True)
    shutil.copy(DEPLOY / "etp" / "proxy-headers.inc", fragments)
    compose_upstream = (DEPLOY / "compose" / "upstream.inc").read_text()
    # The same server parameters as compose's, for this run's addresses.
    parameters = re.search(r"^server \S+ (.*);$", compose_upstream, re.M)
    assert parameters is not None
    (fragments / "upstream.inc").write_text(
        "".join(f"server {address} {parameters.group(1)};\n" for address in upstreams)
    )
    (fragments / "listen.inc").write_text(f"listen 127.0.0.1:{port};\n")
    temp = "\n".join(
        f"  {kind}_temp_path {root / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (root / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {root / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
{temp}
  include {DEPLOY / "etp.conf"};
}}
"""
    )
    # nginx's workers run as nobody when it is started as root.
    root.chmod(0o777)
    return root


@contextlib.asynccontextmanager
async def topology(server: Server, root: Path) -> AsyncIterator[tuple[str, list[Replica]]]:
    assert NGINX is not None
    proxy_port = free_port()
    proxy_url = f"http://127.0.0.1:{proxy_port}"
    ports = [free_port() for _ in range(REPLICAS)]
    processes: list[asyncio.subprocess.Process] = []
    try:
        for port in ports:
            processes.append(
                await _spawn(
                    "api",
                    server,
                    PORT=str(port),
                    PUBLIC_URL=proxy_url,
                    TRUSTED_PROXIES="127.0.0.1",
                )
            )
        worker_port = free_port()
        processes.append(await _spawn("worker", server, WORKER_HEALTH_PORT=str(worker_port)))
        prefix = nginx_prefix(root, [f"127.0.0.1:{port}" for port in ports], proxy_port)
        processes.append(
            await asyncio.create_subprocess_exec(
                NGINX, "-e", "stderr", "-p", str(prefix), "-c", str(prefix / "nginx.conf")
            )
        )
        replicas = [
            Replica(process, f"http://127.0.0.1:{port}")
            for process, port in zip(processes, ports, strict=False)
        ]
        await asyncio.gather(
            *(_until_ready(replica.url) for replica in replicas),
            _until_ready(f"http://127.0.0.1:{worker_port}"),
            _until_ready(proxy_url, "/proxy-healthz"),
        )
        yield proxy_url, replicas
    finally:
        await asyncio.gather(*(_stop(process) for process in processes))


async def _subscribers(replica: Replica) -> float:
    async with httpx.AsyncClient(base_url=replica.url, timeout=2) as client:
        text = (await client.get("/metrics")).text
    found = re.search(r"^etp_live_subscribers(?:\{[^}]*\})? (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


async def _fire(proxy: httpx.AsyncClient, trigger: dict[str, str], n: int) -> list[str]:
    ids = []
    for i in range(n):
        response = await proxy.post(hook_path(trigger), json={**VALID_PAYMENT, "user_id": i})
        assert response.status_code == 202, response.text
        ids.append(response.json()["event"]["id"])
    return ids


async def test_the_proxy_topology_serves_resumes_and_routes_around_a_stuck_replica(
    clean: Server, gql: GraphQLClient, api_key: str, tmp_path: Path
) -> None:
    trigger = await api_trigger(gql)
    async with (
        topology(clean, tmp_path / "nginx") as (proxy_url, replicas),
        httpx.AsyncClient(base_url=proxy_url, timeout=30) as proxy,
    ):
        # Hooks through the proxy, spread over the replicas, with links naming the proxy.
        fired = await _fire(proxy, trigger, 2 * REPLICAS)
        assert len(set(fired)) == 2 * REPLICAS
        listed = await proxy.post(
            "/graphql",
            json={"query": "{ triggers { edges { node { hookUrl } } } }"},
            headers={"X-API-Key": api_key},
        )
        assert listed.json()["data"]["triggers"]["edges"][0]["node"]["hookUrl"].startswith(
            proxy_url + "/hooks/"
        )

        # A subscriber through the proxy loses its replica and resumes on another with `after`.
        subscriber = await WsClient.connect(proxy_url, api_key=api_key)
        await subscriber.acknowledged()
        await subscriber.subscribe(triggerId=trigger["id"])
        holding: list[Replica] = []
        for _ in range(100):
            counts = await asyncio.gather(*(_subscribers(r) for r in replicas))
            holding = [r for r, count in zip(replicas, counts, strict=True) if count > 0]
            if holding:
                break
            await asyncio.sleep(0.05)
        assert len(holding) == 1, "the subscription is not on exactly one replica"
        before = await _fire(proxy, trigger, 3)
        seen = [event["id"] for event in await subscriber.events(3)]
        assert seen == before
        holding[0].process.kill()
        await holding[0].process.wait()
        during = await _fire(proxy, trigger, 3)  # the proxy sends these to the others
        await subscriber.close()
        resumed = await WsClient.connect(proxy_url, api_key=api_key)
        await resumed.acknowledged()
        await resumed.subscribe(triggerId=trigger["id"], after=seen[-1])
        after = await _fire(proxy, trigger, 2)
        assert [event["id"] for event in await resumed.events(5)] == during + after
        await resumed.close()

        # A replica that stops answering (SIGSTOP: it still accepts connections) is timed out
        # once, that request is retried on another, and then it gets nothing.
        alive = [r for r in replicas if r.process.returncode is None]
        alive[0].process.send_signal(signal.SIGSTOP)
        started = time.monotonic()
        for _ in range(len(alive) + 1):  # round robin reaches the stopped one
            assert (await proxy.get("/healthz")).status_code == 200
        assert time.monotonic() - started < STUCK_DETECTION_SECONDS
        for _ in range(5):
            sent = time.monotonic()
            await _fire(proxy, trigger, 1)
            assert time.monotonic() - sent < 2.0, "a hook went to the stopped replica"
        alive[0].process.send_signal(signal.SIGCONT)
