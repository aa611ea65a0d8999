"""Booking pages of schedulers without a slug of their own (provider ``other``).

A small table of well-known link shapes: host (or tenant subdomain) plus a path, or for hash-routed apps
a fragment. Each shape is as specific as the product's links are, so marketing pages on the same hosts
stay out. ``x.ai`` links are recognised only to be rejected: the service is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    accept,
    build,
    first_reserved,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "other"
_S = r"[A-Za-z0-9$_{][A-Za-z0-9._~+@%{}$-]{0,99}"
_OWNER_EVENT = re.compile(rf"/(?P<owner>{_S})(?:/(?P<event>{_S}))?")
_OWNER = re.compile(rf"/(?P<owner>{_S})")


def _under(prefix: str, *, event: bool = True) -> re.Pattern[str]:
    tail = rf"(?:/(?P<event>{_S}))?" if event else ""
    return re.compile(rf"/{prefix}/(?P<owner>{_S}){tail}")


@dataclass(frozen=True, slots=True)
class _Shape:
    name: str
    hosts: frozenset[str]
    path: re.Pattern[str]
    keep_query: bool = False


def _hosts(*names: str) -> frozenset[str]:
    return frozenset(name for host in names for name in (host, "www." + host))


_SHAPES: tuple[_Shape, ...] = (
    _Shape("Calendar.com", _hosts("calendar.com"), _OWNER_EVENT),
    _Shape("CalendarBridge", _hosts("calendarbridge.com"), _under("book")),
    _Shape("Topmate", _hosts("topmate.io"), _OWNER_EVENT),
    _Shape("Clarity", _hosts("clarity.fm"), _OWNER),
    _Shape("Tempi", _hosts("meettempi.com"), _OWNER_EVENT),
    _Shape("Booktime", _hosts("booktime.xyz"), _under("p", event=False)),
    _Shape("OfficeHours", _hosts("officehours.com"), _OWNER),
    _Shape("SimplyMeet", _hosts("simplymeet.me"), _OWNER_EVENT),
    _Shape("Zeeg", _hosts("zeeg.me"), _OWNER_EVENT),
    _Shape("Morgen", frozenset({"book.morgen.so"}), _OWNER_EVENT),
    _Shape("meetergo", frozenset({"cal.meetergo.com"}), _OWNER_EVENT),
    _Shape("Nylas Scheduler", frozenset({"schedule.nylas.com"}), _OWNER),
    _Shape("Cal ID", _hosts("cal.id"), _OWNER_EVENT),
    _Shape("Lunacal", _hosts("lunacal.ai"), _OWNER_EVENT),
    _Shape("Sprintful", frozenset({"on.sprintful.com"}), _OWNER_EVENT),
    _Shape("vcita", _hosts("vcita.com"), _under("v", event=False)),
    _Shape("LettuceMeet", _hosts("lettucemeet.com"), _under("l", event=False)),
    _Shape("Rallly", _hosts("rallly.co"), re.compile(rf"/(?:invite|p)/(?P<owner>{_S})")),
    _Shape("Crab Fit", _hosts("crab.fit"), _OWNER),
    _Shape("Framadate", _hosts("framadate.org"), _OWNER),
    _Shape("When2meet", _hosts("when2meet.com"), re.compile(r"/?"), keep_query=True),
)
_DEAD = frozenset({"x.ai", "www.x.ai"})
_RESERVED = COMMON_RESERVED | frozenset({"meet", "en", "de", "fr", "es", "blog", "p", "s", "v", "l"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Match the table; the first shape owning the host decides."""
    if parsed.host in _DEAD:
        return reject(SLUG, "discontinued scheduler (x.ai)")
    for shape in _SHAPES:
        if parsed.host in shape.hosts:
            return _match(shape, parsed)
    return reject(SLUG, "not a known scheduler")


def _match(shape: _Shape, parsed: ParsedUrl) -> Recognition:
    target = parsed.path.rstrip("/")
    match = shape.path.fullmatch(target)
    if match is None or (shape.keep_query and not parsed.query):
        return reject(SLUG, f"{shape.name} page that is not a booking page")
    generic = shape.path is _OWNER or shape.path is _OWNER_EVENT
    if generic and first_reserved(parsed.segments, _RESERVED) is not None:
        return reject(SLUG, f"{shape.name} vendor page")
    owner = match.groupdict().get("owner")
    event = match.groupdict().get("event")
    host = parsed.host.removeprefix("www.")
    url = build(host, target, parsed.query if shape.keep_query else "")
    slugs = tuple(s for s in (owner, event) if s)
    return accept(SLUG, url, owner, event, *slugs, reason=f"{shape.name} booking page")


SPEC = ProviderSpec(
    SLUG,
    "Other scheduler",
    recognise,
    hosts=frozenset().union(*(shape.hosts for shape in _SHAPES)) | _DEAD,
    invitee_books=False,  # many products in one, group polls among them (When2meet, Crab Fit, Rallly…)
)
