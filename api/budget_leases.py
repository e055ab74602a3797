"""Slices of each caller's rate budget, leased from the shared count and spent in this process.

Counting every request in Redis puts a round trip in front of every hook and GraphQL operation.
Instead a process takes a slice of a caller's budget at a time (1/`RATE_LIMIT_SLICES` of the
limit, or what one request costs if more) and spends it in memory; once half of a slice is
spent, the next is taken in the background, so a steady caller's requests do not wait for Redis.
Only a caller's first request (or first after a window without any), a request that costs
more than is held, and the first one after a refusal's time wait for the shared count.

Overshoot: the shared count counts a slice when it is taken, not as it is spent. In any one
window a process can spend at most what it held when the window began on top of what the window
counted, and it never holds more than one slice (or one request's cost, if larger) once the
requests that waited for it are served. So a limit admits at most one slice per process per
window more than counting each request would (docs/security.md). Units left when a lease ends
(one window after it was last filled) are dropped, not given back: the shared count forgets
them with its own window.

Once the budget is spent, the refusal is remembered for the time the shared count gives until a
unit frees up, and never less than the time one slice takes to free up at the full rate: a
flood past the limit costs no Redis call per refused request either.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Protocol

from limits import RateLimitItem

from core.platform.clock import Clock

log = logging.getLogger("etp.rate_limits")

# Leases kept per process before expired ones are swept (and, if all are live, all dropped: a
# dropped lease only forgets units it held).
MAX_LEASES = 10_000

Identity = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grant:
    """What the shared count gave for one request of `wanted` units."""

    units: int
    # It had fewer than wanted: until when (wall clock, like `limits`) a unit frees up again,
    # and what it had left after this grant.
    exhausted: bool = False
    reset_at: float = 0.0
    remaining: int = 0
    # Monotonic time the units are good until, if sooner than one window (the memory fallback's
    # units last only until Redis is tried again).
    good_until: float | None = None


class SharedCount(Protocol):
    async def take(self, item: RateLimitItem, identity: Identity, wanted: int) -> Grant: ...


@dataclass(frozen=True, slots=True)
class Refusal:
    remaining: int
    reset_at: float  # wall clock

    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset_at - time.time()))


@dataclass(slots=True, eq=False)
class Lease:
    """The part of one caller's budget under one limit that this process holds."""

    item: RateLimitItem
    identity: Identity
    held: int = 0
    ends_at: float = 0.0
    # Costs of the requests waiting for the next slice, so that one refill serves them all.
    waiting: int = 0
    refill: asyncio.Task[None] | None = None
    refused_until: float = 0.0
    refusal: Refusal | None = field(default=None)

    def expire(self, now: float) -> None:
        if self.ends_at <= now:
            self.held = 0

    def spend(self, cost: int, now: float) -> bool:
        self.expire(now)
        if self.held < cost:
            return False
        self.held -= cost
        return True


class LeaseBook:
    """This process's leases, one per (limit, caller)."""

    def __init__(self, shared: SharedCount, *, slices: int, clock: Clock) -> None:
        self._shared = shared
        self._slices = slices
        self._clock = clock
        self._leases: dict[tuple[RateLimitItem, Identity], Lease] = {}
        self._refills: set[asyncio.Task[None]] = set()

    def slice_of(self, item: RateLimitItem) -> int:
        return max(1, item.amount // self._slices)

    async def spend(self, item: RateLimitItem, identity: Identity, cost: int) -> Refusal | None:
        """Spends `cost` of the caller's budget; the refusal if it cannot be had."""
        lease = self._leases.get((item, identity))
        if lease is None:
            lease = self._open(item, identity)
        if lease.spend(cost, self._clock.monotonic()):
            self._top_up_if_low(lease)
            return None
        lease.waiting += cost
        refilled = False
        try:
            while True:
                now = self._clock.monotonic()
                if lease.spend(cost, now):
                    self._top_up_if_low(lease)
                    return None
                # Refused once the shared count had too little, now or at the refill waited for;
                # asked again only if others spent what the last refill brought.
                if lease.refusal is not None and (refilled or lease.refused_until > now):
                    return lease.refusal
                # Shielded: a request that goes away must not cancel the refill others wait on.
                await asyncio.shield(self._refill(lease))
                refilled = True
        finally:
            lease.waiting -= cost

    def prepare(self, item: RateLimitItem, identity: Identity) -> None:
        """Takes a slice in the background if none is held, for a spend that is about to come
        (so that two budgets of one request are filled in one round trip's time, not two)."""
        lease = self._leases.get((item, identity))
        if lease is None:
            lease = self._open(item, identity)
        now = self._clock.monotonic()
        lease.expire(now)
        if lease.held == 0 and lease.refill is None and lease.refused_until <= now:
            self._refill(lease).add_done_callback(_log_failure)

    async def close(self) -> None:
        for task in self._refills:
            task.cancel()
        await asyncio.gather(*self._refills, return_exceptions=True)

    def _open(self, item: RateLimitItem, identity: Identity) -> Lease:
        if len(self._leases) >= MAX_LEASES:
            now = self._clock.monotonic()
            live = {
                k: v for k, v in self._leases.items() if v.ends_at > now or v.refill is not None
            }
            self._leases = live if len(live) < MAX_LEASES else {}
        lease = self._leases[(item, identity)] = Lease(item, identity)
        return lease

    def _top_up_if_low(self, lease: Lease) -> None:
        size = self.slice_of(lease.item)
        # A slice of one is taken when needed: held ahead, it would be a whole unit of a small
        # budget that no other process can spend.
        if (
            size > 1
            and lease.held * 2 <= size
            and lease.refill is None
            and lease.refused_until <= self._clock.monotonic()
        ):
            self._refill(lease).add_done_callback(_log_failure)

    def _refill(self, lease: Lease) -> asyncio.Task[None]:
        if lease.refill is None:
            task = asyncio.create_task(self._take_slice(lease))
            lease.refill = task
            self._refills.add(task)
            task.add_done_callback(self._refills.discard)
        return lease.refill

    async def _take_slice(self, lease: Lease) -> None:
        try:
            lease.expire(self._clock.monotonic())
            wanted = max(self.slice_of(lease.item), lease.waiting) - lease.held
            if wanted <= 0:
                return
            grant = await self._shared.take(lease.item, lease.identity, wanted)
            now = self._clock.monotonic()
            lease.expire(now)
            window = lease.item.get_expiry()
            if grant.units:
                lease.held += grant.units
                lease.ends_at = now + window
                if grant.good_until is not None:
                    lease.ends_at = min(lease.ends_at, grant.good_until)
            if grant.exhausted:
                # Not asked again before a unit frees up, nor before a slice could have at the
                # full rate: what bounds the Redis calls of a flood past the limit.
                wall = time.time()
                slice_frees_in = window * self.slice_of(lease.item) / lease.item.amount
                wait = max(grant.reset_at - wall, slice_frees_in)
                lease.refused_until = now + wait
                lease.refusal = Refusal(grant.remaining, wall + wait)
            else:
                lease.refused_until = 0.0
                lease.refusal = None
        finally:
            lease.refill = None


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("rate limits: taking a slice of a budget failed", exc_info=task.exception())
