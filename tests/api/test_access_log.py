"""The access log is written off the event loop: a log reader that stops reading stalls no
request, and a clean shutdown of `etp api` still writes every line."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import threading

import httpx
import pytest

from tests.conftest import Server, api_process

pytestmark = pytest.mark.asyncio

REQUESTS = 300  # about 50 KB of lines
PIPE_BYTES = 4096  # the smallest pipe Linux gives: it fills with the first few dozen lines


async def test_a_stalled_log_stalls_no_request_and_a_clean_shutdown_writes_every_line(
    clean: Server,
) -> None:
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    released = threading.Event()
    received: list[bytes] = []

    def read_once_released() -> None:
        released.wait()
        with os.fdopen(read_end, "rb") as pipe:
            while chunk := pipe.read(65536):
                received.append(chunk)

    reader = threading.Thread(target=read_once_released, daemon=True)
    reader.start()
    try:
        async with api_process(clean, stderr=write_end, LOG_LEVEL="INFO", LOG_FORMAT="json") as url:
            os.close(write_end)  # the process holds its own copy
            write_end = -1
            try:
                # Nobody reads the log yet: the pipe is full after a few dozen lines.
                async with httpx.AsyncClient(base_url=url) as client:
                    slots = asyncio.Semaphore(8)

                    async def health() -> int:
                        async with slots:
                            return (await client.get("/healthz")).status_code

                    statuses = await asyncio.wait_for(
                        asyncio.gather(*(health() for _ in range(REQUESTS))), 30
                    )
                assert statuses == [200] * REQUESTS
            finally:
                released.set()  # the shutdown needs a reader for what it writes
    finally:
        released.set()
        if write_end >= 0:
            os.close(write_end)
        reader.join(30)
    text = b"".join(received).decode()
    assert len(text) > PIPE_BYTES
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "etp.access"]
    health_lines = [line for line in access if line["route"] == "/healthz"]
    assert len(health_lines) == REQUESTS
    for line in health_lines:
        assert line["msg"].startswith("GET /healthz 200 ")
        assert (line["level"], line["method"], line["status"]) == ("info", "GET", 200)
        assert isinstance(line["duration_ms"], float)
        assert line["ts"].endswith("+00:00")
