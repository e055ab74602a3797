"""A local HTTP endpoint that records every request: proof that nothing was fetched."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class RecordingEndpoint:
    url: str
    requests: list[bytes] = field(default_factory=list)


@contextmanager
def recording_endpoint() -> Iterator[RecordingEndpoint]:
    """Serves in a thread, so that a blocking fetch from the event loop would still be seen."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    endpoint = RecordingEndpoint(f"http://127.0.0.1:{server.getsockname()[1]}/schema.json")
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                endpoint.requests.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{}")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        stop.set()
        thread.join()
        server.close()
