"""Microsoft Bookings (shared pages) and Bookings with me (personal pages).

The mailbox in the path may be written with ``@`` or ``%40``; the canonical form keeps it as the lead
wrote it (both open the same page, and the link then reads as the lead sent it), while the owner slug is
always decoded. The page needs ``anonymous``, ``ep`` and ``bookingcode`` to open for outsiders, so those
are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, unquote

from schedlink.domain.providers import microsoft_page
from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_slug,
    kept_query,
    placeholder_kind,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "microsoft"
_BOOKING_HOSTS = frozenset({"outlook.office365.com", "outlook.office.com", "bookings.cloud.microsoft"})
_HOSTS = _BOOKING_HOSTS | frozenset({"book.ms", "outlook.live.com", "teams.microsoft.com", "teams.live.com"})
_DOMAINS = frozenset({"office365.com", "office.com", "cloud.microsoft", "outlook.com", "live.com"})
_KEEP = ("anonymous", "ep", "bookingcode")
_SAFE = "@!$&'()*+,;=:~-._"


def recognise(parsed: ParsedUrl) -> Recognition:
    """Shared ``/owa/calendar/{mbx}/bookings/`` and ``/book/{mbx}/``; personal ``/bookwithme/user/..``."""
    host = parsed.host
    segments = parsed.segments
    lowered = [s.lower() for s in segments]
    if host.startswith("teams.") and "meetup-join" in lowered:
        return reject(SLUG, "video meeting join link, not a booking page")
    if host == "book.ms" and len(segments) >= 2 and lowered[0] == "b":
        return _accepted(parsed, host, ["b", segments[1]], segments[1], None)
    if "deeplink" in lowered or "compose" in lowered:
        return reject(SLUG, "add-to-calendar link, not a booking page")
    if host not in _BOOKING_HOSTS:
        return reject(SLUG, "Microsoft page that is not a booking page")
    if lowered[:2] == ["owa", "calendar"] and len(segments) >= 4 and lowered[3] == "bookings":
        tail = segments[4:6]
        trailing = "/" if len(segments) == 4 else ""
        return _accepted(parsed, host, [*segments[:4], *tail], segments[2], "/".join(tail) or None, trailing)
    if lowered[:1] == ["book"] and len(segments) >= 2:
        tail = segments[2:4]
        trailing = "" if tail else "/"
        return _accepted(parsed, host, [*segments[:2], *tail], segments[1], "/".join(tail) or None, trailing)
    if lowered[:2] == ["bookwithme", "user"] and len(segments) >= 3:
        event = segments[4] if len(segments) >= 5 and lowered[3] == "meetingtype" else None
        kept = segments[:5] if event else segments[:3]
        return _accepted(parsed, host, kept, segments[2], event)
    return reject(SLUG, "Outlook page that is not a booking page")


def _accepted(
    parsed: ParsedUrl, host: str, segments: Sequence[str], owner: str, event: str | None, trailing: str = ""
) -> Recognition:
    slugs = (owner, event or "")
    if placeholder_kind(slugs) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if not all(is_slug(s) for s in segments):
        return reject(SLUG, "not a booking path")
    written = {unquote(raw): raw for raw in parsed.path.split("/") if raw}
    path = "".join("/" + _as_written(s, written) for s in segments) + trailing
    return accept(SLUG, build(host, path, kept_query(parsed, _KEEP)), owner, event)


def _as_written(segment: str, written: dict[str, str]) -> str:
    """The segment as it stood in the link when it was only percent-encoded there, else safely quoted."""
    raw = written.get(segment)
    if raw is not None and raw.lower().replace("%40", "@") == quote(segment, safe=_SAFE).lower():
        return raw
    return quote(segment, safe=_SAFE)


SPEC = ProviderSpec(
    SLUG, "Microsoft Bookings", recognise, hosts=_HOSTS, domains=_DOMAINS, book_in_page=microsoft_page.RECIPE
)
