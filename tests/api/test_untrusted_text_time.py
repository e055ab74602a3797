"""Measuring a caller's text before parsing it is linear in the text: an unterminated string
repeated (`"\\"\\"\\...`, each quote escaped) made the string-removing regular expression scan to
the end from every quote, so a 64 KB document held the event loop for about 25 s and a 1 MiB
websocket message for hours."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from api.graphql.transport.untrusted_text import _GRAPHQL_NOISE, _JSON_STRING, nesting
from tests.conftest import Server

ESCAPED_QUOTES = '"\\' * 30_000


def test_an_unterminated_string_is_one_match_to_the_end_of_the_text() -> None:
    # What keeps the measure linear: no quote after the first starts a scan of its own.
    tails = [ESCAPED_QUOTES, ESCAPED_QUOTES + "\\"]
    for strings, more in ((_JSON_STRING, []), (_GRAPHQL_NOISE, ['"""' + ESCAPED_QUOTES])):
        for tail in tails + more:
            assert len(strings.findall(tail)) == 1


def test_brackets_after_an_unterminated_string_are_not_nesting() -> None:
    # The parser stops at an unterminated string: what follows it is never nested.
    assert nesting('[[ "abc [[[[') == 2
    assert nesting('{ a(b: "x\\') == 2
    assert nesting('{ a(b: """ {{{{') == 2
    assert nesting('["a]", ["\\"]"]]') == 2


@pytest.mark.asyncio
async def test_a_document_of_escaped_quotes_does_not_hold_the_loop(
    clean: Server, api_key: str
) -> None:
    document = "{" * 70 + ESCAPED_QUOTES[: 65_000 - 70]
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        post = asyncio.create_task(
            client.post("/graphql", json={"query": document}, headers={"X-API-Key": api_key})
        )
        # In this test's event loop, as the server: a held loop delays the sleep's end too.
        started = time.monotonic()
        await asyncio.sleep(0.5)
        health = await client.get("/healthz")
        waited = time.monotonic() - started
        answer = await post
    assert health.status_code == 200
    assert answer.status_code == 200 and answer.json()["errors"], answer.text
    assert waited < 5, waited
