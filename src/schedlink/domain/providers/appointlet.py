"""Appointlet: scheduling pages ``appt.link/{page}[/{meeting-type}]``; legacy ``{tenant}.appointlet.com``.

Sources: each scheduling page (team or individual) has its own link, and a page lists its meeting types
(kb.appointlet.help/en/articles/9035029-understanding-scheduling-pages). Published links: search-tool
file ids 14510058584 (``appt.link/meet-with-annettes-beauty-spa-92jVHJt1``), 13022835
(``appt.link/ai-monitor/30-minutes-introductory-call``), 19323619889 (page plus meeting type) and
5953842102 (Appointlet's own ``appointlet.js`` embed given an ``appt.link`` page). Not links: the bare
``appt.link``, ``www.appointlet.com`` marketing pages, the help site (another domain).
"""

from __future__ import annotations

import re

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    tenant,
)
from schedlink.domain.providers.pages import hosts, page
from schedlink.domain.urls import ParsedUrl

SLUG = "appointlet"
_SHORT = hosts("appt.link")
_DOMAINS = ("appointlet.com",)
_SERVICE = frozenset(
    {"www", "api", "app", "help", "docs", "blog", "status", "static", "cdn", "support", "login"}
)
_LEGACY_PATH = re.compile(r"(?:(?:s|b)/)?[^/]+")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Pages on ``appt.link`` and legacy tenant hosts; marketing and service hosts are not links."""
    if parsed.host in _SHORT:
        return profile_or_event(SLUG, parsed, "appt.link", COMMON_RESERVED)
    label = tenant(parsed.host, _DOMAINS, _SERVICE)
    if label is None:
        return reject(SLUG, "Appointlet service host, not a booking page")
    path = "/".join(parsed.segments)
    if path and not _LEGACY_PATH.fullmatch(path):
        return reject(SLUG, "not a booking path")
    return page(SLUG, parsed.host, parsed.segments, owner=label)


SPEC = ProviderSpec(SLUG, "Appointlet", recognise, hosts=_SHORT, domains=frozenset({"appt.link", *_DOMAINS}))
