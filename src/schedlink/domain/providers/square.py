"""Square Appointments: ``book.squareup.com/appointments/{merchant}/..`` and ``/appointments/book/..``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, accept, build, is_slug, join, reject
from schedlink.domain.urls import ParsedUrl

SLUG = "square"
_HOSTS = frozenset({"squareup.com", "www.squareup.com", "app.squareup.com", "book.squareup.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Online booking sites of Square sellers; the rest of Square is not a booking page."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Square page that is not a booking page")
    segments = parsed.segments
    lowered = [s.lower() for s in segments]
    if parsed.host == "book.squareup.com" and lowered[:1] == ["appointments"] and len(segments) >= 2:
        prefix, parts = segments[:1], segments[1:6]
    elif lowered[:2] == ["appointments", "book"] and len(segments) >= 3:
        prefix, parts = segments[:2], segments[2:6]
    else:
        return reject(SLUG, "Square page that is not a booking page")
    if not all(is_slug(p) for p in parts):
        return reject(SLUG, "not a booking path")
    path = join(*prefix, *parts)
    host = parsed.host.removeprefix("www.")
    return accept(SLUG, build(host, path), parts[0], None, parts[0])


SPEC = ProviderSpec(SLUG, "Square Appointments", recognise, hosts=_HOSTS, domains=frozenset({"squareup.com"}))
