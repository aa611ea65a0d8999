"""Offline unwrapping of mail-security and click-tracking redirects.

Corporate mail rewrites every link (Microsoft SafeLinks, Proofpoint, Barracuda, ...), and chat apps wrap
them in their own redirectors. Most wrappers carry the target in the URL itself, so it can be recovered
without the network; that matters because detection runs inside the inbound request and must never fetch
anything. Wrappers nest (Proofpoint inside SafeLinks), so unwrapping repeats up to ``MAX_DEPTH`` times.
Opaque wrappers (Mimecast, SendGrid, shorteners) keep their target on a server: they are returned as they
are, flagged ``needs_network``.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from schedlink.domain.urls import MAX_URL_CHARS, ParsedUrl, parse_url

MAX_DEPTH = 5


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The innermost URL recovered offline, the wrappers peeled (outermost first), whether a hop is opaque."""

    url: str
    wrappers: tuple[str, ...]
    needs_network: bool = False
    note: str = ""
    parsed: ParsedUrl | None = None


_Extract = Callable[[ParsedUrl, str], str | None]


def _param(*names: str) -> _Extract:
    def extract(parsed: ParsedUrl, _url: str) -> str | None:
        for name in names:
            value = parsed.param(name)
            if value:
                return value
        return None

    return extract


def _proofpoint_v1(parsed: ParsedUrl, _url: str) -> str | None:
    value = parsed.param("u")
    return html.unescape(value) if value else None


def _proofpoint_v2(parsed: ParsedUrl, _url: str) -> str | None:
    # the query parser already turned '+' into ' ' and decoded '%'; v2 encodes with '-' and '_' instead
    raw = next((piece[2:] for piece in parsed.pieces if piece.startswith("u=")), None)
    if not raw:
        return None
    return html.unescape(unquote(raw.replace("-", "%").replace("_", "/")))


_V3 = re.compile(r"/v3/__(?P<url>.{1,2048}?)__;(?P<bytes>[A-Za-z0-9_=-]{0,4096})!")
_V3_TOKEN = re.compile(r"\*(?:\*.)?")
_V3_RUN = {
    ch: n for n, ch in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", start=2)
}


def _proofpoint_v3(_parsed: ParsedUrl, url: str) -> str | None:
    """Proofpoint v3: the URL sits between ``__`` and ``__;`` with some characters replaced by ``*``.

    The removed characters follow ``;`` as URL-safe base64. Each ``*`` takes the next character; ``**X``
    takes a run of ``2 + index(X)`` characters, ``X`` indexing ``A-Z a-z 0-9 - _``.
    """
    match = _V3.search(url)
    if match is None:
        return None
    template = unquote(match.group("url"))
    encoded = match.group("bytes")
    try:
        removed = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    out: list[str] = []
    cursor = 0
    taken = 0
    for token in _V3_TOKEN.finditer(template):
        out.append(template[cursor : token.start()])
        text = token.group(0)
        count = 1 if text == "*" else _V3_RUN.get(text[-1], 0)
        if count == 0 or taken + count > len(removed):
            return None
        out.append(removed[taken : taken + count])
        taken += count
        cursor = token.end()
    out.append(template[cursor:])
    return "".join(out)


def _sophos(parsed: ParsedUrl, _url: str) -> str | None:
    value = parsed.param("u")
    if not value:
        return None
    if value.startswith(("http://", "https://")):
        return value
    compact = value.replace(" ", "+")
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            decoded = decode(compact + "=" * (-len(compact) % 4)).decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if decoded.startswith(("http://", "https://")):
            return decoded
    return None


def _awstrack(parsed: ParsedUrl, _url: str) -> str | None:
    marker = parsed.path.find("/L0/")
    if marker < 0:
        return None
    return unquote(parsed.path[marker + 4 :].split("/", 1)[0])


@dataclass(frozen=True, slots=True)
class _Wrapper:
    """A wrapper: its hosts (exact, or ``.suffix`` for any subdomain), optional path prefixes, its extractor.

    ``extract`` is ``None`` for opaque wrappers, whose target lives on the wrapper's server.
    """

    name: str
    hosts: tuple[str, ...]
    extract: _Extract | None
    paths: tuple[str, ...] = ()

    def matches(self, parsed: ParsedUrl) -> bool:
        return not self.paths or parsed.path.lower().startswith(self.paths)


_SHORTENERS = (
    "bit.ly t.co tinyurl.com rebrand.ly ow.ly buff.ly goo.gl is.gd cutt.ly shorturl.at lnkd.in t.ly rb.gy "
    "tiny.cc bl.ink s.id aka.ms"
)
_WRAPPERS: tuple[_Wrapper, ...] = (
    _Wrapper("safelinks", (".safelinks.protection.outlook.com",), _param("url")),
    _Wrapper(
        "safelinks", ("outlook.office.com", "outlook.office365.com"), _param("url"), ("/mail/safelink",)
    ),
    _Wrapper(
        "azure-email", ("emails.azure.microsoft.com", ".safelink.emails.azure.net"), _param("destination")
    ),
    _Wrapper("proofpoint-v1", ("urldefense.proofpoint.com",), _proofpoint_v1, ("/v1/",)),
    _Wrapper("proofpoint-v2", ("urldefense.proofpoint.com",), _proofpoint_v2, ("/v2/",)),
    _Wrapper(
        "proofpoint-v3",
        ("urldefense.com", "urldefense.us", "urldefense.proofpoint.com"),
        _proofpoint_v3,
        ("/v3/",),
    ),
    _Wrapper("barracuda", ("linkprotect.cudasvc.com",), _param("a")),
    _Wrapper("sophos", (".protection.sophos.com",), _sophos),
    _Wrapper("trendmicro", (".ctp.trendmicro.com",), _param("url")),
    _Wrapper("fireeye", ("protect2.fireeye.com", ".fireeye.com"), _param("u")),
    _Wrapper("esva", ("urlsand.esvalabs.com",), _param("u")),
    _Wrapper("ses", (".awstrack.me",), _awstrack),
    _Wrapper("whatsapp", ("l.wl.co",), _param("u")),
    _Wrapper(
        "linkedin", ("www.linkedin.com", "linkedin.com"), _param("url"), ("/redir/redirect", "/safety/go")
    ),
    _Wrapper("facebook", ("l.facebook.com", "lm.facebook.com"), _param("u"), ("/l.php",)),
    _Wrapper("slack", ("slack-redir.net",), _param("url")),
    _Wrapper("mimecast", (".mimecast.com",), None, ("/s/",)),
    _Wrapper("sendgrid", (".ct.sendgrid.net",), None),
    _Wrapper("mailchimp", (".list-manage.com",), None, ("/track/click",)),
    _Wrapper("hubspot-tracking", (".hubspotlinks.com", "track.hubspot.com", ".sidekickopen.com"), None),
    _Wrapper("shortener", tuple(_SHORTENERS.split(" ")), None),
)
# Google's redirector exists on every country domain; branded click trackers on any host.
_GOOGLE = _Wrapper("google", (), _param("q", "url"), ("/url",))
_GOOGLE_HOST = re.compile(r"(?:www\.)?google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})")
_BRANDED_CLICK = _Wrapper("sendgrid", (), None)
_CLICK_PATHS = frozenset({"/ls/click", "/wf/click"})


def _index() -> dict[str, tuple[_Wrapper, ...]]:
    index: dict[str, list[_Wrapper]] = {}
    for wrapper in _WRAPPERS:
        for host in wrapper.hosts:
            index.setdefault(host, []).append(wrapper)
    return {key: tuple(found) for key, found in index.items()}


_BY_HOST = _index()


def find_wrapper(parsed: ParsedUrl) -> str | None:
    """The wrapper's name if ``parsed`` is a known redirect or tracker."""
    wrapper = _wrapper_of(parsed)
    return wrapper.name if wrapper else None


def _wrapper_of(parsed: ParsedUrl) -> _Wrapper | None:
    host = parsed.host
    keys = [host]
    dot = host.find(".")
    while dot >= 0:
        keys.append(host[dot:])
        dot = host.find(".", dot + 1)
    for key in keys:
        for wrapper in _BY_HOST.get(key, ()):
            if wrapper.matches(parsed):
                return wrapper
    if parsed.path == "/url" and _GOOGLE_HOST.fullmatch(host):
        return _GOOGLE
    if parsed.path in _CLICK_PATHS and parsed.param("upn") is not None:
        return _BRANDED_CLICK
    return None


def unwrap(url: str) -> Unwrapped:
    """Peel known wrappers off ``url`` offline, at most ``MAX_DEPTH`` levels deep."""
    wrappers: list[str] = []
    current = url
    parsed = parse_url(current)
    for _ in range(MAX_DEPTH + 1):
        wrapper = _wrapper_of(parsed) if parsed is not None else None
        if parsed is None or wrapper is None:
            return Unwrapped(current, tuple(wrappers), parsed=parsed)
        if len(wrappers) == MAX_DEPTH:
            return Unwrapped(current, tuple(wrappers), note="wrapped too deeply", parsed=parsed)
        if wrapper.extract is None:
            note = f"{wrapper.name} link needs the network to resolve"
            return Unwrapped(current, tuple(wrappers), True, note, parsed)
        target = (wrapper.extract(parsed, current) or "").strip()[:MAX_URL_CHARS]
        target_parsed = parse_url(target) if target else None
        if target_parsed is None:
            note = f"{wrapper.name} link without a readable target"
            return Unwrapped(current, tuple(wrappers), note=note, parsed=parsed)
        wrappers.append(wrapper.name)
        current, parsed = target, target_parsed
    return Unwrapped(current, tuple(wrappers), parsed=parsed)
