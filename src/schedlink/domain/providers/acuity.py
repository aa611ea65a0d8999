"""Acuity Scheduling: ``{biz}.as.me``, ``{biz}.acuityscheduling.com`` and ``app.acuityscheduling.com``.

The canonical URL keeps ``owner``, ``appointmentType`` and ``calendarID``: they select the page.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    kept_query,
    reject,
    subdomain,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "acuity"
_KEEP = ("owner", "appointmentType", "calendarID", "calendarId")
_APP_HOSTS = frozenset({"app.acuityscheduling.com", "secure.acuityscheduling.com"})
_SERVICE_SUBDOMAINS = frozenset(
    {"www", "app", "secure", "help", "developers", "api", "status", "blog", "support"}
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """A business's own subdomain, or the shared app host with the owner in the URL."""
    host = parsed.host
    segments = parsed.segments
    business = subdomain(host, "as.me") or subdomain(host, "acuityscheduling.com")
    if business and business not in _SERVICE_SUBDOMAINS and "." not in business:
        if segments and (is_asset(segments[-1]) or segments[0].lower() in ("api", "login")):
            return reject(SLUG, "Acuity service path, not a booking page")
        path = "/" + "/".join(segments[:4]) if segments else ""
        return accept(
            SLUG, build(host, path, kept_query(parsed, _KEEP)), business, parsed.param("appointmentType")
        )
    if host in _APP_HOSTS and segments:
        head = segments[0].lower()
        if head == "schedule.php":
            owner = parsed.param("owner")
            if not owner:
                return reject(SLUG, "scheduling page without its owner")
            query = kept_query(parsed, _KEEP)
            return accept(
                SLUG, build(host, "/schedule.php", query), owner, parsed.param("appointmentType"), owner
            )
        if head == "schedule" and len(segments) >= 2:
            path = "/" + "/".join(segments[:6])
            return accept(SLUG, build(host, path, kept_query(parsed, _KEEP)), segments[1], None, segments[1])
    return reject(SLUG, "Acuity page that is not a booking page")


SPEC = ProviderSpec(
    SLUG, "Acuity Scheduling", recognise, domains=frozenset({"as.me", "acuityscheduling.com"})
)
