"""Log lines carry no credentials: request paths are redacted before they are written."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime

import pytest

from core.platform.logs import JsonFormatter, RedactRequestPaths, redact_path


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/graphql", "/graphql"),
        ("/graphql?apiKey=etp_secret", "/graphql"),
        ("/hooks/AbCdEf0123456789xyz", "/hooks/{token}"),
        ("/hooks/AbCdEf0123456789xyz/test", "/hooks/{token}/test"),
        ("/hooks/tok?x=1", "/hooks/{token}"),
        ("/a/hooks/tok/hooks/other", "/a/hooks/{token}/hooks/{token}"),
        ("/", "/"),
    ],
)
def test_redact_path(path: str, logged: str) -> None:
    assert redact_path(path) == logged


def test_uvicorn_websocket_lines_are_written_without_token_or_query() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactRequestPaths())
    logger = logging.getLogger("uvicorn.error.test-redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning(
            '%s - "WebSocket %s" %d', "127.0.0.1:5000", "/hooks/SECRETTOKEN123456?k=v", 404
        )
        logger.warning("unrelated %s", "/hooks/kept-as-is")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["msg"] == '127.0.0.1:5000 - "WebSocket /hooks/{token}" 404'
    assert "SECRETTOKEN" not in stream.getvalue()
    assert second["msg"] == "unrelated /hooks/kept-as-is"


@pytest.mark.parametrize("created", [0.0, 1.5, 1700000000.0, 1700000000.9999, 1764000000.123])
def test_json_lines_carry_the_records_time_in_utc_to_the_millisecond(created: float) -> None:
    formatter = JsonFormatter()
    for when in (created, created + 1, created):  # a new second, then back: not a stale prefix
        record = logging.makeLogRecord({"msg": "m", "created": when})
        expected = datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds")
        assert json.loads(formatter.format(record))["ts"] == expected


def test_json_lines_keep_values_orjson_cannot_write() -> None:
    record = logging.makeLogRecord({"msg": "m", "big": 2**70, "thing": object()})
    entry = json.loads(JsonFormatter().format(record))
    assert entry["big"] == 2**70
    assert entry["thing"].startswith("<object object")
