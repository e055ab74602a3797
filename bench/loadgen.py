"""A small HTTP/1.1 load generator: keep-alive connections replaying one prebuilt request.

Deliberately minimal (no HTTP library on the client side) so that on a 2-core machine the
client spends as little CPU as possible and the server under test sets the pace.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench import profile as profiling
from bench.harness import access_log_lines, cpu_seconds, load_average, say


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    # CPU the server process used during the run, when it was measured: a steadier figure than
    # requests/s on a small machine where client and server share the cores.
    server_cpu_seconds: float | None = None
    # Lines the server's access log gained during the run, where it was counted.
    access_log_lines: int | None = None

    @classmethod
    def pooled(cls, results: list[LoadResult]) -> LoadResult:
        """Several runs of one kind as one sample: a steadier p99 than any single run's."""
        merged = cls(seconds=sum(r.seconds for r in results))
        for result in results:
            merged.latencies += result.latencies
            merged.errors += result.errors
            for status, n in result.statuses.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + n
        cpu = [r.server_cpu_seconds for r in results]
        if cpu and all(seconds is not None for seconds in cpu):
            merged.server_cpu_seconds = sum(seconds or 0.0 for seconds in cpu)
        return merged

    def record(self, status: int | None, latency: float) -> None:
        """One answered request, or (status None) one the connection broke under."""
        if status is None:
            self.errors += 1
            return
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p99_ms(self) -> float:
        return self.percentile(99) * 1000

    @property
    def cpu_us_per_request(self) -> float:
        if self.server_cpu_seconds is None or not self.ok:
            return float("nan")
        return self.server_cpu_seconds / self.ok * 1e6

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def other(self) -> int:
        """Answers that were not 2xx, and requests that got no answer."""
        return self.requests - self.ok + self.errors


def table_row(name: str, result: LoadResult, *, width: int = 10) -> str:
    """One line under TABLE_HEAD."""
    return (
        f"{name:<{width}} {result.rps:>10.0f} {result.p50_ms:>9.1f} {result.p99_ms:>9.1f} "
        f"{result.ok:>9} {result.other:>7} {_cpu_cell(result):>12}"
    )


def _cpu_cell(result: LoadResult) -> str:
    return "-" if result.server_cpu_seconds is None else f"{result.cpu_us_per_request:.0f}"


def table_head(*, width: int = 10) -> str:
    return f"{'':<{width}} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'2xx':>9} {'errors':>7} {'cpu us/req':>12}"


def build_post(
    host: str, port: int, path: str, body: bytes, headers: dict[str, str] | None = None
) -> bytes:
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    body = await reader.readexactly(length) if length else b""
    return status, body


class KeepAlive:
    """One keep-alive connection replaying requests; reopened when the server drops it."""

    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port

    async def open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port)

    async def exchange(self, request: bytes) -> int | None:
        """The response's status, or None when the connection broke (reopened for the next)."""
        answer = await self.answer(request)
        return answer[0] if answer else None

    async def answer(self, request: bytes) -> tuple[int, bytes] | None:
        """The response's status and body, or None when the connection broke (reopened)."""
        self._writer.write(request)
        try:
            return await _read_response(self._reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            self._writer.close()
            await self.open()
            return None

    def close(self) -> None:
        self._writer.close()


async def run_load(
    host: str, port: int, request: bytes | Sequence[bytes], *, connections: int, seconds: float
) -> LoadResult:
    """Closed loop: each connection sends its next request as soon as the last is answered.
    With several requests, they are sent in turn across the connections."""
    deadline = time.perf_counter() + seconds
    result = LoadResult(seconds=seconds)
    requests = [request] if isinstance(request, bytes) else list(request)

    async def connection(first: int) -> None:
        keep_alive = KeepAlive(host, port)
        await keep_alive.open()
        n = first
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await keep_alive.exchange(requests[n % len(requests)])
                result.record(status, time.perf_counter() - started)
                n += connections
        finally:
            keep_alive.close()

    await asyncio.gather(*(connection(n) for n in range(connections)))
    return result


async def run_paced(
    host: str, port: int, request: bytes, *, connections: int, rate: float, seconds: float
) -> LoadResult:
    """`rate` requests/s on a fixed schedule, spread over the connections: a load below
    saturation, as production sees. Latency counts from when a request was due, not from when
    it was sent, so a stall also counts for the requests it delayed (wrk2's correction)."""
    started = time.perf_counter()
    result = LoadResult(seconds=seconds)
    interval = connections / rate

    async def connection(offset: float) -> None:
        keep_alive = KeepAlive(host, port)
        await keep_alive.open()
        due = started + offset
        try:
            while due < started + seconds:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                status = await keep_alive.exchange(request)
                result.record(status, time.perf_counter() - due)
                due += interval
        finally:
            keep_alive.close()

    await asyncio.gather(*(connection(n / rate) for n in range(connections)))
    return result


WARMUP_SECONDS = 2.0


async def drive(
    base_url: str,
    path: str,
    body: bytes | Sequence[bytes],
    *,
    headers: dict[str, str] | None = None,
    connections: int,
    seconds: float,
    server_pid: int | None = None,
) -> LoadResult:
    """POST body (or each of several bodies in turn) to path: WARMUP_SECONDS of warm-up, then
    the measured run.

    With server_pid, also how much CPU that process used during the measured run."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    bodies = [body] if isinstance(body, bytes) else body
    request = [build_post(host, port, path, one, headers) for one in bodies]
    await run_load(host, port, request, connections=connections, seconds=WARMUP_SECONDS)
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    result = await run_load(host, port, request, connections=connections, seconds=seconds)
    if server_pid:
        result.server_cpu_seconds = cpu_seconds(server_pid) - cpu_before
    return result


@dataclass
class Target:
    """One server under a paired measurement: where to send what, and its process."""

    base_url: str
    path: str
    bodies: Sequence[bytes]
    server_pid: int
    headers: dict[str, str] | None = None

    def requests(self) -> list[bytes]:
        parts = urlsplit(self.base_url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        return [build_post(host, port, self.path, body, self.headers) for body in self.bodies]


async def interleaved(
    targets: Sequence[Target], *, connections: int, seconds: float, rounds: int
) -> list[LoadResult]:
    """Servers all up, driven one at a time in windows of `seconds`, the order reversed every
    round (ABC CBA ...), `rounds` times; each server's windows pooled. On a machine whose other
    load comes and goes, every side meets the same load: the differences are the servers', not
    the moment's."""
    windows: list[list[LoadResult]] = [[] for _ in targets]
    for target in targets:
        parts = urlsplit(target.base_url)
        await run_load(
            parts.hostname or "127.0.0.1",
            parts.port or 80,
            target.requests(),
            connections=connections,
            seconds=WARMUP_SECONDS,
        )
    for round_no in range(rounds):
        order = range(len(targets)) if round_no % 2 == 0 else reversed(range(len(targets)))
        for side in order:
            target = targets[side]
            parts = urlsplit(target.base_url)
            cpu_before = cpu_seconds(target.server_pid)
            result = await run_load(
                parts.hostname or "127.0.0.1",
                parts.port or 80,
                target.requests(),
                connections=connections,
                seconds=seconds,
            )
            result.server_cpu_seconds = cpu_seconds(target.server_pid) - cpu_before
            windows[side].append(result)
    return [LoadResult.pooled(side) for side in windows]


async def etp_raw_ceiling_in_turn(
    targets: Sequence[Target],
    *,
    connections: int,
    seconds: float,
    rounds: int,
    profile: Path | None,
) -> tuple[LoadResult, LoadResult, LoadResult]:
    """The goal comparison of bench.ingest and bench.read: etp (the first target), the raw
    baseline and the no-I/O ceiling driven in turn, etp sampled by py-spy when `profile` names
    an output, and the access lines etp wrote counted into its result."""
    etp = targets[0]
    say(
        f"etp, raw, ceiling in turn: {rounds} windows of {seconds:.0f} s each,"
        f" {connections} connections, load {load_average()}"
    )
    total = len(targets) * (rounds * seconds + WARMUP_SECONDS)
    sampler = None if profile is None else profiling.start(etp.server_pid, total, profile)
    ours, raw, ceiling = await interleaved(
        targets, connections=connections, seconds=seconds, rounds=rounds
    )
    if sampler is not None:
        sampler.wait(timeout=30)
    ours.access_log_lines = access_log_lines(etp.base_url)
    return ours, raw, ceiling
