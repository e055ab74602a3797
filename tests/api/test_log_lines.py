"""The log's writer thread writes in batches: woken per line, it took the GIL from the event loop
once per request."""

from __future__ import annotations

import logging
import time

import pytest

from api import log_lines
from api.log_lines import LogLines


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_lines_wait_for_the_batch_and_a_flush_cuts_the_wait_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(log_lines, "BATCH_SECONDS", 30.0)
    logger = logging.getLogger("etp.test-log-lines")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    kept = Kept()
    logger.addHandler(kept)
    lines = LogLines(logger)
    try:
        for n in range(3):
            lines.write(logging.INFO, "line %d", (n,), {})
            time.sleep(0.05)  # a writer woken per line has written it by now
        assert kept.messages == []
        started = time.monotonic()
        lines.flush_now()
        assert time.monotonic() - started < 10  # not the batch's 30 s
        assert kept.messages == ["line 0", "line 1", "line 2"]
        lines.write(logging.INFO, "after %s", ("the flush",), {})  # a new writer starts
        lines.flush_now()
        assert kept.messages[-1] == "after the flush"
    finally:
        logger.removeHandler(kept)
        lines.flush_now()
