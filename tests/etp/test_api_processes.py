"""`etp api` as operators run it: several real processes behind different ports, one database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.api.ws_client import WsClient
from tests.conftest import GraphQLClient, Server, api_process
from tests.core.storage import tables
from tests.factories import VALID_PAYMENT, api_trigger, hook_path

pytestmark = pytest.mark.asyncio


async def test_two_api_processes_share_one_hook_without_loss(
    clean: Server, gql: GraphQLClient
) -> None:
    trigger = await api_trigger(gql)
    path = hook_path(trigger)
    async with api_process(clean) as first, api_process(clean) as second:
        limits = httpx.Limits(max_connections=100)
        async with (
            httpx.AsyncClient(base_url=first, limits=limits, timeout=60) as a,
            httpx.AsyncClient(base_url=second, limits=limits, timeout=60) as b,
        ):
            responses = await asyncio.gather(
                *(
                    (a if n % 2 else b).post(path, json={**VALID_PAYMENT, "user_id": n})
                    for n in range(200)
                )
            )
            # A rotation through one process stops the hook on the other at once.
            await gql(
                "mutation($id: ID!) { rotateHookToken(id: $id) { errors { code } } }",
                {"id": trigger["id"]},
            )
            after_rotation = await a.post(path, json=VALID_PAYMENT)
    assert [r.status_code for r in responses] == [202] * 200
    assert after_rotation.status_code == 404
    stored = await tables.stored_events()
    assert sorted(e.payload["user_id"] for e in stored) == list(range(200))
    assert len({e.id for e in stored}) == 200


async def test_metrics_count_every_worker_of_one_server(
    clean: Server, gql: GraphQLClient, tmp_path: Path
) -> None:
    trigger = await api_trigger(gql)
    path = hook_path(trigger)
    # The server keeps its per-process metric files in a private directory under TMPDIR.
    async with api_process(clean, "--workers", "2", TMPDIR=str(tmp_path)) as base_url:
        [directory] = list_directory(tmp_path, "etp-metrics-*")
        # No keep-alive: every request is a new connection, taken by whichever worker accepts it.
        fresh = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=base_url, limits=fresh, timeout=60) as client:
            before = [await hook_metrics(client) for _ in range(10)]
            sent = 0
            # Until both workers have served some (the second may still be starting).
            while len(served_by_process(directory)) < 2 and sent < 2000:
                responses = await asyncio.gather(
                    *(client.post(path, json={**VALID_PAYMENT, "user_id": n}) for n in range(50))
                )
                assert [r.status_code for r in responses] == [202] * 50
                sent += 50
            await client.post("/hooks/unknown", json={})
            per_process = served_by_process(directory)
            after = [await hook_metrics(client) for _ in range(10)]
    assert len(per_process) == 2, per_process
    assert sum(per_process.values()) == sent
    # Every scrape, whichever worker answered it, counts the requests of both.
    assert before == [before[0]] * 10
    assert after == [after[0]] * 10
    accepted, not_found = (a - b for a, b in zip(after[0], before[0], strict=True))
    assert (accepted, not_found) == (sent, 1)
    assert await tables.count_events(trigger_id=trigger["id"]) == sent
    # The directory goes with the server.
    assert list_directory(tmp_path, "*") == []


async def test_live_metrics_count_the_subscribers_and_messages_of_every_worker(
    clean: Server, gql: GraphQLClient, api_key: str, tmp_path: Path
) -> None:
    trigger = await api_trigger(gql)
    async with api_process(clean, "--workers", "2", TMPDIR=str(tmp_path)) as base_url:
        [directory] = list_directory(tmp_path, "etp-metrics-*")
        fresh = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=base_url, limits=fresh, timeout=60) as client:
            sent_before = sample((await client.get("/metrics")).text, "etp_live_messages_total")
            clients: list[WsClient] = []
            try:
                # Until both workers hold subscribers (each connection stays on its worker).
                while (
                    len(per_process(directory, "gauge_livesum", "etp_live_subscribers")) < 2
                    and len(clients) < 40
                ):
                    clients.append(await WsClient.connect(base_url, api_key=api_key))
                    await clients[-1].acknowledged()
                    await clients[-1].subscribe()
                    await asyncio.sleep(0.2)
                for n in range(3):
                    response = await client.post(
                        hook_path(trigger), json={**VALID_PAYMENT, "user_id": n}
                    )
                    assert response.status_code == 202
                for subscriber in clients:
                    assert len(await subscriber.events(3)) == 3
                # Messages are counted where they are sent and reach the shared files each second.
                await asyncio.sleep(1.5)
                during = [(await client.get("/metrics")).text for _ in range(10)]
            finally:
                for subscriber in clients:
                    await subscriber.close()
            await asyncio.sleep(0.5)
            after = [(await client.get("/metrics")).text for _ in range(10)]
    # Whichever worker answers: every subscriber of the server, every message it sent.
    assert {sample(text, "etp_live_subscribers") for text in during} == {len(clients)}
    assert {sample(text, "etp_live_messages_total") - sent_before for text in during} == {
        3 * len(clients)
    }
    assert {sample(text, "etp_live_subscribers") for text in after} == {0}


async def test_one_worker_keeps_its_metrics_in_memory_whatever_the_environment_says(
    clean: Server, tmp_path: Path
) -> None:
    # An inherited variable would put prometheus-client into multiprocess mode, writing files into
    # a directory that this server does not own (here: one that does not exist).
    missing = tmp_path / "missing"
    async with (
        api_process(clean, PROMETHEUS_MULTIPROC_DIR=str(missing)) as base_url,
        httpx.AsyncClient(base_url=base_url) as client,
    ):
        assert (await client.post("/hooks/unknown", json={})).status_code == 404
        text = (await client.get("/metrics")).text
    assert sample(text, "etp_hook_request_duration_seconds_count", status="404") == 1
    # Only the default registry has the process collector.
    assert sample(text, "process_cpu_seconds_total") > 0


async def hook_metrics(client: httpx.AsyncClient) -> tuple[float, float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    return (
        sample(text, "etp_hook_request_duration_seconds_count", status="202"),
        sample(text, "etp_hook_request_duration_seconds_count", status="404"),
    )


def sample(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return 0.0


def served_by_process(directory: Path) -> dict[str, float]:
    """Accepted hooks per worker process, from each process's own metric file."""
    return per_process(
        directory, "histogram", "etp_hook_request_duration_seconds_count", status="202"
    )


def per_process(directory: Path, kind: str, name: str, **labels: str) -> dict[str, float]:
    """A metric's non-zero values by process id, read from each process's own file."""
    values = {}
    for file in directory.glob(f"{kind}_*.db"):
        pid = file.stem.rsplit("_", 1)[1]
        for family in MultiProcessCollector.merge([str(file)]):
            for found in family.samples:
                if found.name == name and found.labels == labels and found.value:
                    values[pid] = found.value
    return values


def list_directory(directory: Path, pattern: str) -> list[Path]:
    return list(directory.glob(pattern))
