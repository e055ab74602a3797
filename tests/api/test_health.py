from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.asyncio


async def test_healthz_answers_while_the_process_runs(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200


async def test_readyz_checks_database_and_redis(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_metrics_count_hook_requests_by_status(http: httpx.AsyncClient) -> None:
    def not_found_count(text: str) -> float:
        for line in text.splitlines():
            if line.startswith('etp_hook_requests_total{status="404"}'):
                return float(line.split()[-1])
        return 0.0

    before = not_found_count((await http.get("/metrics")).text)
    await http.post("/hooks/unknown", json={})
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert not_found_count(response.text) == before + 1
