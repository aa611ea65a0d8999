"""Slowing down password guessing on the sign-in form.

Sign-in attempts are counted per account (the normalised email, or the key's first characters) and per
client address over a sliding window, in the database, so every app process shares one count. An
attempt is counted *before* its password is checked, in one transaction that also checks the count: on
PostgreSQL under a transaction-scoped advisory lock per bucket, on SQLite inside the serialised write
transaction. So however many attempts arrive at once, at most ``per_account`` passwords of one account
(and ``per_address`` from one address) are checked per window. Past the limit, sign-in is refused with
429 until the oldest attempt ages out, even with the right password, so guessing gains nothing.

A successful sign-in deletes its account's attempts and its own address attempt: only failures hold on
to the budget. Refused attempts are not counted (a locked-out account is not kept locked by retries).

The client address is the TCP peer; ``X-Forwarded-For`` (or, without it, ``Forwarded``) is believed only
when the peer is one of the operator's ``SCHEDLINK_TRUSTED_PROXIES``, since anyone else can send them.
IPv6 clients are counted per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from schedlink.domain.contacts import normal_email
from schedlink.store.db import Database
from schedlink.store.models import SignInAttemptRow

WINDOW_SECONDS = 15 * 60.0
PER_ACCOUNT = 5
PER_ADDRESS = 30
PURGE_EVERY_SECONDS = 60.0  # how often a process deletes attempts that have aged out, at most
MAX_BUCKET = 400  # the column's length
IPV6_PREFIX = 64

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_PURGE_LOCK = 0x5C4ED1  # advisory lock id: one purger at a time on PostgreSQL


def account_key(method: str, email: str = "", api_key: str = "") -> str:
    """The account an attempt is counted against, spelled one way whatever the form said: the email as the
    sign-in compares it (``normal_email``: trimmed, lower-cased, without ``mailto:``), or for an API key
    its first ten characters (the stored prefix)."""
    if method == "key":
        return "key:" + api_key.strip()[:10]
    typed = email.strip().lower()
    typed = typed.removeprefix("mailto:").strip()
    return "email:" + (normal_email(typed) or typed)[:320]


def client_address(peer: str | None, headers: Mapping[str, str], trusted: Sequence[Network] = ()) -> str:
    """The address an attempt is counted against: the peer, or, when the peer is a trusted proxy, the
    nearest hop its forwarding headers name that is not itself a trusted proxy."""
    if not peer:
        return "unknown"
    if not _trusted(peer, trusted):
        return peer
    hops = _forwarded_hops(headers)
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:100]
    return hops[0][:100] if hops else peer  # every hop is a proxy of ours: the farthest one


@dataclass(frozen=True)
class Admission:
    """The throttle's answer: ``wait`` seconds to hold off (0: go ahead), and the attempts counted."""

    wait: int
    attempt_ids: tuple[uuid.UUID, ...] = ()


@dataclass
class SignInThrottle:
    db: Database
    window: float = WINDOW_SECONDS
    per_account: int = PER_ACCOUNT
    per_address: int = PER_ADDRESS
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _next_purge: float = 0.0
    _purge_guard: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, account: str, address: str) -> Admission:
        """Count this attempt if both budgets allow it (``wait == 0``), else say how long to wait."""
        buckets = {
            _bucket("account", account): self.per_account,
            _bucket("address", address): self.per_address,
        }
        with self.db.write() as session:
            self._lock(session, buckets)
            # The time is read once the bucket is ours: attempts are stamped in the order they counted.
            now = self.clock()
            since = now - timedelta(seconds=self.window)
            wait = 0
            for bucket, limit in buckets.items():
                counted, oldest = session.execute(
                    select(func.count(), func.min(SignInAttemptRow.attempted_at)).where(
                        SignInAttemptRow.bucket == bucket, SignInAttemptRow.attempted_at > since
                    )
                ).one()
                if counted >= limit and oldest is not None:
                    remaining = (oldest - since).total_seconds()
                    wait = max(
                        wait, 1, min(math.ceil(remaining), math.ceil(self.window))
                    )  # hosts' clocks may differ
            if wait:
                return Admission(wait)
            rows = [SignInAttemptRow(bucket=bucket, attempted_at=now) for bucket in buckets]
            session.add_all(rows)
            session.flush()
            admitted = Admission(0, tuple(row.id for row in rows))
        self._purge_now_and_then(since)
        return admitted

    def succeeded(self, account: str, admission: Admission) -> None:
        """The password was right: the account's failures are forgiven, and this attempt is not held
        against its address."""
        bucket = _bucket("account", account)
        with self.db.write() as session:
            self._lock(session, [bucket])
            session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.bucket == bucket))
            if admission.attempt_ids:
                session.execute(
                    delete(SignInAttemptRow).where(SignInAttemptRow.id.in_(admission.attempt_ids))
                )

    def _lock(self, session: Session, buckets: Iterable[str]) -> None:
        """Make the count-and-insert of a bucket one step: on PostgreSQL by a lock per bucket, held to
        the end of the transaction and taken in one order (no deadlock); SQLite's write transactions are
        serialised already."""
        if self.db.dialect != "postgresql":
            return
        for bucket in sorted(buckets):
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:bucket, 0))"), {"bucket": bucket}
            )

    def _purge_now_and_then(self, since: datetime) -> None:
        """Delete attempts that no longer count, at most every ``PURGE_EVERY_SECONDS`` per process and by
        one process at a time, so the table holds about one window's attempts."""
        with self._purge_guard:
            if time.monotonic() < self._next_purge:
                return
            self._next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        with self.db.write() as session:
            if self.db.dialect == "postgresql":
                got = session.execute(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": _PURGE_LOCK})
                if not got.scalar():
                    return
            session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.attempted_at <= since))


def _bucket(kind: str, value: str) -> str:
    if kind == "address":
        value = _address_block(value)
    return f"{kind}:{value}"[:MAX_BUCKET]


def _address_block(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


def _trusted(host: str, trusted: Sequence[Network]) -> bool:
    if not trusted:
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in trusted)


def _forwarded_hops(headers: Mapping[str, str]) -> list[str]:
    """The client addresses the proxies recorded, farthest first: ``X-Forwarded-For`` if present, else
    the ``for=`` of ``Forwarded`` (RFC 7239); ports and IPv6 brackets removed."""
    forwarded_for = _all_values(headers, "x-forwarded-for")
    if forwarded_for:
        return [_host_only(hop) for hop in forwarded_for.split(",") if hop.strip()]
    hops = []
    for element in _all_values(headers, "forwarded").split(","):
        for pair in element.split(";"):
            name, _, value = pair.strip().partition("=")
            if name.strip().lower() == "for" and value.strip():
                hops.append(_host_only(value.strip().strip('"')))
    return hops


def _all_values(headers: Mapping[str, str], name: str) -> str:
    getlist = getattr(headers, "getlist", None)
    if getlist is not None:  # Starlette's headers: a header sent several times counts every time
        return ", ".join(str(value) for value in getlist(name))
    return headers.get(name, "")


def _host_only(hop: str) -> str:
    hop = hop.strip()
    if hop.startswith("["):  # [2001:db8::1]:4711
        return hop[1 : hop.find("]")] if "]" in hop else hop
    if hop.count(":") == 1:  # 192.0.2.60:4711
        return hop.split(":", 1)[0]
    return hop
