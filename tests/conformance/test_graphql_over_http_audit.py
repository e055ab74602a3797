"""The GraphQL-over-HTTP specification's own audit (npm `graphql-http`, serverAudits) against the
real app on a local port, with a valid key: every audit ok, no warning, no error."""

from __future__ import annotations

import json
import os

from tests.conformance.tools import run
from tests.conftest import Server


async def test_every_graphql_over_http_audit_passes(clean: Server, api_key: str) -> None:
    result = await run(
        "node",
        "graphql-http-audit.mjs",
        f"{clean.base_url}/graphql",
        env={**os.environ, "ETP_API_KEY": api_key},
    )
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == [], json.dumps(report["failed"], indent=2)
    assert report["counts"] == {"ok": report["total"], "warn": 0, "error": 0}
    assert report["total"] >= 61, report
    assert result.returncode == 0, result.stderr
