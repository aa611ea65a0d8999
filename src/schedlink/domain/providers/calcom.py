"""Cal.com: cloud (``cal.com``, ``cal.eu``, ``{org}.cal.com``) and recognisably self-hosted instances.

Self-hosted rule. Any host can run Cal.com, and ``/{user}/{type}`` alone is the shape of half the web, so
an unknown host is only taken as Cal.com when it says so:
- a host label is exactly ``cal`` or ``calcom`` (``cal.acme.io``, ``book.cal.acme.io``) and the path is
  ``/{user}/{type}`` or a Cal.com-only shape; or
- a booking-ish host (first label ``book``, ``meet``, ``schedule``, ``booking``, ``meetings``) with a
  Cal.com-only shape: ``/team/{t}/{type}``, ``/d/{hash}/{slug}``, ``/forms/{id}``, ``/router?form=``,
  ``/{a}+{b}`` or ``/{user}/{N}min``.
Profile-only paths (``/{user}``) on unknown hosts are never enough.
"""

from __future__ import annotations

import re

from schedlink.domain.providers import calcom_booking, calcom_page, calcom_slots
from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    accept,
    build,
    first_reserved,
    is_asset,
    is_slug,
    join,
    kept_query,
    placeholder_kind,
    reject,
    subdomain,
    words,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "calcom"
_CLOUD = ("cal.com", "cal.eu")
_SERVICE_SUBDOMAINS = words(
    """
    app api console docs developer status help blog auth go community design website mail i18n
    """
)
_RESERVED = COMMON_RESERVED | words(
    """
    booking bookings booking-successful reschedule cancel event-types availability workflows
    insights routing-forms getting-started embed _next apps video auth teams org enterprise
    """
)
_BOOKISH = frozenset({"book", "meet", "schedule", "booking", "meetings"})
_DURATION = re.compile(r"\d{1,3}-?min(?:ute)?s?", re.IGNORECASE)


def recognise(parsed: ParsedUrl) -> Recognition | None:
    """Cloud and organisation pages; on other hosts only the self-hosted shapes described above."""
    host = parsed.host.removeprefix("www.")
    cloud = next((domain for domain in _CLOUD if host == domain or host.endswith("." + domain)), None)
    if cloud is None:
        return _self_hosted(parsed)
    org = subdomain(host, cloud)
    if org is not None and org in _SERVICE_SUBDOMAINS:
        return reject(SLUG, f"Cal.com service host ({org}), not a booking page")
    return _booking_path(parsed, host)


def _booking_path(parsed: ParsedUrl, host: str) -> Recognition:
    segments = list(parsed.segments)
    if segments and segments[-1].lower() == "llms.txt":
        segments.pop()
    if segments and segments[-1].lower().endswith(".md"):
        segments[-1] = segments[-1][:-3]  # the machine-readable twin documents the real page
    if not segments:
        if (
            parsed.path.rstrip("/") == ""
            and parsed.host.count(".") >= 2
            and parsed.host.split(".")[0] != "www"
        ):
            return accept(SLUG, build(host, ""), host.split(".")[0], None, reason="organisation page")
        return reject(SLUG, "vendor home page")
    head = segments[0].lower()
    if head == "router" and parsed.param("form"):
        return accept(
            SLUG,
            build(host, "/router", kept_query(parsed, ("form",))),
            None,
            None,
            parsed.param("form") or "",
        )
    if head == "forms" and len(segments) >= 2:
        return accept(
            SLUG, build(host, join("forms", segments[1])), None, None, segments[1], reason="routing form"
        )
    word = first_reserved(tuple(segments), _RESERVED)
    if word is not None:
        return reject(SLUG, f"vendor page: /{word}")
    if is_asset(segments[-1]):
        return reject(SLUG, "static file")
    if placeholder_kind(segments[:3]) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if head in ("team", "d") and len(segments) >= 2:
        parts = segments[1:3]
        if not all(is_slug(p) for p in parts):
            return reject(SLUG, "not a booking path")
        owner = parts[0] if head == "team" else None
        event = parts[1] if len(parts) > 1 else None
        return accept(SLUG, build(host, join(head, *parts)), owner, event, *parts)
    owner = segments[0]
    event = segments[1] if len(segments) > 1 and segments[1].lower() != "embed" else None
    if not is_slug(owner) or (event is not None and not is_slug(event)):
        return reject(SLUG, "not a booking path")
    return accept(SLUG, build(host, join(owner, event or "")), owner, event)


def _self_hosted(parsed: ParsedUrl) -> Recognition | None:
    labels = parsed.labels
    if len(labels) < 3 or parsed.scheme != "https":
        return None
    segments = parsed.segments
    names_cal = any(label in ("cal", "calcom") for label in labels[:-2])
    distinctive = _distinctive(parsed)
    if (names_cal and (distinctive or len(segments) == 2)) or (labels[0] in _BOOKISH and distinctive):
        verdict = _booking_path(parsed, parsed.host)
    else:
        return None
    return verdict if verdict.accepted else None


def _distinctive(parsed: ParsedUrl) -> bool:
    segments = parsed.segments
    if not segments:
        return False
    head = segments[0].lower()
    if head in ("team", "d") and len(segments) >= 3:
        return True
    if head == "forms" and len(segments) == 2:
        return True
    if head == "router" and parsed.param("form") is not None:
        return True
    if len(segments) <= 2 and "+" in segments[0]:
        return True
    return len(segments) == 2 and bool(_DURATION.fullmatch(segments[1]))


SPEC = ProviderSpec(
    SLUG,
    "Cal.com",
    recognise,
    domains=frozenset(_CLOUD),
    any_host=True,
    read_slots=calcom_slots.read_slots,
    slot_hosts=calcom_slots.SLOT_HOSTS,
    booking_url=calcom_slots.booking_url,
    book_by_api=calcom_booking.book,
    read_booking=calcom_booking.read_booking,
    booking_hosts=calcom_booking.BOOKING_HOSTS,
    book_in_page=calcom_page.RECIPE,
)
