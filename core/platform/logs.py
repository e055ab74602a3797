"""Structured logs: one JSON object a line for operators, plain text for a terminal."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

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
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
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
