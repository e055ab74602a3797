"""Structured logs: one JSON object a line for operators, plain text for a terminal."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

import orjson

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


# uvicorn writes a websocket's full path and query string when it accepts or refuses it; the
# access log for HTTP (api/access_log.py) writes route templates instead.
_WEBSOCKET_LINE = '%s - "WebSocket %s"'
_HOOK_TOKEN_IN_PATH = re.compile(r"/hooks/[^/]+")


def redact_path(path: str) -> str:
    """A request path fit for a log: no query string, no hook token."""
    return _HOOK_TOKEN_IN_PATH.sub("/hooks/{token}", path.split("?", 1)[0])


class RedactRequestPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if (
            isinstance(record.msg, str)
            and record.msg.startswith(_WEBSOCKET_LINE)
            and isinstance(record.args, tuple)
            and len(record.args) >= 2
        ):
            record.args = (record.args[0], redact_path(str(record.args[1])), *record.args[2:])
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line. It runs once per request (the access log), so it is kept cheap:
    orjson, and the timestamp's text up to the second made once per second."""

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._second_text = ""

    def _timestamp(self, created: float) -> str:
        second = int(created)
        # Rounded to the microsecond first, as datetime.fromtimestamp does.
        micros = round((created - second) * 1_000_000)
        if micros >= 1_000_000:
            second, micros = second + 1, micros - 1_000_000
        if second != self._second:
            # Both at once: another thread may format between the two assignments.
            self._second_text, self._second = (
                datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                second,
            )
        return f"{self._second_text}.{micros // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(entry, default=str).decode()
        except TypeError:  # what orjson cannot write exactly: integers beyond 64 bits, ...
            return json.dumps(entry, default=str)


def configure_logging(*, level: str, json_lines: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactRequestPaths())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Per-query logs from the ORM drown everything else at INFO.
    logging.getLogger("tortoise").setLevel(max(logging.WARNING, root.level))
    # asyncpg logs a traceback each time it fails to refill its pool while the database is away;
    # the loops that notice the outage log it once (core/platform/health.py).
    logging.getLogger("asyncpg.pool").setLevel(max(logging.ERROR, root.level))
