"""Load through a fault, as clients see it: webhook callers that retry, readiness probes of a load
balancer, and a live subscriber that resumes where it left off. Everything is recorded with its
time so that the scenario can judge it afterwards against what the database holds."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

from tests.api.ws_client import SUBSCRIBE_EVENTS, WsClient

ATTEMPT_TIMEOUT_SECONDS = 5.0
PROBE_INTERVAL_SECONDS = 0.2
MAX_BACKOFF_SECONDS = 5.0


def event_id(public_id: str) -> int:
    """The database id behind an event's public id (16 hex digits, the API's encoding)."""
    return int(public_id, 16)


@dataclass(frozen=True)
class Attempt:
    """One HTTP request. status None: no response (refused, reset, timed out)."""

    target: int
    sent: float
    done: float
    status: int | None
    content_type: str = ""
    body: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 202

    @property
    def server_error(self) -> bool:
        return self.status is not None and self.status >= 500

    @property
    def problem_json(self) -> bool:
        return self.content_type.split(";")[0].strip() == "application/problem+json"


@dataclass
class HookRequest:
    """A webhook caller's logical request: retried with the same Idempotency-Key until a 202."""

    seq: int
    key: str
    first_sent: float
    attempts: int = 0
    acked_at: float | None = None
    event_id: int | None = None


@dataclass
class HookDriver:
    """Drives hooks at `rate` per second across the API processes, bounded by `max_in_flight`.

    A failed attempt (any status but 202, or no answer) is retried with backoff on the next
    process, as a caller behind a load balancer would; every attempt is recorded.
    """

    urls: list[str]
    hook_path: str
    rate: float
    # Enough for a 30 s outage at 50/s with every request still retrying: nothing is shed then.
    max_in_flight: int = 2000
    drain_seconds: float = 30.0
    requests: list[HookRequest] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    # when a request was not sent: the in-flight bound was hit, or this process was starved
    shed: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _give_up_at: float | None = None
    _retry_tokens: float = 0.0
    _retry_refilled: float = 0.0
    _retry_waiters: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=100)
        clients = [
            httpx.AsyncClient(base_url=url, timeout=ATTEMPT_TIMEOUT_SECONDS, limits=limits)
            for url in self.urls
        ]
        try:
            interval = 1.0 / self.rate
            next_at = time.monotonic()
            while not self._stopping.is_set():
                if len(self._tasks) >= self.max_in_flight:
                    self.shed.append(time.monotonic())
                else:
                    task = asyncio.create_task(self._request(clients, len(self.requests)))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                next_at += interval
                behind = time.monotonic() - next_at
                if behind > 1.0:
                    # This process got no CPU for a while: the slots it missed are counted as
                    # not sent rather than fired later in one burst.
                    missed = int(behind / interval)
                    self.shed.extend([time.monotonic()] * missed)
                    next_at += missed * interval
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._stopping.wait(), max(0.0, next_at - time.monotonic())
                    )
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=self.drain_seconds + 10)
        finally:
            for client in clients:
                await client.aclose()

    def stop(self) -> None:
        """Stops issuing; requests in flight keep retrying for up to drain_seconds."""
        self._give_up_at = time.monotonic() + self.drain_seconds
        self._stopping.set()

    async def _request(self, clients: list[httpx.AsyncClient], seq: int) -> None:
        try:
            await self._retry_until_acknowledged(clients, seq)
        except Exception as error:  # a bug in the driver must fail the run, not vanish
            self.errors.append(repr(error)[:300])

    async def _retry_until_acknowledged(self, clients: list[httpx.AsyncClient], seq: int) -> None:
        request = HookRequest(seq=seq, key=f"fault-{uuid.uuid4()}", first_sent=time.monotonic())
        self.requests.append(request)
        body = {"seq": seq}
        target = seq % len(clients)
        backoff = 0.1
        while self._give_up_at is None or time.monotonic() < self._give_up_at:
            request.attempts += 1
            attempt = await self._attempt(clients[target], target, body, request.key)
            self.attempts.append(attempt)
            if attempt.ok:
                request.acked_at = attempt.done
                request.event_id = event_id(json.loads(attempt.body)["event"]["id"])
                return
            target = (target + 1) % len(clients)
            await asyncio.sleep(backoff * random.uniform(0.5, 1.5))
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            await self._retry_budget()

    async def _retry_budget(self) -> None:
        """Retries across all requests at most 2x the request rate (a client-side retry budget,
        as gRPC and Finagle clients keep): a long outage with a thousand requests retrying would
        otherwise starve this process of the CPU it needs to send new ones on time."""
        budget = 2 * self.rate
        self._retry_waiters += 1
        try:
            while True:
                now = time.monotonic()
                self._retry_tokens = min(
                    budget, self._retry_tokens + (now - self._retry_refilled) * budget
                )
                self._retry_refilled = now
                if self._retry_tokens >= 1:
                    self._retry_tokens -= 1
                    return
                # Waiters sleep longer the more of them there are: few wake-ups, fair enough.
                await asyncio.sleep(self._retry_waiters / budget * random.uniform(0.5, 1.5))
        finally:
            self._retry_waiters -= 1

    async def _attempt(
        self, client: httpx.AsyncClient, target: int, body: dict[str, Any], key: str
    ) -> Attempt:
        sent = time.monotonic()
        try:
            response = await client.post(
                self.hook_path, json=body, headers={"Idempotency-Key": key}
            )
        except httpx.HTTPError as error:
            return Attempt(target, sent, time.monotonic(), None, body=repr(error)[:200])
        text = response.text
        return Attempt(
            target,
            sent,
            time.monotonic(),
            response.status_code,
            response.headers.get("content-type", ""),
            text if response.status_code == 202 else text[:300],
        )


@dataclass(frozen=True)
class Probe:
    target: int
    done: float
    status: int | None


@dataclass
class ReadinessProbe:
    """GET /readyz on every API process every 0.2 s, as a load balancer does."""

    urls: list[str]
    probes: list[Probe] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        await asyncio.gather(*(self._probe(n, url) for n, url in enumerate(self.urls)))

    def stop(self) -> None:
        self._stopping.set()

    async def _probe(self, target: int, url: str) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=1.0) as client:
            while not self._stopping.is_set():
                try:
                    status: int | None = (await client.get("/readyz")).status_code
                except httpx.HTTPError:
                    status = None
                self.probes.append(Probe(target, time.monotonic(), status))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), PROBE_INTERVAL_SECONDS)


@dataclass
class ResumingSubscriber:
    """An `eventFired` subscriber that, whenever its connection breaks, reconnects (to the next
    API process) and resubscribes with `after` = the last id it saw."""

    urls: list[str]
    api_key: str
    received: list[int] = field(default_factory=list)
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def last_id(self) -> int:
        return self.received[-1] if self.received else 0

    async def run(self) -> None:
        target = 0
        while not self._stopping.is_set():
            try:
                await self._session(self.urls[target])
            except (OSError, TimeoutError, websockets.WebSocketException) as error:
                self.errors.append(f"{type(error).__name__}: {error}"[:200])
            if self._stopping.is_set():
                return
            self.reconnects += 1
            target = (target + 1) % len(self.urls)
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        self._stopping.set()

    async def caught_up(self, event_id: int, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.last_id >= event_id:
                return True
            await asyncio.sleep(0.1)
        return self.last_id >= event_id

    async def _session(self, url: str) -> None:
        client = await asyncio.wait_for(WsClient.connect(url, api_key=self.api_key), 5)
        try:
            await client.acknowledged()
            # Event ids are handed out in commit order, so "after the last one seen" is exact.
            await client.subscribe(SUBSCRIBE_EVENTS, after=f"{self.last_id:016x}")
            while not self._stopping.is_set():
                try:
                    message = await client.receive(wait=0.5)
                except TimeoutError:
                    continue
                if message["type"] == "ping":
                    await client.send({"type": "pong"})
                    continue
                if message["type"] != "next" or "errors" in message["payload"]:
                    self.errors.append(json.dumps(message)[:200])
                    return
                self.received.append(event_id(message["payload"]["data"]["eventFired"]["id"]))
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.close(), 2)
