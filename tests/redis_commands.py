"""The commands Redis receives while a block runs, read with MONITOR from a connection of its own.

Counting what the real server saw, rather than wrapping the client, also counts what goes
around the platform's client (the `limits` library keeps its own connection pool).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio


@asynccontextmanager
async def commands_naming(url: str, fragment: str) -> AsyncIterator[list[str]]:
    """Yields a list that, once the block is over, holds each command a client sent whose text
    contains `fragment` (commands a Lua script runs inside one call are not round trips: left
    out)."""
    seen: list[str] = []
    end = f"commands-naming-end-{secrets.token_hex(8)}"
    watcher = redis.asyncio.Redis.from_url(url)
    sender = redis.asyncio.Redis.from_url(url)
    try:
        async with watcher.monitor() as monitor:
            yield seen
            # Everything sent before this ECHO is reported before it.
            await sender.echo(end)
            async with asyncio.timeout(30):
                while True:
                    info = await monitor.next_command()
                    command = info["command"]
                    if end in command:
                        break
                    if info["client_type"] != "lua" and fragment in command:
                        seen.append(command)
    finally:
        await sender.aclose()
        await watcher.aclose()
