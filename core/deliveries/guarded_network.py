"""The sending client's connections: each name is resolved here, every address it resolves to is
checked against the address policy, and the connection goes to an address that was checked.

Checking the URL when a destination is saved is not enough: a name can resolve to a public
address then and to 169.254.169.254 a minute later (DNS rebinding). Resolving once, checking,
and connecting to exactly the address checked leaves no gap between the check and the use.
TLS still verifies the certificate against the URL's host name (httpcore passes the origin's
host to start_tls, not the address connected to).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore
import httpx

from core.deliveries.address_policy import refusal

# Resolves (host, port) to IP literals; a parameter so tests resolve names without DNS.
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(httpcore.ConnectError):
    """The destination's host resolves to an address the policy refuses; nothing was sent."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(
        self,
        *,
        allow_private: bool,
        resolve: Resolver = system_resolver,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._resolve = resolve
        self._inner = inner if inner is not None else httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's backend interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self._resolve(host, port), timeout)
        except (OSError, TimeoutError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from error
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        # Every address must pass, not only the one tried first: otherwise a name with one public
        # and one private address reaches the private one whenever the public one fails.
        for address in addresses:
            reason = refusal(address, allow_private=self._allow_private)
            if reason is not None:
                raise AddressRefused(f"{host} resolves to {address}, {reason}: refused")
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's backend interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("destinations cannot use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_client(
    *,
    allow_private: bool,
    resolve: Resolver = system_resolver,
    inner: httpcore.AsyncNetworkBackend | None = None,
    max_connections: int = 200,
    max_per_host: int = 20,
) -> httpx.AsyncClient:
    """One pooled client for every destination (connections are kept per origin).

    httpx has no public switch for the network backend, so the transport's connection pool is
    replaced by one built with the same settings and the guarded backend. No proxy from the
    environment (trust_env=False): a proxy would connect to the address for us, unchecked.
    """
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=max_connections,
        max_keepalive_connections=max_per_host,
        keepalive_expiry=30.0,
        http1=True,
        http2=False,
        network_backend=GuardedBackend(allow_private=allow_private, resolve=resolve, inner=inner),
    )
    return httpx.AsyncClient(
        transport=transport, follow_redirects=False, trust_env=False, headers={"user-agent": "etp"}
    )


def refused_address(error: BaseException) -> str | None:
    """The policy's message when an httpx error came from a refused address, else None."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, AddressRefused):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    return None
