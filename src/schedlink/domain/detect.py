"""Detect the lead's own scheduler link in a normalised reply.

Every URL in the text regions and every HTML link target becomes a candidate: it is unwrapped (offline),
classified by the provider registry and put in canonical form. A candidate is kept only when it is a real
booking page that is not the workspace's own (by canonical URL, by owner on the same provider host, or by
the workspace's domains in the host or the mailbox part). The chosen link is the first kept one in the
lead's new words, else their signature, else a message they forward, else the quoted history; within a
region a link whose owner resembles the lead's name or e-mail is preferred, since people mostly share
their own page.

Our side of the thread is ours even when the workspace listed no links: a link in a quoted or forwarded
message whose sender (its "From:" line or "On … wrote:" attribution) has an address in the workspace's
own domains is the team's, and so is the same page wherever else it appears in the reply.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from schedlink.domain.links import Candidate, Detection, SchedulerLink
from schedlink.domain.message import LeadContact, NormalisedBody, Region, Workspace
from schedlink.domain.providers import bare_link_plausible, classify_parsed
from schedlink.domain.providers.base import Recognition, reject
from schedlink.domain.unwrap import unwrap
from schedlink.domain.urls import MAX_CANDIDATES, ParsedUrl, find_urls

_REGION_ORDER = (Region.NEW, Region.SIGNATURE, Region.FORWARDED, Region.QUOTED)
_HISTORY = frozenset({Region.FORWARDED, Region.QUOTED})
_RANK = {region: rank for rank, region in enumerate(_REGION_ORDER)}
_WEB = ("http://", "https://", "//")
_NAME_NOISE = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "jr", "sr", "the", "and", "von", "van", "der", "del"}
)
_MAILBOX_DOMAIN = re.compile(r"@([a-z0-9.-]{1,253})")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_MAX_ANCHOR = 512


@dataclass(frozen=True, slots=True)
class Examined:
    """One URL followed through unwrapping and classification."""

    raw: str
    target: str
    recognition: Recognition
    note: str
    parsed: ParsedUrl | None


def examine(url: str, raw: str | None = None) -> Examined:
    """Unwrap ``url`` offline and classify what it points to."""
    unwrapped = unwrap(url)
    parsed = unwrapped.parsed
    recognition = classify_parsed(parsed) if parsed is not None else reject(None, "not a web URL")
    note = unwrapped.note
    if not note and unwrapped.wrappers:
        note = "unwrapped " + " > ".join(unwrapped.wrappers)
    return Examined(raw if raw is not None else url, unwrapped.url, recognition, note, parsed)


def link_key(url: str) -> str:
    """The corpus comparison form: lower-case host and path without ``www.``, query, fragment, final ``/``.

    The path is percent-decoded too, so ``…/user/x%40acme.io`` and ``…/user/x@acme.io`` are one link.
    """
    key = url.strip().lower()
    scheme = key.find("://")
    if 0 < scheme <= 6:
        key = key[scheme + 3 :]
    elif key.startswith("//"):
        key = key[2:]
    for mark in ("#", "?"):
        cut = key.find(mark)
        if cut >= 0:
            key = key[:cut]
    return unquote(key).removeprefix("www.").rstrip("/")


def _host_of(url: str) -> str:
    return link_key(url).partition("/")[0]


@dataclass(frozen=True, slots=True)
class _OwnLinks:
    keys: frozenset[str]
    owners: frozenset[tuple[str, str, str]]
    domains: tuple[str, ...]


@lru_cache(maxsize=512)
def _own_links(workspace: Workspace) -> _OwnLinks:
    keys: set[str] = set()
    owners: set[tuple[str, str, str]] = set()
    for link in workspace.own_links:
        seen = examine(link)
        keys.add(link_key(seen.target))
        verdict = seen.recognition
        if verdict.accepted and verdict.url:
            keys.add(link_key(verdict.url))
            owner = _owner_id(verdict)
            if owner is not None:
                owners.add(owner)
    domains = tuple(
        d
        for d in (raw.strip().lower().lstrip("@.").removeprefix("www.") for raw in workspace.own_domains)
        if d
    )
    return _OwnLinks(frozenset(keys), frozenset(owners), domains)


def _owner_id(verdict: Recognition) -> tuple[str, str, str] | None:
    if not verdict.owner or not verdict.url or verdict.provider is None:
        return None
    return (verdict.provider, _host_of(verdict.url), verdict.owner.lower())


def _own_reason(verdict: Recognition, examined: Examined, own: _OwnLinks) -> str | None:
    if (verdict.url and link_key(verdict.url) in own.keys) or link_key(examined.target) in own.keys:
        return "the workspace's own link"
    if own.owners and _owner_id(verdict) in own.owners:
        return "the workspace's own scheduling page"
    parsed = examined.parsed
    if not own.domains or parsed is None:
        return None
    mailboxes = _MAILBOX_DOMAIN.findall("/".join(parsed.segments).lower())
    for domain in own.domains:
        if parsed.host == domain or parsed.host.endswith("." + domain):
            return "a link on the workspace's own domain"
        if any(m == domain or m.endswith("." + domain) for m in mailboxes):
            return "a mailbox of the workspace's own domain"
    return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _lead_tokens(lead: LeadContact) -> tuple[str, ...]:
    tokens: set[str] = set()
    if lead.name:
        tokens.update(t for t in _NOT_ALNUM.split(_fold(lead.name)) if len(t) >= 3 and t not in _NAME_NOISE)
    if lead.email and "@" in lead.email:
        local = _fold(lead.email.rpartition("@")[0])
        tokens.update(t for t in _NOT_ALNUM.split(local) if len(t) >= 3)
        if len(local) >= 3:
            tokens.add(_NOT_ALNUM.sub("", local))
    return tuple(tokens)


def _resembles_lead(owner_slug: str | None, tokens: tuple[str, ...]) -> bool:
    if not tokens or not owner_slug:
        return False
    owner = _NOT_ALNUM.sub("", _fold(owner_slug.partition("@")[0]))
    return any(token in owner for token in tokens)


@dataclass(frozen=True, slots=True)
class _Sighting:
    rank: int
    position: int
    region: Region
    examined: Examined
    note: str


def detect_links(body: NormalisedBody, workspace: Workspace, lead: LeadContact) -> Detection:
    """All scheduler-link candidates in ``body`` and the one that is the lead's (or ``None``)."""
    sightings = _sightings(body)
    if not sightings:
        return Detection(None, ())
    own = _own_links(workspace)
    if own.domains:
        own = _with_our_side(own, body, sightings)
    candidates: list[Candidate] = []
    kept_links: dict[Region, list[SchedulerLink]] = {}
    seen: set[str] = set()
    for sighting in sorted(sightings, key=lambda s: (s.rank, s.position)):
        examined = sighting.examined
        verdict = examined.recognition
        url = verdict.url if verdict.accepted and verdict.url else examined.target
        key = link_key(url)
        if key in seen:
            continue
        seen.add(key)
        kept, reason = _verdict(verdict, examined, own)
        reason = "; ".join(part for part in (reason, examined.note, sighting.note) if part)
        candidates.append(Candidate(examined.raw, url, verdict.provider, sighting.region, kept, reason))
        if kept and verdict.provider is not None:
            link = SchedulerLink(
                url, verdict.provider, verdict.owner, verdict.event, sighting.region, examined.raw
            )
            kept_links.setdefault(sighting.region, []).append(link)
        if len(candidates) >= MAX_CANDIDATES:
            break
    return Detection(_choose(kept_links, lead), tuple(candidates))


# A line naming who wrote the message under it: a "From:" header or an "On … <addr> wrote:" attribution.
_FROM_HEADER = re.compile(r"[ \t>]*\*?(?:from|von|de|van|da|från|fra|od)\s?\*?\s?:", re.IGNORECASE)
_ADDRESS_DOMAIN = re.compile(r"[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6})", re.IGNORECASE)
_MAX_SENDER_LINES = 64
_MAX_SENDER_LINE_CHARS = 400


def _our_spans(text: str, domains: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of ``text`` (quoted or forwarded history) written by an address in our own domains.

    Only lines holding an ``@`` are read: a sender line is a "From:" header or ends with ":" (an
    attribution, "On … Sam <sam@acme.io> wrote:"); it opens the span of its message.
    """
    spans: list[tuple[int, int]] = []
    ours_from = -1
    at = text.find("@")
    seen = 0
    while at >= 0 and seen < _MAX_SENDER_LINES:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        at = text.find("@", end)
        if len(line) > _MAX_SENDER_LINE_CHARS or not (
            line.rstrip().endswith(":") or _FROM_HEADER.match(line)
        ):
            continue
        address = _ADDRESS_DOMAIN.search(line)
        if address is None:
            continue
        seen += 1
        if ours_from >= 0:
            spans.append((ours_from, start))
        host = address.group(1).lower()
        ours_from = start if any(host == d or host.endswith("." + d) for d in domains) else -1
    if ours_from >= 0:
        spans.append((ours_from, len(text)))
    return spans


def _with_our_side(own: _OwnLinks, body: NormalisedBody, sightings: list[_Sighting]) -> _OwnLinks:
    """``own`` plus every link that stood in a quoted or forwarded message one of us wrote."""
    texts = dict(body.regions())
    spans = {region: _our_spans(texts.get(region, ""), own.domains) for region in _HISTORY}
    if not any(spans.values()):
        return own
    keys = set(own.keys)
    owners = set(own.owners)
    for sighting in sightings:
        region_spans = spans.get(sighting.region, ())
        if not any(start <= sighting.position < end for start, end in region_spans):
            continue
        verdict = sighting.examined.recognition
        keys.add(link_key(sighting.examined.target))
        if verdict.accepted and verdict.url:
            keys.add(link_key(verdict.url))
            owner = _owner_id(verdict)
            if owner is not None:
                owners.add(owner)
    return _OwnLinks(frozenset(keys), frozenset(owners), own.domains)


def _verdict(verdict: Recognition, examined: Examined, own: _OwnLinks) -> tuple[bool, str]:
    if not verdict.accepted:
        return False, verdict.reason
    own_reason = _own_reason(verdict, examined, own)
    if own_reason is not None:
        return False, own_reason
    if verdict.placeholder:
        return False, verdict.reason
    return True, verdict.reason


def _choose(kept: dict[Region, list[SchedulerLink]], lead: LeadContact) -> SchedulerLink | None:
    for region in _REGION_ORDER:
        links = kept.get(region)
        if links:
            if len(links) == 1:
                return links[0]
            tokens = _lead_tokens(lead)
            return next((link for link in links if _resembles_lead(link.owner, tokens)), links[0])
    return None


def _sightings(body: NormalisedBody) -> list[_Sighting]:
    sightings: list[_Sighting] = []
    texts = dict(body.regions())
    for region, text in texts.items():
        for found in find_urls(text, bare_host_ok=bare_link_plausible):
            sightings.append(_Sighting(_RANK[region], found.start, region, examine(found.url, found.raw), ""))
    for href in body.hrefs[:MAX_CANDIDATES]:
        target = href.url.strip()
        if not target.lower().startswith(_WEB):
            continue
        examined = examine(target)
        text = texts.get(href.region, "")
        anchor = href.anchor_text.strip()[:_MAX_ANCHOR]
        position = text.find(anchor) if anchor else -1
        where = position if position >= 0 else len(text)
        sightings.append(
            _Sighting(_RANK[href.region], where, href.region, examined, _anchor_note(anchor, examined))
        )
    return sightings


def _anchor_note(anchor: str, examined: Examined) -> str:
    """Say so when the visible text is itself a URL other than where the link goes (a phishing tell)."""
    found = find_urls(anchor, bare_host_ok=bare_link_plausible)
    if not found:
        return ""
    shown = examine(found[0].url)
    shown_canonical = shown.recognition.url or shown.target
    real_canonical = examined.recognition.url or examined.target
    if link_key(shown_canonical) == link_key(real_canonical):
        return ""
    return "anchor text shows a different URL"
