"""The API key cache: a key in steady use never waits for the database, and requests for a key
that is not cached share one lookup. Against the test database; lookups are counted by wrapping
the real query."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from core.access import api_keys
from core.access.api_keys import KeyVerifier, create_key, revoke_key
from core.access.records import StoredApiKey
from core.platform.clock import ManualClock
from tests.conftest import Server

pytestmark = pytest.mark.asyncio

CACHE_SECONDS = 5.0


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The key ids looked up in the database, in order."""
    asked: list[str] = []
    real: Callable[[str], Awaitable[StoredApiKey | None]] = api_keys.api_key_rows.active_key

    async def counted(key_id: str) -> StoredApiKey | None:
        asked.append(key_id)
        return await real(key_id)

    monkeypatch.setattr(api_keys.api_key_rows, "active_key", counted)
    return asked


async def test_a_key_in_steady_use_is_renewed_before_it_expires(
    clean: Server, lookups: list[str]
) -> None:
    clock = ManualClock(datetime.now(UTC))
    keys = KeyVerifier(cache_seconds=CACHE_SECONDS, clock=clock)
    key = (await create_key("steady")).secret_key
    assert await keys.verify(key) is not None
    clock.advance(CACHE_SECONDS * 0.8)  # in the last quarter: answered, and renewed meanwhile
    assert await keys.verify(key) is not None
    await asyncio.sleep(0.1)
    clock.advance(CACHE_SECONDS * 0.4)  # past the first answer's life
    request = keys.verify(key)
    try:
        # Answered in one step: had it queried the database, it would have suspended here.
        with pytest.raises(StopIteration) as done:
            request.send(None)
    finally:
        request.close()
    assert done.value.value is not None
    assert len(lookups) == 2


async def test_a_renewal_still_lets_a_revocation_apply_within_the_cache_time(
    clean: Server, lookups: list[str]
) -> None:
    clock = ManualClock(datetime.now(UTC))
    keys = KeyVerifier(cache_seconds=CACHE_SECONDS, clock=clock)
    issued = await create_key("revoked")
    assert await keys.verify(issued.secret_key) is not None
    assert await revoke_key(issued.key_id)
    clock.advance(CACHE_SECONDS * 0.8)
    assert await keys.verify(issued.secret_key) is not None  # still cached, renewal started
    await asyncio.sleep(0.1)
    assert await keys.verify(issued.secret_key) is None  # the renewal saw the revocation


async def test_concurrent_requests_for_an_uncached_key_share_one_lookup(
    clean: Server, lookups: list[str]
) -> None:
    keys = KeyVerifier(cache_seconds=CACHE_SECONDS)
    key = (await create_key("busy")).secret_key
    principals = await asyncio.gather(*(keys.verify(key) for _ in range(32)))
    assert all(p is not None for p in principals)
    assert len(lookups) == 1


async def test_without_a_cache_every_request_is_looked_up(
    clean: Server, lookups: list[str]
) -> None:
    keys = KeyVerifier(cache_seconds=0)
    key = (await create_key("fresh")).secret_key
    await asyncio.gather(*(keys.verify(key) for _ in range(3)))
    assert len(lookups) == 3


async def test_strangers_random_keys_never_evict_a_valid_keys_answer(
    clean: Server, lookups: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_keys, "_MAX_REMEMBERED", 20)
    keys = KeyVerifier(cache_seconds=CACHE_SECONDS)
    issued = await create_key("in use")
    assert await keys.verify(issued.secret_key) is not None
    for n in range(50):  # more refusals than the cache remembers
        assert await keys.verify(f"{issued.secret_key[:-4]}{n:04d}") is None
    asked = len(lookups)
    assert await keys.verify(issued.secret_key) is not None
    assert len(lookups) == asked, "the valid key's answer was evicted by the refusals"


async def test_a_refused_key_is_remembered_until_forgotten(
    clean: Server, lookups: list[str]
) -> None:
    clock = ManualClock(datetime.now(UTC))
    verifier = KeyVerifier(cache_seconds=CACHE_SECONDS, clock=clock)
    unknown = "etp_0123456789ab_guess"
    for _ in range(3):
        assert await verifier.verify(unknown) is None
    assert lookups == ["0123456789ab"]
    verifier.forget("0123456789ab")  # as creating a key with that id does
    assert await verifier.verify(unknown) is None
    assert lookups == ["0123456789ab", "0123456789ab"]
