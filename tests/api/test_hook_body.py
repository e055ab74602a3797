"""Hook bodies and headers at the edges of what JSON and HTTP allow: every one is a 4xx or an
event, never a 500, and nothing about the body matters before the token is known to exist."""

from __future__ import annotations

import gzip
import json
import math
import sys
import zlib

import httpx
import pytest

from api.rest.body import MalformedJson, parse_json
from api.rest.hooks import valid_idempotency_key
from tests.conftest import GraphQLClient, Server
from tests.core.storage import tables
from tests.factories import JSON_BODY, VALID_PAYMENT, api_trigger, events, hook_path

# The request: an integer of more than 4,300 digits (int() refuses it, CVE-2020-10735).
HUGE_INTEGER = b'{"n": ' + b"9" * (sys.get_int_max_str_digits() + 1) + b"}"
# A well-formed token no trigger has.
UNKNOWN_TOKEN = "A" * 43

PARSE_REFUSED = [
    pytest.param(HUGE_INTEGER, "4300 digits", id="integer over 4,300 digits"),
    pytest.param(b"-" + b"1" * 5000, "4300 digits", id="negative integer over 4,300 digits"),
    pytest.param(b'{"a": 1e400}', "out of range", id="1e400 is inf"),
    pytest.param(b'{"a": -1e400}', "out of range", id="-1e400 is -inf"),
    pytest.param(b"[" + b"9" * 400 + b".5]", "out of range", id="a float of 400 digits"),
    pytest.param(b'{"a": NaN}', "NaN", id="NaN"),
    pytest.param(b'{"a": Infinity}', "Infinity", id="Infinity"),
    pytest.param(b'{"a": -Infinity}', "Infinity", id="-Infinity"),
    pytest.param(b'{"a": "\\ud800"}', "surrogate", id="escaped lone surrogate"),
    pytest.param(b'{"a": "\\udc00x"}', "surrogate", id="escaped lone low surrogate"),
    pytest.param(b'{"\\ud800": 1}', "surrogate", id="lone surrogate in a key"),
    pytest.param(b'{"a": "\xed\xa0\x80"}', "not valid JSON", id="surrogate encoded as UTF-8"),
    pytest.param(b'{"a": "\xff"}', "not valid JSON", id="invalid UTF-8"),
    pytest.param(b'{"a": "\xc3"}', "not valid JSON", id="truncated UTF-8"),
    pytest.param(b"\xff\xfe{\x00}\x00", "not valid JSON", id="UTF-16"),
    pytest.param(b"\xef\xbb\xbf\xef\xbb\xbf{}", "not valid JSON", id="two BOMs"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "nesting", id="100,000-deep nesting"),
    pytest.param(b"[" * 65 + b"]" * 65, "nesting", id="65-deep nesting"),
    pytest.param(b" \n\t ", "empty", id="whitespace only"),
    pytest.param(b'{"a": 1} {"b": 2}', "not valid JSON", id="two documents"),
    pytest.param(b'{"a": "\x01"}', "not valid JSON", id="raw control character in a string"),
]


@pytest.mark.parametrize(("body", "mentions"), PARSE_REFUSED)
def test_parse_json_refuses_with_a_clear_message(body: bytes, mentions: str) -> None:
    with pytest.raises(MalformedJson, match=mentions) as refused:
        parse_json(body)
    # Caller text is quoted back short, never whole.
    assert len(str(refused.value)) < 200


PARSE_ACCEPTED = [
    pytest.param(b"\xef\xbb\xbf{}", {}, id="a BOM (RFC 8259 8.1)"),
    pytest.param(b'{"n": ' + b"9" * 4300 + b"}", {"n": int("9" * 4300)}, id="4,300 digits"),
    pytest.param(b'{"a": 1e308}', {"a": 1e308}, id="the largest decimal exponent"),
    pytest.param(b'{"a": 1e-400}', {"a": 0.0}, id="underflow is zero"),
    pytest.param(b'{"a": "\\ud83d\\ude00"}', {"a": "\U0001f600"}, id="a surrogate pair"),
    pytest.param(b"[" * 64 + b"]" * 64, None, id="64-deep nesting"),
]


@pytest.mark.parametrize(("body", "expected"), PARSE_ACCEPTED)
def test_parse_json_accepts_what_json_allows(body: bytes, expected: object) -> None:
    value = parse_json(body)
    if expected is not None:
        assert value == expected


def test_floats_that_parse_are_finite() -> None:
    assert math.isfinite(parse_json(b"1.7976931348623157e308"))


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("order-42", True),
        ("a" * 255, True),
        (" spaces and ~!@#$%^&*() ", True),
        ("", False),
        ("a" * 256, False),
        ("tab\there", False),
        ("nul\x00", False),
        ("del\x7f", False),
        ("bell\x07", False),
        ("latin-1 caf\xe9", False),
        ("unicode \u2603", False),
    ],
)
def test_idempotency_keys_are_printable_ascii(key: str, valid: bool) -> None:
    assert valid_idempotency_key(key) is valid


async def test_a_huge_integer_to_a_known_hook_is_400_and_writes_nothing(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    response = await http.post(hook_path(trigger), content=HUGE_INTEGER, headers=JSON_BODY)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "4300 digits" in response.json()["detail"]
    assert await tables.count_events() == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(HUGE_INTEGER, id="huge integer"),
        pytest.param(b"{not json", id="not JSON"),
        pytest.param(b"[" * 100_000, id="deep nesting"),
        pytest.param(b'{"a": NaN}', id="NaN"),
        pytest.param(b"\xff", id="invalid UTF-8"),
    ],
)
@pytest.mark.parametrize("suffix", ["", "/test"])
async def test_an_unknown_token_is_404_whatever_the_body(
    http: httpx.AsyncClient, body: bytes, suffix: str
) -> None:
    for token in (UNKNOWN_TOKEN, "not-a-token"):
        response = await http.post(f"/hooks/{token}{suffix}", content=body)
        assert response.status_code == 404, response.text
        assert response.json()["type"].endswith("/unknown-hook")
    assert await tables.count_events() == 0


async def test_an_unknown_token_is_404_even_with_a_bad_idempotency_key(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        f"/hooks/{UNKNOWN_TOKEN}", json=VALID_PAYMENT, headers={"Idempotency-Key": "tab\there"}
    )
    assert response.status_code == 404


async def test_unknown_tokens_create_no_rate_counters(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    redis = clean.services.redis
    # Only this run's keys: other runs (xdist workers) share the Redis database.
    counters_of_this_run = f"{clean.settings.redis_prefix}:*ratelimit*"
    for n in range(20):
        await http.post(f"/hooks/{UNKNOWN_TOKEN[:-2]}{n:02d}", json=VALID_PAYMENT)
    assert await redis.keys(counters_of_this_run) == []
    trigger = await api_trigger(gql)
    assert (await http.post(hook_path(trigger), json=VALID_PAYMENT)).status_code == 202
    counters = await redis.keys(counters_of_this_run)
    assert counters, "a known token's requests are counted"
    token = hook_path(trigger).rsplit("/", 1)[1]
    assert not [key for key in counters if token.encode() in key], "the token is a credential"


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(b"tab\there", id="tab"),
        pytest.param(b"caf\xe9", id="latin-1 byte"),
        pytest.param(b"\xe2\x98\x83", id="UTF-8 snowman"),
        pytest.param(b"a" * 256, id="256 characters"),
    ],
)
async def test_a_bad_idempotency_key_is_400_and_writes_nothing(
    gql: GraphQLClient, http: httpx.AsyncClient, key: bytes
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(
        hook_path(trigger), json=VALID_PAYMENT, headers={"Idempotency-Key": key}
    )
    assert response.status_code == 400, response.text
    assert response.json()["type"].endswith("/invalid-idempotency-key")
    assert await tables.count_events() == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"\xef\xbb\xbf" + json.dumps(VALID_PAYMENT).encode(), VALID_PAYMENT, id="BOM"),
        pytest.param(
            b'{"amount": 1e2, "currency": "\\u20ac", "user_id": 1}',
            {"amount": 100.0, "currency": "\u20ac", "user_id": 1},
            id="exponent and escapes",
        ),
    ],
)
async def test_edge_bodies_json_allows_fire(
    gql: GraphQLClient, http: httpx.AsyncClient, body: bytes, expected: object
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(hook_path(trigger), content=body, headers=JSON_BODY)
    assert response.status_code == 202, response.text
    assert [e["payload"] for e in await events(gql)] == [expected]


@pytest.mark.parametrize("body", [b'{"a": 1e400}', b'{"a": "\\ud800"}', b'{"a": "\xed\xa0\x80"}'])
async def test_unstorable_numbers_and_text_to_a_known_hook_are_400(
    gql: GraphQLClient, http: httpx.AsyncClient, body: bytes
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    response = await http.post(hook_path(trigger), content=body, headers=JSON_BODY)
    assert response.status_code == 400, response.text
    assert await tables.count_events() == 0


# ---- media type and content coding (issue 18) --------------------------------------------------


async def _post_payment(
    gql: GraphQLClient, http: httpx.AsyncClient, headers: dict[str, str]
) -> httpx.Response:
    """A valid payment, as raw bytes with exactly `headers`, to a new trigger's hook."""
    trigger = await api_trigger(gql)
    return await http.post(
        hook_path(trigger), content=json.dumps(VALID_PAYMENT).encode(), headers=headers
    )


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        "application/cloudevents+json",
        'application/vnd.acme+json; charset="utf-8"',
    ],
)
async def test_json_media_types_fire(
    gql: GraphQLClient, http: httpx.AsyncClient, content_type: str
) -> None:
    response = await _post_payment(gql, http, {"Content-Type": content_type})
    assert response.status_code == 202, response.text


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "text/json",
        "application/jsonp",
        "application/+json",
        "application/json; charset=latin-1",
    ],
)
async def test_any_other_media_type_is_415_and_writes_nothing(
    gql: GraphQLClient, http: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await _post_payment(gql, http, headers)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/unsupported-media-type")
    assert await tables.count_events() == 0


def _gzip_bomb(*, decoded_bytes: int) -> bytes:
    """A JSON string of zeros, compressed as it is made (never held whole)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"0" * (1024 * 1024)
    parts = [compressor.compress(b'{"a": "')]
    parts += [compressor.compress(zeros) for _ in range(decoded_bytes // len(zeros))]
    parts += [compressor.compress(b'"}'), compressor.flush()]
    return b"".join(parts)


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "GZIP"])
async def test_a_gzip_body_is_decoded(
    gql: GraphQLClient, http: httpx.AsyncClient, coding: str
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(
        hook_path(trigger),
        content=gzip.compress(json.dumps(VALID_PAYMENT).encode()),
        headers={**JSON_BODY, "Content-Encoding": coding},
    )
    assert response.status_code == 202, response.text
    assert [e["payload"] for e in await events(gql)] == [VALID_PAYMENT]


async def test_a_gzip_body_of_several_members_is_decoded(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql)
    text = json.dumps(VALID_PAYMENT).encode()
    body = gzip.compress(text[:10]) + gzip.compress(text[10:])
    response = await http.post(
        hook_path(trigger), content=body, headers={**JSON_BODY, "Content-Encoding": "gzip"}
    )
    assert response.status_code == 202, response.text


async def test_a_zip_bomb_is_413_after_at_most_the_limit_decoded(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    limit = clean.settings.hook_max_body_bytes
    bomb = _gzip_bomb(decoded_bytes=100 * limit)
    assert len(bomb) < limit // 8
    response = await http.post(
        hook_path(trigger), content=bomb, headers={**JSON_BODY, "Content-Encoding": "gzip"}
    )
    assert response.status_code == 413, response.text
    assert await tables.count_events() == 0


async def test_a_gzip_body_decoding_to_just_the_limit_fires(
    clean: Server, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    trigger = await api_trigger(gql, api_schema={"type": "object"})
    limit = clean.settings.hook_max_body_bytes
    wrapper = len(json.dumps({"blob": ""}))
    body = json.dumps({"blob": "x" * (limit - wrapper)}).encode()
    over = json.dumps({"blob": "x" * (limit - wrapper + 1)}).encode()
    headers = {**JSON_BODY, "Content-Encoding": "gzip"}
    at_limit = await http.post(hook_path(trigger), content=gzip.compress(body), headers=headers)
    past_it = await http.post(hook_path(trigger), content=gzip.compress(over), headers=headers)
    assert (at_limit.status_code, past_it.status_code) == (202, 413)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not gzip at all", id="not gzip"),
        pytest.param(gzip.compress(json.dumps(VALID_PAYMENT).encode())[:-12], id="truncated"),
        pytest.param(json.dumps(VALID_PAYMENT).encode(), id="plain JSON declared gzip"),
    ],
)
async def test_a_broken_gzip_body_is_400_and_writes_nothing(
    gql: GraphQLClient, http: httpx.AsyncClient, body: bytes
) -> None:
    trigger = await api_trigger(gql)
    response = await http.post(
        hook_path(trigger), content=body, headers={**JSON_BODY, "Content-Encoding": "gzip"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["type"].endswith("/undecodable-body")
    assert await tables.count_events() == 0


@pytest.mark.parametrize("coding", ["br", "deflate", "zstd", "gzip, gzip", "compress"])
async def test_other_content_encodings_are_415(
    gql: GraphQLClient, http: httpx.AsyncClient, coding: str
) -> None:
    response = await _post_payment(gql, http, {**JSON_BODY, "Content-Encoding": coding})
    assert response.status_code == 415, response.text
    assert response.json()["type"].endswith("/unsupported-content-encoding")
    assert response.headers["accept-encoding"] == "gzip"
    assert await tables.count_events() == 0
