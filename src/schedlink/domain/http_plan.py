"""HTTP plans: what a provider module asks of the network, described without doing any I/O.

A plan is a generator that yields the requests it needs, is sent each response, and finally returns its
result (the offered slots of a page, the outcome of a booking). The network adapter (``schedlink.net``)
drives every plan through the one guarded fetcher, so provider modules stay pure and every request they
make passes the same checks; tests drive plans with recorded responses, or through the real fetcher
against a local replica.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request a plan needs. ``url`` is absolute https with its query already encoded.

    ``submits`` marks the request that changes something at the provider (a booking's POST): once it
    has been sent, a lost answer means the outcome is unknown, and it is never sent again blindly.
    """

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    submits: bool = False


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What came back: status, headers (lower-case names) and the body, already size-bounded."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str


# A plan yields requests, is sent each response, and returns a ``T``.
Plan = Generator[HttpRequest, HttpResponse, T]
