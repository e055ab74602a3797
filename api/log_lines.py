"""Log lines written by a thread of their own, for loggers on every request's path.

`write` only puts a tuple on a queue: the record is made, formatted and written by the logger's
handlers in the writer thread, off the event loop, in batches (one wake-up per BATCH_SECONDS
under load, not one per line). Nothing queued is lost on a clean shutdown:
`flush` (at the end of the app's lifespan) and interpreter exit write out what is left, unless
the log has not been read for FLUSH_SECONDS (then the process stops without it).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import queue
import threading
import time
import weakref
from collections.abc import Mapping

# Lines waiting beyond this are written by the caller: a stalled log then slows requests, as it
# did before, instead of filling memory.
MAX_BACKLOG = 100_000
# The longest a shutdown waits for queued lines to be written.
FLUSH_SECONDS = 10.0
# The writer sleeps this long after the first line of a batch, then writes every line queued:
# waking per line took the GIL from the event loop once per request. A line is written at most
# this late; a flush cuts the wait short.
BATCH_SECONDS = 0.05

_Line = tuple[float, int, str, tuple[object, ...], Mapping[str, object]]


class LogLines:
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._queue: queue.SimpleQueue[_Line | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._lifecycle = threading.Lock()
        self._flushing = threading.Event()
        _open.add(self)

    def write(
        self, level: int, msg: str, args: tuple[object, ...], fields: Mapping[str, object]
    ) -> None:
        """Logs like `logger.log(level, msg, *args, extra=fields)`, stamped now."""
        if not self._logger.isEnabledFor(level):
            return
        line = (time.time(), level, msg, args, fields)
        if self._queue.qsize() >= MAX_BACKLOG:
            self._emit(line)
            return
        self._queue.put(line)
        if self._writer is None:
            self._start()

    async def flush(self) -> None:
        """Writes every queued line and stops the writer (the next line starts it again)."""
        await asyncio.to_thread(self.flush_now)

    def flush_now(self) -> None:
        with self._lifecycle:
            writer = self._writer
            if writer is not None:
                self._queue.put(None)
                self._flushing.set()
                writer.join(FLUSH_SECONDS)
                self._flushing.clear()
                if writer.is_alive():
                    # Nobody reads the log: what is left cannot be written, and waiting on
                    # would keep the process from ever stopping.
                    return
                self._writer = None
            # Lines queued while the writer stopped.
            while True:
                try:
                    line = self._queue.get_nowait()
                except queue.Empty:
                    return
                if line is not None:
                    self._emit(line)

    def _start(self) -> None:
        with self._lifecycle:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._run, name=f"log-lines:{self._logger.name}", daemon=True
                )
                self._writer.start()

    def _run(self) -> None:
        while (line := self._queue.get()) is not None:
            self._flushing.wait(BATCH_SECONDS)
            self._emit(line)
            while True:
                try:
                    line = self._queue.get_nowait()
                except queue.Empty:
                    break
                if line is None:
                    return
                self._emit(line)

    def _emit(self, line: _Line) -> None:
        created, level, msg, args, fields = line
        logger = self._logger
        record = logger.makeRecord(logger.name, level, "", 0, msg, args, None, extra=fields)
        # Stamped when the request ended, not when the writer got to it.
        record.relativeCreated -= (record.created - created) * 1000
        record.created = created
        record.msecs = int((created - int(created)) * 1000) + 0.0
        logger.handle(record)


_open: weakref.WeakSet[LogLines] = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    # A server stopped without its lifespan's end (or a line written after it): the writer is a
    # daemon thread, so what it has not written yet is written here.
    for lines in list(_open):
        lines.flush_now()
