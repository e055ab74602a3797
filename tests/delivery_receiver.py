"""A scripted webhook receiver: an ASGI app served by uvicorn in a subprocess.

The path says how to answer: /ok (200), /fail (500), /gone (410), /throttle (429 with
Retry-After: 1), /hang (no answer for a minute), /slow (200 after 2 s), /stallonce (the first request
to the path gets no answer for a minute, the others 200 at once), /flaky (500 to the
first attempt of each webhook-id, 200 after). Every request is appended, as a JSON line with its
headers and body, to the file named by RECEIVER_LOG before it is answered, so the test sees what
arrived even from a request whose answer never left.

Run: python -m tests.delivery_receiver PORT LOGFILE
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = dict[str, Any]


def app_for(log_path: Path) -> Any:
    seen: set[str] = set()
    stalled: set[str] = set()

    async def app(scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        with log_path.open("a") as log:
            line = {"path": scope["path"], "headers": headers, "body": body.decode()}
            log.write(json.dumps(line) + "\n")
        mode = scope["path"].strip("/").split("/")[0]
        status, extra = 200, []
        if mode == "fail":
            status = 500
        elif mode == "gone":
            status = 410
        elif mode == "throttle":
            status, extra = 429, [(b"retry-after", b"1")]
        elif mode == "hang":
            await asyncio.sleep(60)
        elif mode == "slow":
            await asyncio.sleep(2)
        elif mode == "stallonce" and scope["path"] not in stalled:
            stalled.add(scope["path"])
            await asyncio.sleep(60)
        elif mode == "flaky":
            first = headers.get("webhook-id", "") not in seen
            seen.add(headers.get("webhook-id", ""))
            status = 500 if first else 200
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain"), (b"set-cookie", b"s=1"), *extra],
            }
        )
        await send({"type": "http.response.body", "body": b"answer " * 1000})

    return app


@dataclass
class Receiver:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    def requests(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_receiver(tmp_path: Path, port: int | None = None) -> Iterator[Receiver]:
    port = port or free_port()
    log = tmp_path / f"received-{port}.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.delivery_receiver", str(port), str(log)],
        cwd=Path(__file__).resolve().parents[1],
    )
    receiver = Receiver(port, log, process)
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            break
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the receiver did not start")
        time.sleep(0.05)
    try:
        yield receiver
    finally:
        receiver.stop()


if __name__ == "__main__":
    import uvicorn

    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(
        app_for(Path(sys.argv[2])), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning"
    )
