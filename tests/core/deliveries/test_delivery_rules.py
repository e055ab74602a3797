"""The pure rules of deliveries, as tables: retry waits, outcomes, addresses, signatures."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpcore
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core.deliveries.address_policy import refusal, url_problem
from core.deliveries.guarded_network import AddressRefused, GuardedBackend
from core.deliveries.outcomes import Outcome, classify, outcome_label, parse_retry_after
from core.deliveries.retry_schedule import SVIX_SCHEDULE, next_wait, schedule_problem
from core.deliveries.signature import new_secret, signature_header, signing_secrets

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failed", "draw", "retry_after", "expected"),
    [
        (0, 0.5, None, 0.0),  # the first attempt is at once
        (1, 0.5, None, 5.0),
        (2, 0.5, None, 300.0),
        (3, 0.5, None, 1800.0),
        (4, 0.5, None, 7200.0),
        (5, 0.5, None, 18000.0),
        (6, 0.5, None, 36000.0),
        (7, 0.5, None, 36000.0),
        (8, 0.5, None, None),  # eight attempts, then FAILED
        (1, 0.0, None, 4.0),  # jitter: -20 %
        (1, 1.0, None, 6.0),  # jitter: +20 %
        (2, 0.5, 42.0, 42.0),  # Retry-After replaces the wait, no jitter
        (2, 0.5, 10**9, 86400.0),  # ... up to a day
        (8, 0.5, 42.0, None),  # but does not add attempts
    ],
)
def test_svix_schedule(
    failed: int, draw: float, retry_after: float | None, expected: float | None
) -> None:
    got = next_wait(failed, SVIX_SCHEDULE, retry_after=retry_after, draw=lambda: draw)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("schedule", "failed", "expected"),
    [((1, 2), 1, 1.0), ((1, 2), 2, 2.0), ((1, 2), 3, None), ((), 1, None)],
)
def test_own_schedule(schedule: tuple[int, ...], failed: int, expected: float | None) -> None:
    assert next_wait(failed, schedule, draw=lambda: 0.5) == expected


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ((5, 300), None),
        ((), None),
        ((-1,), "each wait must be between 0 and 604800 seconds"),
        ((604801,), "each wait must be between 0 and 604800 seconds"),
        ((1,) * 31, "at most 30 retries"),
    ],
)
def test_schedule_problems(schedule: tuple[int, ...], problem: str | None) -> None:
    assert schedule_problem(schedule) == problem


@pytest.mark.parametrize(
    ("status", "retry_after", "outcome", "wait", "label"),
    [
        (200, None, Outcome.DELIVERED, None, "delivered"),
        (204, None, Outcome.DELIVERED, None, "delivered"),
        (299, None, Outcome.DELIVERED, None, "delivered"),
        (301, None, Outcome.RETRY, None, "failed"),  # redirects are not followed: failure
        (400, None, Outcome.RETRY, None, "failed"),
        (410, None, Outcome.GONE, None, "gone"),
        (410, "5", Outcome.GONE, None, "gone"),
        (429, "7", Outcome.RETRY, 7.0, "throttled"),
        (503, "Tue, 08 Dec 2026 12:01:00 GMT", Outcome.RETRY, 60.0, "throttled"),
        (503, "Tue, 08 Dec 2026 11:00:00 GMT", Outcome.RETRY, 0.0, "throttled"),  # past
        (429, "soon", Outcome.RETRY, None, "throttled"),  # unreadable: the schedule
        (429, None, Outcome.RETRY, None, "throttled"),
        (500, "7", Outcome.RETRY, None, "failed"),  # only 429 and 503 are asked to wait
        (None, None, Outcome.RETRY, None, "unreachable"),
    ],
)
def test_outcomes(
    status: int | None, retry_after: str | None, outcome: Outcome, wait: float | None, label: str
) -> None:
    verdict = classify(status, retry_after=retry_after, now=NOW)
    assert (verdict.outcome, verdict.retry_after) == (outcome, wait)
    assert outcome_label(status, verdict.outcome) == label


def test_retry_after_without_zone_is_ignored() -> None:
    assert parse_retry_after("-5", now=NOW) is None


@pytest.mark.parametrize(
    ("address", "allowed", "private_allowed"),
    [
        ("93.184.215.14", True, True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True, True),
        ("127.0.0.1", False, True),
        ("127.9.9.9", False, True),
        ("::1", False, True),
        ("10.1.2.3", False, True),
        ("172.16.0.1", False, True),
        ("192.168.1.1", False, True),
        ("169.254.169.254", False, True),  # cloud metadata
        ("fe80::1", False, True),
        ("fd00:ec2::254", False, True),  # AWS metadata over IPv6
        ("100.100.100.200", False, True),  # Alibaba metadata, carrier-grade NAT
        ("0.0.0.0", False, False),
        ("::", False, False),
        ("224.0.0.1", False, False),
        ("::ffff:127.0.0.1", False, True),  # IPv4 carried in IPv6
        ("::ffff:93.184.215.14", True, True),
        ("64:ff9b::a9fe:a9fe", False, True),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", False, True),  # 6to4 of 127.0.0.1
        ("fe80::1%eth0", False, True),
        ("example.com", False, False),  # only resolved addresses are judged
    ],
)
def test_address_policy(address: str, allowed: bool, private_allowed: bool) -> None:
    assert (refusal(address, allow_private=False) is None) is allowed
    assert (refusal(address, allow_private=True) is None) is private_allowed


@pytest.mark.parametrize(
    ("url", "allow_http", "problem"),
    [
        ("https://example.com/hooks", False, None),
        ("http://example.com/hooks", True, None),
        ("http://example.com/hooks", False, "must be an https:// URL"),
        ("ftp://example.com/", True, "must be an https:// URL"),
        ("https://user:pw@example.com/", False, "must not carry credentials (use headers)"),
        ("https:///path", False, "has no host"),
        ("https://example.com:99999/", False, "not a valid URL"),
        ("https://example.com/" + "a" * 2000, False, "is longer than 2000 characters"),
    ],
)
def test_url_problems(url: str, allow_http: bool, problem: str | None) -> None:
    got = url_problem(url, allow_http=allow_http)
    assert got == problem or (problem is not None and got is not None and got.startswith(problem))


class _NoConnect(httpcore.AsyncNetworkBackend):
    """Stands in for the network: any connect is a failure of the test."""

    def __init__(self) -> None:
        self.connects: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: object, **kw: object) -> object:  # type: ignore[override]
        self.connects.append(host)
        raise httpcore.ConnectError("the test network is unplugged")


@pytest.mark.parametrize(
    ("resolved", "refused"),
    [
        (["127.0.0.1"], True),
        (["93.184.215.14", "10.0.0.1"], True),  # one private address among public ones
        (["169.254.169.254"], True),
        (["93.184.215.14"], False),
    ],
)
def test_connect_time_check_refuses_before_connecting(resolved: list[str], refused: bool) -> None:
    """Names resolved by a stub; a refused address is never connected to."""

    async def resolve(host: str, port: int) -> list[str]:
        assert host == "rebinding.example"
        return resolved

    inner = _NoConnect()
    backend = GuardedBackend(allow_private=False, resolve=resolve, inner=inner)

    async def connect() -> None:
        await backend.connect_tcp("rebinding.example", 443, 1.0)

    if refused:
        with pytest.raises(AddressRefused, match="refused"):
            asyncio.run(connect())
        assert inner.connects == []
    else:
        with pytest.raises(httpcore.ConnectError, match="unplugged"):
            asyncio.run(connect())
        assert inner.connects == resolved  # connected to the address checked, not the name


def test_signature_verifies_with_standardwebhooks() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    body = b'{"id":"0000000000000001","payload":{"x":1}}'
    header = signature_header([secret], message_id="msg_1", timestamp=datetime.now(UTC), body=body)
    assert header.startswith("v1,") and " " not in header
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(datetime.now(UTC).timestamp())),
        "webhook-signature": header,
    }
    assert Webhook(secret).verify(body, headers) == {"id": "0000000000000001", "payload": {"x": 1}}
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)


def test_rotation_signs_with_both_secrets_for_a_day() -> None:
    old, new = new_secret(), new_secret()
    until = NOW + timedelta(hours=24)
    assert signing_secrets(new, old, until, now=NOW) == [new, old]
    assert signing_secrets(new, old, until, now=until) == [new]
    assert signing_secrets(new, None, None, now=NOW) == [new]
    stamp = datetime.now(UTC)
    body = b"{}"
    header = signature_header(
        signing_secrets(new, old, until, now=NOW), message_id="m", timestamp=stamp, body=body
    )
    headers = {
        "webhook-id": "m",
        "webhook-timestamp": str(int(stamp.timestamp())),
        "webhook-signature": header,
    }
    assert len(header.split(" ")) == 2
    for secret in (old, new):  # a receiver on either secret accepts it
        Webhook(secret).verify(body, headers)
