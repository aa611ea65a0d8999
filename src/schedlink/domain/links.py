"""Scheduler links found in a reply: the chosen one and every candidate with its verdict."""

from __future__ import annotations

from dataclasses import dataclass

from schedlink.domain.message import Region


@dataclass(frozen=True, slots=True)
class SchedulerLink:
    """A booking-page URL of a known provider, in canonical form.

    ``url`` keeps what the link needs to work (Acuity ``owner``, HubSpot ``uuid``, Microsoft
    ``anonymous&ep=``, Zoho's ``#/`` fragment) and drops tracking and preselect parameters.
    """

    url: str
    provider: str
    owner: str | None
    event: str | None
    region: Region
    raw: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One URL-like string seen in the reply and why it was kept or rejected."""

    raw: str
    url: str | None
    provider: str | None
    region: Region
    kept: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome of link detection: the lead's link (or ``None``) and all candidates."""

    chosen: SchedulerLink | None
    candidates: tuple[Candidate, ...]
