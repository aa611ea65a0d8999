"""SimplyBook.me: one booking site per subdomain, ``{company}.simplybook.{me,it,asia,...}``."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    reject,
    tenant,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "simplybook"
_DOMAINS = frozenset(
    {"simplybook.me", "simplybook.it", "simplybook.asia", "simplybook.net", "simplybook.pro"}
)
_SERVICE = frozenset(
    {"www", "help", "blog", "news", "user", "secure", "api", "app", "static", "cdn", "support"}
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """A company's booking site; the vendor's own hosts are not links."""
    company = tenant(parsed.host, _DOMAINS, _SERVICE)
    if company is None:
        return reject(SLUG, "SimplyBook.me service host, not a booking page")
    segments = parsed.segments
    if segments and is_asset(segments[-1]):
        return reject(SLUG, "static file")
    path = "/" + "/".join(segments[:3]) if segments else ""
    fragment = parsed.fragment if parsed.fragment.startswith("/") else ""
    return accept(SLUG, build(parsed.host, path, fragment=fragment), company, None, company)


SPEC = ProviderSpec(SLUG, "SimplyBook.me", recognise, domains=_DOMAINS)
