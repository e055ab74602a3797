"""Budget leases against the real Redis: a request spent from a held slice waits for nothing,
Redis is asked once per slice (not per request, not per refusal), and counters sharing Redis
stay within one slice each above a limit."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine

import pytest

from api.rate_limits import RateLimits, Verdict, parse_limit
from tests.conftest import Server
from tests.redis_commands import commands_naming

pytestmark = pytest.mark.asyncio


def _counter(server: Server, *, slices: int) -> RateLimits:
    settings = server.settings
    return RateLimits(settings.redis_url, prefix=settings.redis_prefix, slices=slices)


def _allowed(verdicts: list[Verdict | None]) -> int:
    return sum(1 for v in verdicts if v is not None and v.allowed)


def _spent_at_once(request: Coroutine[object, object, Verdict | None]) -> Verdict:
    """The verdict of a request that runs to its end in one step: had it awaited Redis, it
    would have suspended."""
    try:
        with pytest.raises(StopIteration) as done:
            request.send(None)
    finally:
        request.close()
    verdict = done.value.value
    assert isinstance(verdict, Verdict)
    return verdict


async def _settled(limits: RateLimits) -> None:
    """Background top-ups finished (they are the process's own tasks)."""
    await asyncio.sleep(0.05)
    await limits.close()


async def test_a_request_spent_from_a_held_slice_waits_for_nothing(clean: Server) -> None:
    limits = _counter(clean, slices=10)
    item = parse_limit("1000/minute")  # slices of 100
    caller = secrets.token_hex(8)
    try:
        first = await limits.hit(item, caller)
        assert first is not None and first.allowed
        assert _spent_at_once(limits.hit(item, caller)).allowed
    finally:
        await _settled(limits)


async def test_a_slice_prepared_ahead_is_there_when_the_request_comes(clean: Server) -> None:
    limits = _counter(clean, slices=10)
    item = parse_limit("1000/minute")
    caller = secrets.token_hex(8)
    try:
        limits.prepare(item, caller)  # a GraphQL operation's cost budget, while it is validated
        await asyncio.sleep(0.1)
        assert _spent_at_once(limits.hit(item, caller, cost=7)).allowed
    finally:
        await _settled(limits)


async def test_redis_is_asked_once_per_half_slice_not_once_per_request(clean: Server) -> None:
    limits = _counter(clean, slices=10)
    item = parse_limit("1000/minute")  # slices of 100, topped up once half is spent
    caller = secrets.token_hex(8)
    async with commands_naming(str(clean.settings.redis_url), caller) as commands:
        verdicts = [await limits.hit(item, caller) for _ in range(300)]
        await _settled(limits)
    assert _allowed(verdicts) == 300
    # 100 at first, then 50 at a time: 5 takes.
    assert 1 <= len(commands) <= 300 // 50 + 1, commands


async def test_concurrent_first_requests_share_one_take_and_get_exactly_the_budget(
    clean: Server,
) -> None:
    limits = _counter(clean, slices=20)
    item = parse_limit("30/minute")  # a slice of 1: nothing is taken ahead of need
    caller = secrets.token_hex(8)
    async with commands_naming(str(clean.settings.redis_url), caller) as commands:
        verdicts = await asyncio.gather(*(limits.hit(item, caller) for _ in range(50)))
        await _settled(limits)
    assert _allowed(verdicts) == 30
    # One take for all 50 (refused: more than the limit), what is left, and taking it.
    assert len(commands) <= 3, commands


async def test_a_flood_past_the_limit_is_refused_without_a_redis_call_each(
    clean: Server,
) -> None:
    limits = _counter(clean, slices=20)
    item = parse_limit("5/minute")
    caller = secrets.token_hex(8)
    assert _allowed([await limits.hit(item, caller) for _ in range(5)]) == 5
    async with commands_naming(str(clean.settings.redis_url), caller) as commands:
        refused = [await limits.hit(item, caller) for _ in range(100)]
        await _settled(limits)
    assert _allowed(refused) == 0
    # Asked once when the slice ran out; then remembered until a unit can have freed up.
    assert len(commands) <= 3, commands
    for verdict in refused:
        assert verdict is not None
        assert verdict.remaining == 0
        assert 1 <= verdict.reset_seconds <= 60
        assert verdict.headers()["Retry-After"] == str(verdict.reset_seconds)


async def test_counters_sharing_redis_admit_at_most_one_slice_each_above_the_limit(
    clean: Server,
) -> None:
    processes = [_counter(clean, slices=10) for _ in range(4)]
    item = parse_limit("100/minute")  # slices of 10
    caller = secrets.token_hex(8)
    verdicts = []
    for _ in range(60):  # 240 requests, spread over the four in turn
        for limits in processes:
            verdicts.append(await limits.hit(item, caller))
    for limits in processes:
        await _settled(limits)
    accepted = _allowed(verdicts)
    # Above: the documented bound. Below: a slice each may be left unspent, never more.
    assert 100 - 4 * 10 <= accepted <= 100 + 4 * 10, accepted


async def test_a_request_that_goes_away_does_not_cancel_the_take_others_wait_for(
    clean: Server,
) -> None:
    limits = _counter(clean, slices=20)
    item = parse_limit("30/minute")
    caller = secrets.token_hex(8)
    leaving = asyncio.create_task(limits.hit(item, caller))
    staying = asyncio.create_task(limits.hit(item, caller))
    await asyncio.sleep(0)  # both wait for the same take from Redis
    leaving.cancel()
    verdict = await staying
    assert verdict is not None and verdict.allowed
    assert leaving.cancelled()
    await _settled(limits)
