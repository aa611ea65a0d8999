"""Preparing a reply's words for cue matching, keeping every offset equal to the original text's.

Cues are matched on a *folded* copy: lower case, accents stripped, curly apostrophes and dashes made
plain, URLs and e-mail addresses masked with filler of the same length. Because folding never changes
the length, a match's span is also the span of the original words, which is what ``phrase`` reports.
Masking keeps URL tokens (``calendly.com/jane/book-a-call``) from reading as words, while the filler
still marks where a link stood ("book here: <link>").
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 6_000  # the lead's own words come first; cues past this point never decide
LINK_FILL = "\ue000"
MAIL_FILL = "\ue001"


def _fold_table() -> dict[int, str]:
    """Single-character replacements: accented Latin letters to their base, typography to ASCII."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table.update(dict.fromkeys(map(ord, "\u2018\u2019\u201b\u02bc\u00b4\u0060"), "'"))
    table.update(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"))
    table.update(dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " "))
    table.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u00ab\u00bb"), '"'))
    table[ord(LINK_FILL)] = " "
    table[ord(MAIL_FILL)] = " "
    return table


_FOLD = _fold_table()
_URL = re.compile(
    r"""(?:https?://|www\.)[^\s<>"'\]\)|]{1,2048}
      | \b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,6}/[^\s<>"'\]\)|]{0,2048}
      | \b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,5}
        \.(?:com|net|org|io|co|me|ai|app|dev|page|link|biz|info|us|uk|eu|de|fr|es|nl|pt|br|mx|ca|au|in|sg)\b""",
    re.VERBOSE,
)
_URL_TAIL = ".,;:!?'\""


def prepare(text: str) -> tuple[str, str]:
    """The bounded original text and its folded, masked copy (same length, same offsets)."""
    text = text[:MAX_CHARS]
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)[:MAX_CHARS]
    folded = text.lower()
    if len(folded) != len(text):  # a few letters lower-case to two characters (U+0130)
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not folded.isascii():
        folded = folded.translate(_FOLD)
    return text, _mask(folded)


_DOT_OR_AT = re.compile(r"[.@](?=[\w-])")
_SPACE = re.compile(r"\s")
_LOCAL_PART = re.compile(r"[\w.+-]{1,64}$")
_DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")
_MAX_CHUNK = 2048


def _mask(folded: str) -> str:
    """Replace URLs and addresses with filler of the same length.

    Only whitespace-delimited chunks holding "x.y" or "x@y" are examined, so ordinary prose costs one
    fast scan for dots; every search is bounded by ``_MAX_CHUNK``.
    """
    spans: list[tuple[int, int, str]] = []
    mark = _DOT_OR_AT.search(folded)
    while mark is not None:
        at = mark.start()
        low = max(0, at - _MAX_CHUNK)
        chunk_start = max(folded.rfind(" ", low, at), folded.rfind("\n", low, at), low - 1) + 1
        space = _SPACE.search(folded, at, at + _MAX_CHUNK)
        chunk_end = space.start() if space else min(len(folded), at + _MAX_CHUNK)
        for url in _URL.finditer(folded, chunk_start, chunk_end):
            spans.append((url.start(), url.end(), LINK_FILL))
        if "@" in folded[chunk_start:chunk_end]:
            spans.extend(_addresses(folded, chunk_start, chunk_end))
        mark = _DOT_OR_AT.search(folded, chunk_end)
    if not spans:
        return folded
    pieces: list[str] = []
    last = 0
    for start, end, fill in sorted(spans):
        while end > start and folded[end - 1] in _URL_TAIL:
            end -= 1
        if start < last or end <= start:
            continue
        pieces += (folded[last:start], fill * (end - start))
        last = end
    pieces.append(folded[last:])
    return "".join(pieces)


def _addresses(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found = []
    at = folded.find("@", start, end)
    while at >= 0:
        local = _LOCAL_PART.search(folded, max(start, at - 64), at)
        domain = _DOMAIN.match(folded, at + 1, end)
        if local and domain:
            found.append((local.start(), domain.end(), MAIL_FILL))
        at = folded.find("@", at + 1, end)
    return found


_WORD = re.compile(r"[^\W\d_][\w'&.-]{0,40}")
_SEPARATED = re.compile(r"\s[|\u00b7\u2022]\s|\s[|\u00b7\u2022]$")


def signature_tail_start(original: str, folded: str) -> int:
    """Where a sign-off block that the splitter missed begins, or ``len(folded)``.

    Lead signatures often carry a booking label ("Book a meeting: <link>"). When such lines follow the
    last sentence *after* a name or title line, they are the signature, not a request: everything from
    the first name/contact line after the last sentence on is left out. Only the trailing lines are read.
    """
    tail: list[int] = []  # starts of the lines after the last sentence, last first
    line_end = len(folded)
    while line_end > 0 and len(tail) < _MAX_TAIL_LINES:
        line_start = folded.rfind("\n", 0, line_end) + 1
        line = folded[line_start:line_end]
        if _is_sentence(original[line_start:line_end], line):
            break
        tail.append(line_start)
        line_end = line_start - 1
    else:
        return len(folded)  # no sentence at all, or too long a tail to be a sign-off
    for line_start in reversed(tail):
        stop = folded.find("\n", line_start)
        stop = len(folded) if stop < 0 else stop
        if _is_contact_line(original[line_start:stop], folded[line_start:stop]):
            return line_start
    return len(folded)


_MAX_TAIL_LINES = 12


def _is_sentence(original_line: str, folded_line: str) -> bool:
    """Prose: four words or more, or words ending in ".", "!" or "?" — but never a contact line."""
    stripped = folded_line.replace(LINK_FILL, "").strip()
    if not stripped or _SEPARATED.search(stripped):
        return False
    if stripped.count(" ") >= 3:
        return True
    return (
        stripped[-1] in ".!?"
        and not _is_contact_line(original_line, folded_line)
        and bool(_WORD.search(stripped))
    )


def _is_contact_line(original_line: str, folded_line: str) -> bool:
    """A name, title or contact line: "Jane Roe", "VP Finance | Acme", "Thanks," — never a link label."""
    stripped = original_line.strip()
    if not stripped or stripped.endswith(":") or LINK_FILL in folded_line:
        return False
    if _SEPARATED.search(stripped):
        return True
    words = _WORD.findall(stripped)
    return 0 < len(words) <= 4 and all(w[0].isupper() for w in words) and stripped[-1] not in "!?:"
