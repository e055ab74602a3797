"""Redocly's OpenAPI linter (npm `@redocly/cli`, its recommended rules, conformance/redocly.yaml)
on the document GET /openapi.json serves: no error and no warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from tests.conformance.tools import installed, run


async def test_the_served_openapi_document_lints_clean(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    folder = installed()
    served = await http.get("/openapi.json")
    assert served.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(served.content)
    result = await run(
        str(folder / "node_modules" / ".bin" / "redocly"),
        "lint",
        str(document),
        "--config",
        str(folder / "redocly.yaml"),
        "--format",
        "json",
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    problems = [
        (p["ruleId"], p["severity"], p["message"], [loc.get("pointer") for loc in p["location"]])
        for p in report["problems"]
    ]
    assert problems == [], json.dumps(problems, indent=2)
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}
    assert result.returncode == 0, result.stderr
