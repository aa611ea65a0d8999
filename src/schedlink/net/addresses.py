"""Which addresses and URLs a server-side request may reach.

A lead or workspace controls the URLs we open, so a URL must never make the server talk to itself, its
private network or a cloud metadata endpoint. The rule is "public unicast only": private, loopback,
link-local (metadata 169.254.169.254), shared CGNAT space, multicast, reserved and documentation ranges are
refused, and IPv6 forms that carry an IPv4 address inside (mapped, 6to4, NAT64, IPv4-compatible) are judged
by the address they carry, so ``::ffff:127.0.0.1`` is as private as ``127.0.0.1``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import httpx

from schedlink.net.errors import FetchFailed, FetchRefused

IpAddress = IPv4Address | IPv6Address
# host, port -> the (ip, port) pairs to connect to.
Resolver = Callable[[str, int], Sequence[tuple[str, int]]]
AddressPolicy = Callable[[IpAddress], bool]

_V4_NOT_PUBLIC = (
    IPv4Network("100.64.0.0/10"),  # shared address space (carrier-grade NAT)
    IPv4Network("192.88.99.0/24"),  # deprecated 6to4 relay anycast
)
_GLOBAL_UNICAST_V6 = IPv6Network("2000::/3")
_NAT64 = IPv6Network("64:ff9b::/96")
_SIXTOFOUR = IPv6Network("2002::/16")
_V4_COMPATIBLE = IPv6Network("::/96")
_DEFAULT_PORTS = {"https": 443, "http": 80}
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")


def is_public_address(ip: IpAddress) -> bool:
    """Whether ``ip`` is public unicast (IPv6 forms embedding an IPv4 address are judged by that address)."""
    if isinstance(ip, IPv4Address):
        return _is_public_v4(ip)
    embedded = _embedded_v4(ip)
    if embedded is not None:
        return _is_public_v4(embedded)
    if ip in _V4_COMPATIBLE:  # ::, ::1 and the deprecated IPv4-compatible form
        return False
    return ip in _GLOBAL_UNICAST_V6 and ip.is_global and not ip.is_multicast and ip.teredo is None


def _is_public_v4(ip: IPv4Address) -> bool:
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback or ip.is_link_local:
        return False
    return ip.is_global and not any(ip in network for network in _V4_NOT_PUBLIC)


def _embedded_v4(ip: IPv6Address) -> IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _SIXTOFOUR:
        return ip.sixtofour
    return None


def parse_ip(text: str) -> IpAddress | None:
    """``text`` as an IP address (an IPv6 zone suffix such as ``%eth0`` dropped), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def system_resolver(host: str, port: int) -> list[tuple[str, int]]:
    """Every IPv4 and IPv6 address the system resolver gives for ``host`` (first-seen order, no repeats)."""
    infos = socket.getaddrinfo(host, port, family=socket.AF_UNSPEC, type=socket.SOCK_STREAM)
    found: dict[tuple[str, int], None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        found.setdefault((str(sockaddr[0]), int(sockaddr[1])), None)
    return list(found)


@dataclass(frozen=True, slots=True)
class Target:
    """A URL split into what the policy looks at. ``host`` is lower-case ASCII without a trailing dot."""

    url: httpx.URL
    scheme: str
    host: str
    port: int

    @property
    def host_port(self) -> str:
        """``host:port`` as an operator writes it in an allowlist (``[::1]:5232`` for IPv6)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def split_url(url: str) -> Target:
    """Parse ``url`` and refuse what no guarded request may carry: a non-web scheme or credentials."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise FetchRefused(f"not a usable web address ({error})") from None
    scheme = parsed.scheme
    if scheme not in _DEFAULT_PORTS:
        raise FetchRefused(f"only https addresses may be opened, not {scheme or 'this'}: {_short(url)}")
    if parsed.userinfo:
        raise FetchRefused("addresses with a user name or password in them are not opened")
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host:
        raise FetchRefused(f"the address has no host: {_short(url)}")
    return Target(parsed, scheme, host, parsed.port or _DEFAULT_PORTS[scheme])


def is_host_name(host: str) -> bool:
    """A DNS name (not an IP address in any spelling: ``127.1`` and ``0x7f000001`` are not names)."""
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return False
    return not _NUMERIC_LABEL.fullmatch(labels[-1])


def vetted_addresses(
    host: str, port: int, resolver: Resolver, address_allowed: AddressPolicy
) -> list[tuple[IpAddress, int]]:
    """Resolve ``host``; refuse unless every address it resolves to is allowed (one bad one spoils all).

    Checking all of them, not just the one we will use, keeps a name that mixes a public and a private
    address from reaching the private one on a later attempt.
    """
    try:
        pairs = list(resolver(host, port))
    except (OSError, UnicodeError) as error:
        raise FetchFailed(f"could not find the address of {host} ({_reason(error)})") from None
    if not pairs:
        raise FetchFailed(f"could not find the address of {host}")
    vetted: list[tuple[IpAddress, int]] = []
    for text, resolved_port in pairs:
        ip = parse_ip(text)
        if ip is None or not address_allowed(ip):
            raise FetchRefused(f"{host} points to a private or reserved address ({text}); it is not opened")
        vetted.append((ip, resolved_port))
    return vetted


def check_public_url(
    url: str, *, allowed_private: Collection[str] = (), resolver: Resolver = system_resolver
) -> None:
    """Refuse ``url`` unless it is https and every address of its host is public.

    For callers that must hand the URL to another HTTP client (the CalDAV library), which will look the
    name up again: this narrows what such a URL can reach but cannot pin the address, so prefer the guarded
    fetcher wherever it can be used. ``allowed_private`` is an operator allowlist of ``host:port`` entries
    (``"127.0.0.1:5232"``) that may be plain http and resolve to private addresses.
    Raises ``FetchRefused``, or ``FetchFailed`` when the host cannot be looked up.
    """
    target = split_url(url)
    allowlist = {entry.strip().lower().rstrip(".") for entry in allowed_private}
    if target.host_port in allowlist:
        return
    if target.scheme != "https":
        raise FetchRefused(f"only https addresses may be opened, not http: {_short(url)}")
    literal = parse_ip(target.host)
    if literal is not None:
        if not is_public_address(literal):
            raise FetchRefused(f"{target.host} is a private or reserved address; it is not opened")
        return
    if not is_host_name(target.host):
        raise FetchRefused(f"not a valid host name: {target.host}")
    vetted_addresses(target.host, target.port, resolver, is_public_address)


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.gaierror) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
