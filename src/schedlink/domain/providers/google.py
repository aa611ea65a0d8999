"""Google Calendar appointment schedules (and the legacy appointment slots ``selfsched`` pages).

Invites (``event?eid=``), add-to-calendar (``render?action=TEMPLATE``), embeds, iCal feeds and Meet
joins share the hosts and are rejected by name.
"""

from __future__ import annotations

from schedlink.domain.providers import google_page
from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_slug,
    join,
    placeholder_kind,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "google"
_HOSTS = frozenset(
    {"calendar.app.google", "calendar.google.com", "www.google.com", "google.com", "meet.google.com"}
)
_NOT_BOOKING = {
    "event": "calendar invite, not a booking page",
    "r": "calendar app view, not a booking page",
    "render": "add-to-calendar link, not a booking page",
    "embed": "embedded calendar, not a booking page",
    "ical": "calendar feed, not a booking page",
    "feeds": "calendar feed, not a booking page",
    "u": "calendar app view, not a booking page",
}


def recognise(parsed: ParsedUrl) -> Recognition:
    """Appointment schedule links: short ``calendar.app.google/{token}`` and the long forms."""
    host = parsed.host
    segments = parsed.segments
    if host == "calendar.app.google":
        if len(segments) != 1:
            return reject(SLUG, "vendor home page" if not segments else "not a booking path")
        token = segments[0]
        return _accepted(build(host, join(token)), token)
    if host == "meet.google.com":
        return reject(SLUG, "video meeting join link, not a booking page")
    if host not in ("calendar.google.com", "www.google.com", "google.com") or not segments:
        return reject(SLUG, "Google page that is not a booking page")
    if segments[0] != "calendar":
        return reject(SLUG, "Google page that is not a booking page")
    rest = list(segments[1:])
    account: list[str] = []
    if len(rest) >= 2 and rest[0] == "u" and rest[1].isdigit():
        account = rest[:2]  # /calendar/u/0/...: the same page, kept as written so the link stays recognisable
        del rest[:2]
    if rest[:1] == ["selfsched"]:
        sstoken = parsed.param("sstoken")
        if not sstoken:
            return reject(SLUG, "appointment slots page without its token")
        return _accepted(build(host, "/calendar/selfsched", "sstoken=" + sstoken), sstoken)
    if rest[:1] == ["appointments"]:
        ids = rest[2:3] if rest[1:2] == ["schedules"] else rest[1:2]
        token = ids[0] if ids else ""
        if not token:
            return reject(SLUG, "appointment schedule link without its id")
        return _accepted(
            build("calendar.google.com", join("calendar", *account, "appointments", "schedules", token)),
            token,
        )
    reason = _NOT_BOOKING.get(rest[0] if rest else "", "Google Calendar page that is not a booking page")
    return reject(SLUG, reason)


def _accepted(url: str, token: str) -> Recognition:
    if placeholder_kind((token,)) is None and not is_slug(token):
        return reject(SLUG, "not a booking path")
    return accept(SLUG, url, token, None, token)


SPEC = ProviderSpec(SLUG, "Google Calendar", recognise, hosts=_HOSTS, book_in_page=google_page.RECIPE)
