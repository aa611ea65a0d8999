"""The sandbox mapping: requests for listed provider hosts go to local replica origins instead.

``SCHEDLINK_SANDBOX_HOSTS="api.cal.com=http://127.0.0.1:9102,cal.com=http://127.0.0.1:9102"`` lets
staging, demos and tests run the real code path — the same plans, the same guarded fetcher, the same
requests — against replicas of the providers. Only loopback origins are accepted, so the mapping can never
turn the fetcher into a way to reach an internal host; the Booking tab shows a notice while it is set.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

SANDBOX_ENV = "SCHEDLINK_SANDBOX_HOSTS"


class InvalidSandbox(ValueError):
    """A mapping the server refuses to start with; the message names the entry."""


def parse_sandbox(raw: str) -> dict[str, str]:
    """``host=origin`` pairs separated by commas → ``{host: origin}``; every origin must be loopback."""
    mapping: dict[str, str] = {}
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        host, sep, origin = entry.partition("=")
        host = host.strip().lower().rstrip(".")
        origin = origin.strip().rstrip("/")
        if not sep or not host or not origin:
            raise InvalidSandbox(f"{SANDBOX_ENV}: write host=http://127.0.0.1:PORT, not {entry[:80]!r}")
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise InvalidSandbox(
                f"{SANDBOX_ENV}: {origin[:80]!r} is not an origin like http://127.0.0.1:9102"
            )
        if not _loopback(parts.hostname):
            raise InvalidSandbox(
                f"{SANDBOX_ENV}: {host} may only go to a loopback address, not {parts.hostname}"
            )
        mapping[host] = origin
    return mapping


def describe(mapping: Mapping[str, str]) -> str:
    return ", ".join(f"{host} → {origin}" for host, origin in sorted(mapping.items()))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
