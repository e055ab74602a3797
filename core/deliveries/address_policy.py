"""Which addresses a destination may reach. Pure; applied when connecting (guarded_network.py),
to the addresses the name resolved to, so a name that resolves elsewhere later (DNS rebinding)
is checked again each time.

Refused unless the operator allows private addresses (DELIVERY_ALLOW_PRIVATE=1, set by `etp
dev`): everything that is not a public unicast address, which covers loopback, RFC 1918 and
unique-local networks, link-local (where cloud metadata services live: 169.254.169.254,
fd00:ec2::254 is unique-local), carrier-grade NAT (Alibaba's metadata at 100.100.100.200),
multicast, unspecified and reserved ranges, and IPv4 written inside IPv6 (::ffff:127.0.0.1,
64:ff9b::/96 NAT64, 6to4) by the IPv4 address it carries.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def refusal(address: str, *, allow_private: bool) -> str | None:
    """Why a destination may not connect to `address` (an IP literal), or None."""
    try:
        ip: Address = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    ip = _carried_ipv4(ip)
    if allow_private:
        return None if not (ip.is_multicast or ip.is_unspecified) else _kind(ip)
    if ip.is_global and not ip.is_multicast:
        return None
    return _kind(ip)


def _carried_ipv4(ip: Address) -> Address:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
    return ip


def _kind(ip: Address) -> str:
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    return "not a public address"


def url_problem(url: str, *, allow_http: bool) -> str | None:
    """Checks a destination URL when it is saved (the address is checked again at each connect)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("https", "http"):
        return "must be an https:// URL"
    if parts.scheme == "http" and not allow_http:
        return "must be an https:// URL (http:// only where private addresses are allowed)"
    if not parts.hostname:
        return "has no host"
    if parts.username or parts.password:
        return "must not carry credentials (use headers)"
    if port == 0:
        return "has an invalid port"
    if len(url) > 2000:
        return "is longer than 2000 characters"
    return None
