"""Trigger cursors: a name encoded, read back; nothing a trigger name could not be."""

from __future__ import annotations

import base64

import pytest

from core.triggers.definitions import NAME_MAX, decode_trigger_cursor, encode_trigger_cursor


@pytest.mark.parametrize("name", ["payments", "é" * NAME_MAX, "𝄞" * NAME_MAX, "a b/c"])
def test_names_round_trip(name: str) -> None:
    assert decode_trigger_cursor(encode_trigger_cursor(name)) == name


@pytest.mark.parametrize(
    "raw",
    [
        "AA==",  # a NUL byte: Postgres refuses it in text
        encode_trigger_cursor("a\x00b"),
        encode_trigger_cursor("x" * (NAME_MAX + 1)),
        "A" * 100_000,
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),  # not UTF-8
        "!!!",
    ],
)
def test_anything_else_is_not_a_cursor(raw: str) -> None:
    assert decode_trigger_cursor(raw) is None
