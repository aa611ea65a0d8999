"""The provider registry: which spec owns a host, and the single entry point ``classify_url``.

Hosts are matched exactly or as true dot-suffixes of a provider's domains, never by substring, so
``calendly.com.evil.io``, ``embedcalendly.com`` or ``infisical.com`` reach no provider. Hosts with
punycode or non-ASCII labels are refused outright: a scheduler link never needs them, a look-alike does.
Hosts nobody owns are offered to the ``any_host`` specs (white-label GoHighLevel, self-hosted Cal.com).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from schedlink.domain.providers import (
    acuity,
    amie,
    apollo,
    appointlet,
    bookafy,
    brevo,
    calcom,
    calendarhero,
    calendly,
    chilipiper,
    clockwise,
    doodle,
    fantastical,
    gohighlevel,
    google,
    harmonizely,
    hubspot,
    koalendar,
    microsoft,
    mixmax,
    motion,
    neetocal,
    notion,
    oncehub,
    other,
    picktime,
    pipedrive,
    reclaim,
    salesloft,
    savvycal,
    setmore,
    simplybook,
    square,
    tidycal,
    timetap,
    vimcal,
    vyte,
    youcanbookme,
    zcal,
    zoho,
    zoom,
)
from schedlink.domain.providers.base import ProviderSpec, Recognition, reject
from schedlink.domain.urls import ParsedUrl, parse_url

if TYPE_CHECKING:  # slots.py imports this package
    from schedlink.domain.slots import Invitee

__all__ = [
    "SPECS",
    "ProviderSpec",
    "Recognition",
    "booking_url_for",
    "classify_parsed",
    "classify_url",
    "is_known_host",
    "spec_by_slug",
    "spec_for_host",
]

SPECS: tuple[ProviderSpec, ...] = (
    calendly.SPEC,
    calcom.SPEC,
    gohighlevel.SPEC,
    hubspot.SPEC,
    google.SPEC,
    microsoft.SPEC,
    acuity.SPEC,
    savvycal.SPEC,
    chilipiper.SPEC,
    youcanbookme.SPEC,
    tidycal.SPEC,
    zcal.SPEC,
    zoho.SPEC,
    oncehub.SPEC,
    doodle.SPEC,
    setmore.SPEC,
    square.SPEC,
    koalendar.SPEC,
    vyte.SPEC,
    motion.SPEC,
    reclaim.SPEC,
    vimcal.SPEC,
    zoom.SPEC,
    simplybook.SPEC,
    amie.SPEC,
    clockwise.SPEC,
    notion.SPEC,
    appointlet.SPEC,
    calendarhero.SPEC,
    harmonizely.SPEC,
    neetocal.SPEC,
    timetap.SPEC,
    bookafy.SPEC,
    picktime.SPEC,
    fantastical.SPEC,
    brevo.SPEC,
    pipedrive.SPEC,
    apollo.SPEC,
    mixmax.SPEC,
    salesloft.SPEC,
    other.SPEC,
)


def _index() -> tuple[dict[str, ProviderSpec], dict[str, ProviderSpec]]:
    by_host: dict[str, ProviderSpec] = {}
    by_domain: dict[str, ProviderSpec] = {}
    for spec in SPECS:
        for host in spec.hosts:
            by_host.setdefault(host, spec)
        for domain in spec.domains:
            by_domain.setdefault(domain, spec)
    return by_host, by_domain


_BY_HOST, _BY_DOMAIN = _index()


def _lookalike_pattern() -> re.Pattern[str]:
    """Unowned hosts that begin with a scheduler's domain (``calendly.com.x.io``, ``calendly-com.x.net``)."""
    names = {name for name in (*_BY_HOST, *_BY_DOMAIN) if "." in name and not name.startswith("www.")}
    variants = {variant for name in names for variant in (name, name.replace(".", "-"))}
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(f"(?:www\\.)?(?:{alternation})[.-]")


_LOOKALIKE = _lookalike_pattern()
_OPEN = tuple(sorted((spec for spec in SPECS if spec.any_host), key=lambda s: s.slug != gohighlevel.SLUG))
_MAX_LABELS = 12


def spec_for_host(host: str) -> ProviderSpec | None:
    """The provider owning ``host`` exactly or as a dot-suffix of one of its domains."""
    spec = _BY_HOST.get(host)
    if spec is not None:
        return spec
    labels = host.split(".", _MAX_LABELS)
    for cut in range(len(labels)):
        spec = _BY_DOMAIN.get(".".join(labels[cut:]))
        if spec is not None:
            return spec
    return None


def is_known_host(host: str) -> bool:
    """Whether some provider owns ``host``."""
    return spec_for_host(host) is not None


def bare_link_plausible(host: str, rest: str) -> bool:
    """Whether scheme-less ``host`` + ``rest`` in prose should be read as a link (see ``urls.find_urls``)."""
    if is_known_host(host):
        return True
    if not rest.startswith("/") or _LOOKALIKE.match(host):
        return False
    parsed = parse_url("https://" + host + rest)
    return parsed is not None and any(spec.recognise(parsed) is not None for spec in _OPEN)


def classify_url(url: str) -> Recognition:
    """Recognise ``url`` (already unwrapped) as a provider's booking page, or say why it is not one."""
    parsed = parse_url(url)
    if parsed is None:
        return reject(None, "not a web URL")
    return classify_parsed(parsed)


def classify_parsed(parsed: ParsedUrl) -> Recognition:
    """``classify_url`` for an already parsed URL."""
    host = parsed.host
    if not host.isascii() or "xn--" in host:
        return reject(None, "internationalised host (possible look-alike)")
    spec = spec_for_host(host)
    if spec is not None:
        verdict = spec.recognise(parsed)
        return verdict if verdict is not None else reject(spec.slug, "not a booking page")
    if _LOOKALIKE.match(host):
        return reject(None, "look-alike of a scheduler's host")
    for open_spec in _OPEN:
        verdict = open_spec.recognise(parsed)
        if verdict is not None:
            return verdict
    return reject(None, "not a known scheduler host")


_NAMES = {spec.slug: spec.name for spec in SPECS}


def provider_name(slug: str | None) -> str:
    """The provider's display name ("Calendly"); unknown slugs read as "scheduler"."""
    return _NAMES.get(slug or "", "scheduler")


_BY_SLUG = {spec.slug: spec for spec in SPECS}


def spec_by_slug(slug: str) -> ProviderSpec | None:
    """The spec whose slug is ``slug`` (``"calendly"``), or ``None``."""
    return _BY_SLUG.get(slug)


def booking_url_for(recognition: Recognition, start: datetime, invitee: Invitee) -> str | None:
    """A link opening the recognised page on ``start`` with ``invitee`` prefilled, when its provider has one.

    ``None`` for rejected URLs, placeholders, providers without a builder and link shapes the builder
    cannot target (profiles, routing forms).
    """
    if not recognition.accepted or recognition.placeholder or recognition.provider is None:
        return None
    spec = _BY_SLUG.get(recognition.provider)
    if spec is None or spec.booking_url is None:
        return None
    return spec.booking_url(recognition, start, invitee)
