"""The operator's settings, read from the environment once at start and handed down.

Nothing below the entry points reads ``os.environ``: the web app, the worker and the command line build
one ``OperatorConfig`` and pass it (inside ``JobContext`` for background work), so a test or a second app
in one process can hold different settings side by side.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from schedlink.net.sandbox import SANDBOX_ENV, parse_sandbox

AUTOMATION_ENV = "SCHEDLINK_AUTOMATION"
DATA_DIR_ENV = "SCHEDLINK_DATA_DIR"
PRIVATE_CALENDAR_HOSTS_ENV = "SCHEDLINK_PRIVATE_CALENDAR_HOSTS"
READ_LEAD_PAGES_ENV = "SCHEDLINK_READ_LEAD_PAGES"
EVIDENCE_RETENTION_ENV = "SCHEDLINK_EVIDENCE_RETENTION_DAYS"
TRUSTED_PROXIES_ENV = "SCHEDLINK_TRUSTED_PROXIES"
BROWSER_STEP_ENV = "SCHEDLINK_BROWSER_STEP_SECONDS"
BROWSER_DEADLINE_ENV = "SCHEDLINK_BROWSER_DEADLINE_SECONDS"
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class OperatorConfig:
    """What the operator decides for every workspace on this server."""

    # ``SCHEDLINK_AUTOMATION=off`` stops booking automation everywhere, whatever workspaces say.
    automation_allowed: bool = True
    # Provider hosts whose requests go to local replicas (``net/sandbox.py``).
    sandbox: Mapping[str, str] = field(default_factory=dict)
    # Where booking evidence is kept (content-addressed files).
    data_dir: Path = Path("schedlink-data")
    evidence_retention_days: int = 365
    read_lead_pages: bool = True
    private_calendar_hosts: frozenset[str] = frozenset()
    # Reverse proxies whose ``X-Forwarded-For``/``Forwarded``/``X-Forwarded-Proto`` are believed; from any
    # other peer those headers are ignored (anyone can send them). Default: none.
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # A browser booking's limits: each step (a page load, a button to appear) and the whole run.
    browser_step_seconds: float = 15.0
    browser_deadline_seconds: float = 90.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OperatorConfig:
        """Read the settings; a bad value raises ``ValueError`` naming the variable (the server refuses
        to start rather than run with a setting it misread)."""
        env = os.environ if env is None else env
        retention = env.get(EVIDENCE_RETENTION_ENV, "365").strip()
        if not (retention.isascii() and retention.isdigit() and int(retention) > 0):
            raise ValueError(f"{EVIDENCE_RETENTION_ENV}: a whole number of days, not {retention!r}")
        hosts = env.get(PRIVATE_CALENDAR_HOSTS_ENV, "")
        step = _seconds(env, BROWSER_STEP_ENV, 15.0)
        deadline = _seconds(env, BROWSER_DEADLINE_ENV, 90.0)
        if step > deadline:
            raise ValueError(
                f"{BROWSER_STEP_ENV} ({step:g} s) must not exceed {BROWSER_DEADLINE_ENV} ({deadline:g} s)"
            )
        return cls(
            automation_allowed=env.get(AUTOMATION_ENV, "on").strip().lower() not in _FALSE,
            sandbox=parse_sandbox(env.get(SANDBOX_ENV, "")),
            data_dir=Path(env.get(DATA_DIR_ENV, "").strip() or "schedlink-data"),
            evidence_retention_days=int(retention),
            read_lead_pages=env.get(READ_LEAD_PAGES_ENV, "1").strip().lower() not in _FALSE,
            private_calendar_hosts=frozenset(h.strip().lower() for h in hosts.split(",") if h.strip()),
            trusted_proxies=parse_trusted_proxies(env.get(TRUSTED_PROXIES_ENV, "")),
            browser_step_seconds=step,
            browser_deadline_seconds=deadline,
        )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}: a number of seconds, not {raw[:40]!r}") from None
    if not 1 <= value <= 600:
        raise ValueError(f"{name}: between 1 and 600 seconds, not {raw[:40]!r}")
    return value


def parse_trusted_proxies(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``10.0.0.5, 10.1.0.0/16, ::1``: addresses and networks, comma-separated; blank means none."""
    networks = []
    for item in value.split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"{TRUSTED_PROXIES_ENV}: IP addresses or networks (10.0.0.5, 10.1.0.0/16) separated by "
                f"commas, not {item.strip()[:60]!r}"
            ) from None
    return tuple(networks)
