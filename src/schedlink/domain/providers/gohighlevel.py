"""GoHighLevel / LeadConnector calendars, including agencies' white-label domains.

The path ``/widget/booking/{id}``, ``/widget/bookings/{slug}[/{slug}]`` or ``/widget/group/{id}`` is
the tell: agencies serve the same widget from their own hosts (``book.agency.com``), so any https host
with that path is taken. ``/widget/form`` and ``/widget/survey`` on the same hosts are not calendars.
"""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, accept, build, is_slug, join, reject
from schedlink.domain.urls import ParsedUrl

SLUG = "gohighlevel"
_HOSTS = frozenset({"api.leadconnectorhq.com", "link.msgsndr.com", "msgsndr.com", "link.leadconnectorhq.com"})
_DOMAINS = frozenset({"leadconnectorhq.com", "msgsndr.com", "gohighlevel.com"})
_KINDS = frozenset({"booking", "bookings", "group"})


def recognise(parsed: ParsedUrl) -> Recognition | None:
    """Calendar widgets on LeadConnector hosts and, by path shape, on white-label hosts."""
    own_host = parsed.host in _HOSTS or any(
        parsed.host.endswith("." + d) or parsed.host == d for d in _DOMAINS
    )
    segments = parsed.segments
    is_widget = len(segments) >= 3 and segments[0].lower() == "widget"
    kind = segments[1].lower() if is_widget else ""
    if not own_host and (kind not in _KINDS or parsed.scheme != "https"):
        return None
    if is_widget and kind in ("form", "forms", "survey", "surveys"):
        return reject(SLUG, "form or survey widget, not a calendar")
    if kind not in _KINDS:
        return reject(SLUG, "LeadConnector page that is not a booking widget")
    parts = segments[2:4] if kind == "bookings" else segments[2:3]
    if not all(is_slug(part) for part in parts):
        return reject(SLUG, "not a booking path")
    event = parts[1] if len(parts) > 1 else None
    return accept(SLUG, build(parsed.host, join("widget", kind, *parts)), parts[0], event, *parts)


SPEC = ProviderSpec(SLUG, "GoHighLevel", recognise, hosts=_HOSTS, domains=_DOMAINS, any_host=True)
