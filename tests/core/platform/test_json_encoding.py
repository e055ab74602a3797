"""json_text.dumps: orjson's speed, the standard library's exactness where orjson refuses."""

from __future__ import annotations

import json

import pytest

from core.platform.json_encoding import RawJSON, dumps

CASES = [
    pytest.param({"a": [1, 2.5, None, True, "x"]}, id="plain"),
    pytest.param({"big": 2**70, "negative": -(2**65), "edge": 2**64 - 1}, id="beyond-64-bits"),
    pytest.param({"text": "\ud800"}, id="unpaired-surrogate"),
    pytest.param({1: "non-string key"}, id="non-string-key"),
    pytest.param({"text": "é ✓ \u2028"}, id="non-ascii"),
    pytest.param({"nested": [[[{"deep": [0.1, 1e16, -0.0]}]]]}, id="nested-floats"),
]


@pytest.mark.parametrize("value", CASES)
def test_decodes_to_what_the_standard_library_writes(value: object) -> None:
    text = dumps(value)
    assert isinstance(text, str)  # websocket messages need text frames
    assert json.loads(text) == json.loads(json.dumps(value))


def test_is_compact() -> None:
    assert dumps({"a": [1, {"b": None}]}) == '{"a":[1,{"b":null}]}'


@pytest.mark.parametrize(
    "text",
    [
        '{"n": 123456789012345678901234567890, "s": "\\u00e9"}',
        '[1, 2.50, null, "x"]',
        "null",
    ],
)
def test_raw_json_is_spliced_in_as_it_came(text: str) -> None:
    document = {"payload": RawJSON(text), "id": 1}
    assert json.loads(dumps(document)) == {"payload": json.loads(text), "id": 1}


def test_raw_json_beside_what_orjson_refuses_takes_the_standard_path() -> None:
    document = {"payload": RawJSON('{"n": 1}'), "big": 2**70}
    assert json.loads(dumps(document)) == {"payload": {"n": 1}, "big": 2**70}
