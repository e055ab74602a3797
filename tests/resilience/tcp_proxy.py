"""A TCP proxy between a process under test and the shared Postgres: the database "goes away"
for that process alone (connections cut, new ones refused) while other test runs keep theirs.

`cut_after_commit` drops a connection right after forwarding a COMMIT to the server, before its
answer comes back: the transaction is applied but the client cannot know, which is the case a
hook must answer "outcome unknown, retry with the same Idempotency-Key".
"""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0
        self.up = True
        self.cut_after_commit = False
        self.commits_cut = 0

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        self.down()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()

    def down(self) -> None:
        """Cuts every connection; new ones are closed at once, as by a stopped server."""
        self.up = False
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def restore(self) -> None:
        self.up = True

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, upstream_writer}
        pair = (writer, upstream_writer)
        for task in (
            asyncio.create_task(self._pipe(reader, upstream_writer, pair, from_client=True)),
            asyncio.create_task(self._pipe(upstream_reader, writer, pair, from_client=False)),
        ):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        pair: tuple[asyncio.StreamWriter, asyncio.StreamWriter],
        *,
        from_client: bool,
    ) -> None:
        try:
            while chunk := await source.read(65536):
                sink.write(chunk)
                await sink.drain()
                if from_client and self.cut_after_commit and b"COMMIT" in chunk:
                    self.cut_after_commit = False
                    self.commits_cut += 1
                    # Let the server read it, then cut the client off before the answer.
                    pair[0].transport.abort()
                    await asyncio.sleep(0.5)
                    pair[1].transport.abort()
                    return
        except (ConnectionError, OSError):
            pass
        finally:
            for end in pair:
                with contextlib.suppress(Exception):
                    end.transport.abort()
                self._writers.discard(end)
