"""What every provider module shares: the verdict type, the spec type and small URL helpers.

A provider is recognised from the URL alone (pure, no network). Its spec names the hosts it owns; the
registry routes a URL to the one spec owning its host, and that spec either accepts the URL as a booking
page (with owner/event slugs and a canonical URL) or rejects it with a reason a person can read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from schedlink.domain.booking.outcome import BookingOutcome, BookingRequest
from schedlink.domain.booking.page import PageRecipe
from schedlink.domain.http_plan import Plan
from schedlink.domain.slots import Invitee, SlotPlan, SlotQuery
from schedlink.domain.urls import ParsedUrl


@dataclass(frozen=True, slots=True)
class Recognition:
    """A provider's verdict on one URL.

    ``accepted`` means the URL has the shape of a booking page. ``placeholder`` marks accepted shapes
    whose slug is an example or template variable (``calendly.com/yourname``, ``.../${calendarId}``):
    right shape, but nobody's real page, so detection never captures them.
    """

    provider: str | None
    accepted: bool
    reason: str
    url: str | None = None
    owner: str | None = None
    event: str | None = None
    placeholder: bool = False


Recogniser = Callable[[ParsedUrl], "Recognition | None"]


# Reads the free slots a page offers: a plan (``domain/http_plan.py``) the network adapter drives.
SlotReader = Callable[[Recognition, SlotQuery], SlotPlan]
# Builds a link that opens the lead's page with ``start`` preselected (and the invitee prefilled), or None
# when the provider offers no way to do that for this link.
BookingUrlBuilder = Callable[[Recognition, datetime, Invitee], "str | None"]
# Books through the provider's API: a plan that ends in the provider's verdict. In a dry run it reads
# everything it would need and stops before the request that submits.
ApiBooker = Callable[[Recognition, BookingRequest], Plan[BookingOutcome]]
# Reads back a booking the provider made, by the id it gave (``None`` when it has no such booking).
BookingReader = Callable[[Recognition, str], Plan["BookingOutcome | None"]]


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """One provider: slug, display name, the hosts it owns and its pure recogniser.

        ``hosts`` are matched exactly, ``domains`` as themselves or true dot-suffixes (``x.youcanbook.me``).
        ``any_host`` providers are also asked about hosts nobody owns (white-label and self-hosted pages); for
        those their recogniser returns ``None`` unless the path has the provider's distinctive shape.

        ``read_slots`` plans the requests that read a page's free slots; ``slot_hosts`` are the hosts those
        requests may reach besides the link's own host. ``booking_url`` builds a link that opens the page on
        a chosen slot with the invitee prefilled. ``book_by_api`` books through a public API and ``read_booking``
    reads the result back, over ``booking_hosts``. ``book_in_page`` says how a browser books on the page
    (providers without a public booking API). Providers without a way to do any of these leave them unset.
    ``invitee_books`` is False where the recognised links are not all pages an invitee books a time on
    (polls people vote in, a table of other products): the careful generic driver never books those.
    """

    slug: str
    name: str
    recognise: Recogniser
    hosts: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    any_host: bool = False
    read_slots: SlotReader | None = None
    slot_hosts: frozenset[str] = frozenset()
    booking_url: BookingUrlBuilder | None = None
    book_by_api: ApiBooker | None = None
    read_booking: BookingReader | None = None
    booking_hosts: frozenset[str] = frozenset()
    book_in_page: PageRecipe | None = None
    invitee_books: bool = True


def words(text: str) -> frozenset[str]:
    """A set of whitespace-separated words, for readable word lists."""
    return frozenset(text.split())


# Path words that are vendor pages on nearly every scheduler's host, never someone's booking page.
COMMON_RESERVED = words(
    """
    about account accounts admin affiliates api apps assets auth billing blog careers cdn
    changelog community company contact cookies customers dashboard demo-request developer
    developers docs documentation download downloads enterprise faq features forgot-password
    help home integrations jobs legal login logout marketplace news oauth partners press pricing
    privacy product products register reset-password resources roadmap search security settings
    signin signout signup sign-in sign-up sitemap solutions static status support templates
    terms tos upgrade use-cases webinars wp-content wp-admin
    """
)

_ASSET = re.compile(
    r"\.(?:js|mjs|css|map|xml|rss|atom|json|ics|ical|png|jpe?g|gif|svg|webp|ico|pdf|txt|zip|woff2?|ttf)$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[\w${\[<][\w.~+@%:{}$()!*\[\]<>-]{0,199}")
_MERGE_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\*\|[^|]{0,64}\|\*|%%[^%]{1,64}%%|<|>")
_ANGLE_PLACEHOLDER = re.compile(r"<[A-Za-z][\w -]{0,62}>")
# Code variables and documentation stand-ins ("[YOUR-ID]") keep a link's shape: a placeholder, never captured.
_CODE_VAR = re.compile(
    r"\$\{[^}]{0,128}\}|\{[A-Za-z_][A-Za-z0-9_.]{0,64}\}|:[a-z_]{2,32}Id\b|\[[A-Za-z][A-Za-z0-9_ -]{0,62}\]"
    r"|<[A-Za-z][\w -]{0,62}>"
)
_SPECIAL = re.compile(r"[{}\[\]<>%*|$:]")
_MAYBE_EXAMPLE = re.compile(
    r"(?:your|my|replace|example|placeholder|user|john|jane|first|change|todo|tbd|x|\.|…)", re.I
)
_SEPARATORS = str.maketrans("", "", "-_. ~")
_EXAMPLE_WORDS = frozenset(
    {
        "example",
        "placeholder",
        "username",
        "yourname",
        "yourlink",
        "firstnamelastname",
        "changeme",
        "todo",
        "tbd",
    }
)
_PERSONAL_PREFIXES = ("your", "my")
_PERSONAL_SUFFIXES = (
    "link",
    "name",
    "username",
    "id",
    "slug",
    "url",
    "handle",
    "calendar",
    "page",
    "event",
    "booking",
    "here",
    "business",
    "company",
    "team",
)


def accept(
    provider: str,
    url: str,
    owner: str | None,
    event: str | None,
    *slugs: str,
    reason: str = "booking page",
) -> Recognition:
    """An accepted booking page; any template or example ``slugs`` turn it into a placeholder."""
    kind = placeholder_kind(slugs or tuple(s for s in (owner, event) if s))
    if kind == "merge":
        return Recognition(provider, False, "unrendered merge tag")
    if kind == "placeholder":
        return Recognition(provider, True, "placeholder or example link", url, owner, event, placeholder=True)
    return Recognition(provider, True, reason, url, owner, event)


def reject(provider: str | None, reason: str) -> Recognition:
    """A URL on a provider's host that is not a booking page (or a host nobody owns)."""
    return Recognition(provider, False, reason)


def placeholder_kind(slugs: Iterable[str]) -> str | None:
    """``"merge"`` for mail-merge syntax, ``"placeholder"`` for code variables/example words, or ``None``."""
    found: str | None = None
    for slug in slugs:
        if _SPECIAL.search(slug):
            if _MERGE_TAG.search(_ANGLE_PLACEHOLDER.sub("x", slug)):
                return "merge"  # a "<slug>" stand-in is a placeholder; any other angle bracket is not a link
            if _CODE_VAR.search(slug):
                found = "placeholder"
        if _MAYBE_EXAMPLE.match(slug) and _is_example_word(slug):
            found = "placeholder"
    return found


def _is_example_word(slug: str) -> bool:
    word = slug.lower().translate(_SEPARATORS).strip("…")
    if not word or word in _EXAMPLE_WORDS or word.startswith("replace") or set(word) == {"x"}:
        return True
    return word.startswith(_PERSONAL_PREFIXES) and word.endswith(_PERSONAL_SUFFIXES) and len(word) <= 40


def is_slug(text: str) -> bool:
    """A plausible user/event slug: one path segment of URL-ish characters."""
    return bool(_SLUG.fullmatch(text))


def is_asset(segment: str) -> bool:
    """A static file (script, stylesheet, feed, image, calendar file), never a booking page."""
    return bool(_ASSET.search(segment))


def subdomain(host: str, domain: str) -> str | None:
    """The label(s) in front of ``domain`` (``"jane"`` for ``jane.youcanbook.me``), ``None`` for the apex."""
    if host == domain:
        return None
    return host[: -len(domain) - 1] if host.endswith("." + domain) else None


def tenant(host: str, domains: Iterable[str], service: frozenset[str]) -> str | None:
    """The single customer label in front of one of ``domains``; ``None`` for the vendor's own hosts."""
    for domain in domains:
        label = subdomain(host, domain)
        if label is not None:
            return None if "." in label or label in service else label
    return None


def kept_query(parsed: ParsedUrl, keep: Iterable[str]) -> str:
    """The raw query pieces whose key is in ``keep`` (case-insensitive), in their written order."""
    wanted = {name.lower() for name in keep}
    pieces = [piece for piece in parsed.pieces if piece.partition("=")[0].lower() in wanted]
    return "&".join(pieces)


def build(host: str, path: str, query: str = "", fragment: str = "") -> str:
    """``https://host/path?query#fragment`` with empty parts left out (an empty path becomes ``/``)."""
    url = f"https://{host}{path or '/'}"
    if query:
        url += "?" + query
    if fragment:
        url += "#" + fragment
    return url


def join(*segments: str) -> str:
    """A path from segments: ``join("a", "b")`` is ``/a/b``."""
    return "".join("/" + segment for segment in segments if segment)


def first_reserved(segments: tuple[str, ...], reserved: frozenset[str]) -> str | None:
    """The first segment when it is a reserved vendor word (case-insensitive)."""
    if segments and segments[0].lower() in reserved:
        return segments[0].lower()
    return None


def profile_or_event(
    provider: str,
    parsed: ParsedUrl,
    host: str,
    reserved: frozenset[str],
    *,
    max_depth: int = 2,
    keep: Iterable[str] = (),
) -> Recognition:
    """The common ``/{owner}[/{event}]`` shape on a provider's main host (Calendly-style)."""
    segments = parsed.segments
    if not segments:
        return reject(provider, "vendor home page")
    word = first_reserved(segments, reserved)
    if word is not None:
        return reject(provider, f"vendor page: /{word}")
    if is_asset(segments[-1]):
        return reject(provider, "static file")
    owner = segments[0]
    event = segments[1] if len(segments) > 1 and max_depth > 1 else None
    if placeholder_kind(segments[:max_depth]) == "merge":
        return reject(provider, "unrendered merge tag")
    if not is_slug(owner) or (event is not None and not is_slug(event)):
        return reject(provider, "not a booking path")
    path = join(owner, event or "")
    return accept(provider, build(host, path, kept_query(parsed, keep)), owner, event)


def under_prefix(
    provider: str, parsed: ParsedUrl, host: str, prefix: str, *, depth: int = 2, owner_first: bool = True
) -> Recognition:
    """The ``/{prefix}/{owner}[/{event}]`` shape (``/meet/..``, ``/m/..``, ``/e/{event}``) on a fixed host."""
    segments = parsed.segments
    if len(segments) < 2 or segments[0].lower() != prefix:
        return reject(provider, f"not a booking page (those are under /{prefix}/)")
    parts = segments[1 : 1 + depth]
    if placeholder_kind(parts) == "merge":
        return reject(provider, "unrendered merge tag")
    if not all(is_slug(p) for p in parts) or is_asset(parts[-1]):
        return reject(provider, "not a booking path")
    owner = parts[0] if owner_first else None
    event = (parts[1] if len(parts) > 1 else None) if owner_first else parts[0]
    return accept(provider, build(host, join(prefix, *parts)), owner, event, *parts)
