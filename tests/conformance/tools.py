"""The Node conformance tools in conformance/ (installed there by `npm ci`), run as processes."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import _unavailable

FOLDER = Path(__file__).resolve().parents[2] / "conformance"
# The tools start in a second or two; far more means something hangs.
RUN_SECONDS = 120


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def installed() -> Path:
    """conformance/, with its tools installed: else the test is skipped (fails in CI)."""
    if shutil.which("node") is None or not (FOLDER / "node_modules").is_dir():
        _unavailable("conformance/node_modules is absent: run `npm ci` in conformance/")
    return FOLDER


async def run(*args: str, env: dict[str, str] | None = None) -> Run:
    process = await asyncio.create_subprocess_exec(
        *args,
        cwd=installed(),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), RUN_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return Run(process.returncode or 0, stdout.decode(), stderr.decode())
