"""Find URL-like strings in plain text and split a URL into the parts classification needs.

Replies carry links in every shape people paste them: with a scheme, without one (``calendly.com/jane``),
in ``<...>``, ``(...)``, Markdown ``[text](url)``, quotes, HTML entities, followed by punctuation. The
scanner jumps between cheap literal anchors (``://``, a dot before a letter), runs one bounded pattern at
each and trims debris, so any input costs time linear in its length: only the first ``MAX_SCAN_CHARS`` are
read, URLs are capped at ``MAX_URL_CHARS`` and at most ``MAX_CANDIDATES`` are returned.

Scheme-less strings are only taken when the host is plausible (``www.`` or a host the caller vouches for,
typically a scheduler's), so file paths such as ``/Applications/Fantastical.app/`` or ``report.pdf``
never become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus

MAX_SCAN_CHARS = 200_000
MAX_URL_CHARS = 2_048
MAX_CANDIDATES = 64
_MAX_PARAMS = 64

# Characters that can never be part of a pasted URL: whitespace (ASCII and Unicode), quotes, angle
# brackets, backslash and backtick, controls, and the CJK/typographic punctuation that hugs links in prose.
# A bare ``|`` ends a link too: Slack and Mattermost write ``<url|label>``, signatures ``url | LinkedIn``
# (a pipe inside a real URL is percent-encoded).
_STOP = (
    "\\s<>\"'`|\\\\\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff"
    "\u3000-\u3003\u300c-\u3011\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f"
    "\u00ab\u00bb\u2018-\u201f\u2039\u203a\u2026"
)
_BODY = re.compile(f"[^{_STOP}]{{0,{MAX_URL_CHARS}}}")

_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_START = re.compile(
    # an explicit web scheme (any letter case) ...
    r"(?P<scheme>[hH][tT][tT][pP][sS]?://)"
    # ... or a protocol-relative / scheme-less host not glued to a word, path, e-mail or another host.
    r"|(?P<bare>(?<![\w@.%/\\:-])(?://)?(?:" + _LABEL + r"\.){1,10}[a-zA-Z]{2,24})(?![\w-])"
)
# Where a link can be: a scheme separator or a dot glued to a letter. Scanning for these literals is far
# cheaper than trying the full pattern at every word; the full pattern then runs only at those tokens.
_ANCHOR = re.compile(r"://|\.[a-zA-Z]")
_HOST_RUN = re.compile(r"[a-zA-Z0-9.-]{1,100000}")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_MAX_HOST = 253
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_CLOSERS = re.compile(r"[)\]}]")
_TRAILING = ".,;:!?*'\""
_PAIRS = {")": "(", "]": "[", "}": "{"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]{0,15}):")
_HOST_OK = re.compile(r"[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\]")


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL seen in text: ``raw`` as written (trimmed of debris), ``url`` with a scheme, ``start`` offset."""

    raw: str
    url: str
    start: int


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    """A URL split into parts. ``host`` is lower-case without port or trailing dot; the rest is as written.

    ``segments`` are the non-empty path segments, percent-decoded; ``pieces`` the raw ``k=v`` query
    pieces, so a canonical URL can keep exactly what was written. Values are decoded only when asked for
    (``param``, ``params``): tracking and security wrappers carry long parameters nobody reads.
    """

    scheme: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str
    segments: tuple[str, ...]
    pieces: tuple[str, ...]

    def param(self, name: str) -> str | None:
        """First value of query parameter ``name`` (case-insensitive, decoded), or ``None``."""
        wanted = name.lower()
        for piece in self.pieces:
            key, _, value = piece.partition("=")
            if _decode(key).lower() == wanted:
                return _decode(value)
        return None

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        """All query pairs, decoded (a flag such as ``?anonymous`` has an empty value)."""
        return tuple(
            (_decode(key), _decode(value)) for key, _, value in (p.partition("=") for p in self.pieces)
        )

    @property
    def labels(self) -> tuple[str, ...]:
        """The host's dot-separated labels."""
        return tuple(self.host.split("."))


def decode_entities(text: str) -> str:
    """Decode HTML character references that end in ``;`` (``&amp;``, ``&#x2F;``), leave the rest alone.

    ``html.unescape`` on a whole text would also turn ``&region=`` into ``®ion=``; only terminated
    references are safe to decode inside URLs.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def find_urls(text: str, *, bare_host_ok: Callable[[str, str], bool] | None = None) -> tuple[FoundUrl, ...]:
    """Every URL-like string in ``text``, in reading order.

    ``bare_host_ok(host, rest)`` decides whether a scheme-less ``host`` followed by ``rest`` (path, query,
    fragment; may be empty) is a link; ``www.`` hosts always are.
    """
    text = text[:MAX_SCAN_CHARS]
    if "://" not in text and "." not in text:
        return ()
    text = decode_entities(text)
    found: list[FoundUrl] = []
    pos = 0
    consumed = 0  # end of the last URL found; a scheme may start right after a rejected bare host
    while len(found) < MAX_CANDIDATES:
        anchor = _ANCHOR.search(text, pos)
        if anchor is None:
            break
        start = _token_start(text, anchor.start(), pos, consumed)
        match = _START.match(text, start) if start >= 0 else None
        if match is None:
            # nothing starts here; the rest of this run of host characters cannot start a link either
            run = _HOST_RUN.match(text, anchor.start() + 1)
            pos = run.end() if run else anchor.end()
            continue
        body = _BODY.match(text, match.end())
        rest = _trim(body.group(0)) if body else ""
        if match.group("scheme"):
            if rest:
                raw = match.group(0) + rest
                found.append(FoundUrl(raw, raw, start))
            pos = consumed = match.end() + len(rest)
            continue
        host = match.group("bare")
        if rest and rest[0] not in "/?#:":
            rest = ""
        plain_host = host.removeprefix("//")
        lowered = plain_host.lower()
        if lowered.startswith("www.") or (bare_host_ok is not None and bare_host_ok(lowered, rest)):
            found.append(FoundUrl(host + rest, "https://" + plain_host + rest, start))
            pos = consumed = match.end() + len(rest)
        else:
            run = _HOST_RUN.match(text, match.end())
            pos = max(match.end(), run.end() if run else 0)
    return tuple(found)


def _token_start(text: str, anchor: int, floor: int, scheme_floor: int) -> int:
    """Where the scheme or host that ``anchor`` (a ``://`` or a dot) begins; -1 when it is no web scheme."""
    if text.startswith("://", anchor):
        for scheme in ("https", "http"):
            if anchor - len(scheme) >= scheme_floor and text[anchor - len(scheme) : anchor].lower() == scheme:
                return anchor - len(scheme)
        return -1
    start = anchor
    floor = max(floor, anchor - _MAX_HOST)
    while start > floor and text[start - 1] in _HOST_CHARS:
        start -= 1
    if start >= 2 and text.startswith("//", start - 2):
        start -= 2
    return start


def _trim(body: str) -> str:
    """Cut what follows a URL but is not part of it: unbalanced closers, ``](`` and trailing punctuation."""
    if _CLOSERS.search(body):
        body = _cut_unbalanced(body)
    while body and body[-1] in _TRAILING:
        body = body[:-1]
    return body


def _cut_unbalanced(body: str) -> str:
    depth = {"(": 0, "[": 0, "{": 0}
    for index, char in enumerate(body):
        if char in depth:
            depth[char] += 1
        elif char in _PAIRS:
            opener = _PAIRS[char]
            if depth[opener] == 0:
                return body[:index]
            if char == "]" and body.startswith("](", index):
                return body[:index]
            depth[opener] -= 1
    return body


def parse_url(url: str) -> ParsedUrl | None:
    """Split an http(s) URL (scheme-less and protocol-relative input read as https); ``None`` if not web."""
    url = url.strip()[:MAX_URL_CHARS]
    separator = url.find("://")
    if url.startswith("//"):
        scheme, rest = "https", url[2:]
    elif 0 < separator <= 16 and _SCHEME.fullmatch(url, 0, separator + 1):
        scheme, rest = url[:separator].lower(), url[separator + 3 :]
    else:
        scheme_match = _SCHEME.match(url)
        if scheme_match and not url[scheme_match.end() : scheme_match.end() + 1].isdigit():
            return None  # mailto:, tel:, javascript: and the like
        scheme, rest = "https", url
    if scheme not in ("http", "https"):
        return None
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    slash = rest.find("/")
    authority, path = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    if "@" in authority:
        authority = authority.rpartition("@")[2]
    host, port = _split_port(authority) if ":" in authority else (authority, None)
    host = host.lower().rstrip(".")
    if port == -1 or not host or not _HOST_OK.fullmatch(host):
        return None
    return ParsedUrl(
        scheme=scheme,
        host=host,
        port=port,
        path=path,
        query=query,
        fragment=fragment,
        segments=_segments(path),
        pieces=tuple(piece for piece in query.split("&", _MAX_PARAMS)[:_MAX_PARAMS] if piece)
        if query
        else (),
    )


def _split_port(host_port: str) -> tuple[str, int | None]:
    if host_port.startswith("["):
        end = host_port.find("]")
        tail = host_port[end + 1 :]
        host = host_port[: end + 1]
    else:
        host, _, tail = host_port.partition(":")
        tail = ":" + tail if tail else ""
    if not tail:
        return host, None
    digits = tail[1:]
    if tail[0] != ":" or not (digits.isascii() and digits.isdigit()) or len(digits) > 5:
        return host, -1
    return host, int(digits)


def _segments(path: str) -> tuple[str, ...]:
    parts = [part for part in path.split("/", 64) if part]
    return tuple(unquote(part) if "%" in part else part for part in parts)


def _decode(text: str) -> str:
    return unquote_plus(text) if "%" in text or "+" in text else text
