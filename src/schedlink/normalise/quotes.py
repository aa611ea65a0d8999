"""Split a reply into what the lead just wrote, their signature and the quoted history.

Mail clients mark history in many ways: Gmail's "On … wrote:", Outlook's "From:/Sent:" block, the
"-----Original Message-----" rule, ``>`` prefixes, forwarded-message banners, each in several languages.
The split is line-based and linear in the input, so a hostile body cannot make it slow. Quoted history
holds the team's own pitch (and often the team's own link), which must never be read as the lead's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from schedlink.domain.message import Region

# The verb that ends a reply header ("On Mon, … wrote:"), in en/es/de/fr/pt/nl/it/sv; searched from the end.
_ATTRIBUTION_VERB = re.compile(
    r"(?:\bwrote|\bescribi[oó]|\bschrieb\b.{0,200}?|\ba\s+[ée]crit|\bescreveu|\bschreef\b.{0,200}?"
    r"|\bha\s+scritto|\bskrev\b.{0,200}?|написал[аи]?)\s?:\s*$",
    re.IGNORECASE,
)
# An attribution opener may be wrapped over up to three lines; any other line is tried on its own.
_WRAPPED_WIDTHS = (1, 2, 3)
_SINGLE_WIDTH = (1,)
_VERB_TAIL_CHARS = 240  # the verb and what may follow it ("schrieb Sam Lee <sam@acme.io>:") fit in this
_ATTRIBUTION_OPENER = re.compile(r"^\s*(?:on|el|am|le|em|op|il|den)\s", re.IGNORECASE)
# The first line of an attribution that a client wrapped over two or three lines.
_ATTRIBUTION_START = re.compile(r"^\s*(?:(?:on|el|am|le|em|op|il|den)\s+\S|\d{1,4}[./-]\d)", re.IGNORECASE)
_RULE_BANNER = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine|mensaje\s+original
                 |mensagem\s+original|oorspronkelijk\s+bericht|messaggio\s+originale|forwarded\s+message
                 |weitergeleitete\s+nachricht|message\s+transféré|mensaje\s+reenviado|mensagem\s+encaminhada
                 |doorgestuurd\s+bericht|messaggio\s+inoltrato|vidarebefordrat\s+meddelande)\s*-{2,}
      | begin\s+forwarded\s+message\s*:
      | _{20,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A banner that opens a message the lead forwards (not a reply's history): what follows is a colleague's
# note that belongs to this message.
_FORWARD_BANNER = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht|message\s+transf[ée]r[ée]|mensaje\s+reenviado
                 |mensagem\s+encaminhada|doorgestuurd\s+bericht|messaggio\s+inoltrato
                 |vidarebefordrat\s+meddelande)\s*-{2,}
      | begin\s+forwarded\s+message\s*:
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Outlook-style header block: a "From:" line followed closely by "Sent:"/"Date:"/"To:"/"Subject:" lines.
_HEADER_FROM = re.compile(r"^\s*\*?(?:from|von|de|van|da|från|od|от)\s?\*?\s?:", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoy[ée]|[àa]|objet|enviado(?:\s+el)?|fecha"
    r"|para|asunto|assunto|verzonden|aan|onderwerp|inviato|oggetto|skickat|till|[äa]mne|отправлено|дата|кому|тема)"
    r"\s?\*?\s?:",
    re.IGNORECASE,
)
_QUOTE_PREFIX = re.compile(r"^\s*>")
_SIGNATURE_RULE = re.compile(r"^(?:--|__)\s*$")
_MOBILE_FOOTER = re.compile(
    r"^\s*(?:sent\s+from\s+my\s|get\s+outlook\s+for\s|enviado\s+desde\s+mi\s|von\s+meinem\s.{0,40}gesendet"
    r"|envoy[ée]\s+de\s+mon\s|enviado\s+do\s+meu\s|verzonden\s+vanaf\s+mijn\s|verstuurd\s+vanaf\s+mijn\s"
    r"|inviato\s+da\s|skickat\s+från\s)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"""^\s*(?:
        thanks|thank\s+you|many\s+thanks|thx|ty|best|best\s+regards|kind\s+regards|warm\s+regards|regards
      | warmly|cheers|sincerely|all\s+the\s+best|talk\s+soon|br|rgds
      | saludos|un\s+saludo|saludos\s+cordiales|atentamente|gracias|muchas\s+gracias|un\s+abrazo
      | viele\s+gr[üu](?:ß|ss)e|beste\s+gr[üu](?:ß|ss)e|mit\s+freundlichen\s+gr[üu](?:ß|ss)en|freundliche\s+gr[üu](?:ß|ss)e
      | liebe\s+gr[üu](?:ß|ss)e|gru(?:ß|ss)|mfg|lg|vg|danke|vielen\s+dank
      | cordialement|bien\s+[àa]\s+vous|bien\s+cordialement|merci|merci\s+beaucoup|salutations|bonne\s+journ[ée]e
      | atenciosamente|abra[çc]os|obrigad[oa]|cumprimentos|att
      | met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groet(?:en|jes)?|bedankt|mvg
      | best\s+wishes|all\s+best|with\s+thanks
      | cordiali\s+saluti|distinti\s+saluti|un\s+saluto|un\s+caro\s+saluto|saluti|grazie(?:\s+mille)?|a\s+presto
      | med\s+v[äa]nliga\s+h[äa]lsningar|med\s+v[äa]nlig\s+h[äa]lsning|v[äa]nliga\s+h[äa]lsningar|h[äa]lsningar|mvh
      | tack(?:\s+s[åa]\s+mycket)?|ha\s+det\s+bra
    )(?:\s*[,.!:;-]*|\s*[,;-]\s*(?P<name>\S+(?:\s\S+){0,2}))\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_SIGNATURE_LINES = 12
_MAX_LINES_AFTER_SIGN_OFF = 7


@dataclass(frozen=True, slots=True)
class ReplyLines:
    """Every line of a reply with the region it belongs to."""

    lines: tuple[str, ...]
    regions: tuple[Region, ...]

    def text_of(self, region: Region) -> str:
        """The lines of one region joined back together, without quote prefixes' blank edges."""
        return "\n".join(
            line for line, r in zip(self.lines, self.regions, strict=True) if r is region
        ).strip()


def split_reply(text: str, *, lead_name: str | None = None, forward: bool = False) -> ReplyLines:
    """Classify each line of ``text`` as new text, signature, a forwarded message or quoted history.

    Top-posted replies end in history that runs to the end. When the history is an attribution followed
    by ``>``-quoted lines, unquoted lines after it are the lead's inline or bottom-posted answer. A
    forwarded banner ("---------- Forwarded message ---------"), or a header block when ``forward`` says
    the subject marks a forward, opens the message the lead forwards: its header and text, up to the
    next history marker inside it, are ``FORWARDED``; what is under that stays ``QUOTED``.
    """
    lines = tuple(text.split("\n"))
    regions = [Region.QUOTED if _QUOTE_PREFIX.match(line) else Region.NEW for line in lines]
    quoted_tail = _quoted_tail(lines, regions)
    start = 0
    while start < len(lines):
        found = _history_start(lines, start, quoted_tail)
        if found is None:
            break
        first, after_header = found
        body = None
        if after_header is None and (
            _FORWARD_BANNER.match(lines[first]) or (forward and not _QUOTE_PREFIX.match(lines[first]))
        ):
            body = _after_header_lines(lines, first)
        if body is not None:
            inner = _history_start(lines, body, quoted_tail) if body < len(lines) else None
            end = inner[0] if inner is not None else len(lines)
            regions[first:end] = [Region.FORWARDED] * (end - first)
            regions[end:] = [Region.QUOTED] * (len(lines) - end)
            break
        if after_header is None or not _prefixed_block_follows(lines, after_header):
            regions[first:] = [Region.QUOTED] * (len(lines) - first)
            break
        regions[first:after_header] = [Region.QUOTED] * (after_header - first)
        start = after_header
    signature_from = _signature_start(lines, regions, _name_tokens(lead_name))
    for i in range(signature_from, len(lines)):
        if regions[i] is Region.NEW:
            regions[i] = Region.SIGNATURE
    return ReplyLines(lines, tuple(regions))


def _history_start(
    lines: tuple[str, ...], start: int, quoted_tail: list[bool]
) -> tuple[int, int | None] | None:
    """The first line of quoted history at or after ``start`` and, for attributions, the line after them.

    ``None`` when there is no history; the second member is ``None`` for history that always runs to the
    end (banners, header blocks, a trailing ``>`` block). Every marker but a wrapped attribution's first
    line holds a ``:`` or starts with ``-``/``_``/``>``, so other lines cost one cheap test.
    """
    for i in range(start, len(lines)):
        line = lines[i]
        stripped = line.lstrip()
        if not stripped or len(line) > 1000:
            continue
        if stripped[0] == ">":
            if quoted_tail[i]:
                return i, None
            continue
        for width in _WRAPPED_WIDTHS if _ATTRIBUTION_START.match(line) else _SINGLE_WIDTH:
            if width > 1 and (i + width > len(lines) or not lines[i + width - 1].strip()):
                break  # a wrapped attribution has no blank line inside ("Il mio calendario: <link>" above one)
            if _is_attribution(" ".join(lines[i : i + width])[:1000]):
                return i, i + width
        if ":" not in line and stripped[0] not in "-_":
            continue
        if _RULE_BANNER.match(line):
            return i, None
        if (_HEADER_FROM.match(line) or _HEADER_OTHER.match(line)) and _header_block_follows(lines, i):
            return i, None
    return None


_MAX_HEADER_LINES = 12


def _after_header_lines(lines: tuple[str, ...], first: int) -> int | None:
    """The first line after a forward's banner and its header lines, or None when no "From:" follows."""
    i = first + 1 if _FORWARD_BANNER.match(lines[first]) else first
    while i < len(lines) and i - first <= _MAX_HEADER_LINES and not lines[i].strip():
        i += 1  # blank lines between the banner and the "From:" line
    if i >= len(lines) or not _HEADER_FROM.match(lines[i]):
        return None
    while i < len(lines) and i - first <= _MAX_HEADER_LINES and lines[i].strip():
        if not (_HEADER_FROM.match(lines[i]) or _HEADER_OTHER.match(lines[i]) or lines[i][:1].isspace()):
            break  # headers end at a blank line; a wrapped "To:" list goes on indented
        i += 1
    return i


def _quoted_tail(lines: tuple[str, ...], regions: list[Region]) -> list[bool]:
    """For each line, whether it and every non-blank line after it are ``>``-quoted (one backward pass)."""
    tail = [False] * len(lines)
    quoted_so_far = True
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() and regions[i] is not Region.QUOTED:
            quoted_so_far = False
        tail[i] = quoted_so_far
    return tail


def _prefixed_block_follows(lines: tuple[str, ...], start: int) -> bool:
    """True when the first non-blank line from ``start`` is ``>``-quoted (no copy of the tail is made)."""
    for i in range(start, len(lines)):
        if lines[i].strip():
            return bool(_QUOTE_PREFIX.match(lines[i]))
    return False


def _is_attribution(line: str) -> bool:
    """A reply header: ends with a "wrote:" verb and opens like one or names an address or a date."""
    end = line.rstrip()
    if not end.endswith(":"):
        return False
    tail_start = max(0, len(end) - _VERB_TAIL_CHARS)
    verb = _ATTRIBUTION_VERB.search(end, tail_start)
    if verb is None:
        return False
    before = line[: verb.start()]
    return bool(_ATTRIBUTION_OPENER.match(line)) or "@" in before or any(c.isdigit() for c in before)


def _header_block_follows(lines: tuple[str, ...], start: int) -> bool:
    """A forwarded/replied header block: three or more header lines in a row, one of them "From:"."""
    block = [lines[start], *[line for line in lines[start + 1 : start + 8] if line.strip()][:4]]
    headers = [line for line in block if _HEADER_FROM.match(line) or _HEADER_OTHER.match(line)]
    return len(headers) >= 3 and any(_HEADER_FROM.match(line) for line in headers)


def _signature_start(lines: tuple[str, ...], regions: list[Region], name_tokens: frozenset[str]) -> int:
    """Where the lead's sign-off or signature begins among the new lines; past the end when none is."""
    end = len(lines)
    new_indices = [i for i in range(end) if regions[i] is Region.NEW and lines[i].strip()]
    if not new_indices:
        return end
    window = new_indices[-_MAX_SIGNATURE_LINES:]
    for i in window:
        line = lines[i]
        if _SIGNATURE_RULE.match(line) or _MOBILE_FOOTER.match(line):
            return i
    for position, i in enumerate(window):
        if i == new_indices[0] or len(window) - position > _MAX_LINES_AFTER_SIGN_OFF:
            continue
        line = lines[i].strip()
        if len(line) <= 40 and (_is_sign_off(line) or _is_name_line(line, name_tokens)):
            return i
        if _is_contact_line(line):
            return i
        if _is_short_name(line) and any(_is_signature_field(lines[j]) for j in window[position + 1 :]):
            return i
    repeated = _repeated_tail(lines, regions, new_indices)
    return repeated if repeated is not None and repeated != new_indices[0] else end


# A name as people sign under a reply: "Jen", "Kate O.", "JB", "W" — a nickname the lead's full name
# does not give away. It counts only above a signature field (a link, a phone number, a title line).
_SHORT_NAME = re.compile(r"^(?:[A-ZÀ-Ý][\w'’-]{0,15}\.?|[A-Z]{1,3}\.?)(?:\s[A-ZÀ-Ý][\w'’-]{0,15}\.?){0,2},?$")
_NOT_NAMES = frozenset(
    re.split(
        r"\s+",
        "yes no ok okay sure thanks thank great perfect done cool fine agreed absolutely definitely noted "
        "monday tuesday wednesday thursday friday saturday sunday today tomorrow hi hello hey dear",
    )
)
_SIGNATURE_FIELD = re.compile(
    r"https?://|www\.|\b[a-z0-9-]{2,63}\.(?:com|io|co|me|app|net|org|de|fr|es|it|se|nl|pt|br|uk|eu|ai)/"
    r"|\+?\(?\d{2,4}\)?[\s./-]?\d{2,4}[\s./-]?\d{2,4}|@[\w-]+\.\w"
    r"|\s[|\u00b7\u2022\u2013-]\s|^\s*(?:tel|t|m|mob|mobile|phone|fon|cell|direct|office)\.?\s*:",
    re.IGNORECASE,
)


def _is_short_name(line: str) -> bool:
    if len(line) > 30 or not _SHORT_NAME.match(line):
        return False
    return line.split()[0].strip(".,").casefold() not in _NOT_NAMES


def _is_signature_field(line: str) -> bool:
    """A line a signature is made of: a link, a phone number, an address, a "Title | Company" field."""
    return len(line) <= 200 and _SIGNATURE_FIELD.search(line) is not None


_MAX_REPEATED_LINES = 8


def _repeated_tail(lines: tuple[str, ...], regions: list[Region], new_indices: list[int]) -> int | None:
    """Where a trailing block of the new text that the lead's quoted messages repeat begins: a signature.

    The block must hold a signature field (a link, a phone number), so a repeated "Thanks" is not one.
    """
    if not new_indices or Region.QUOTED not in regions:
        return None
    quoted = {
        line.lstrip("> \t").strip()
        for line, region in zip(lines, regions, strict=True)
        if region is Region.QUOTED and line.strip()
    }
    start: int | None = None
    has_field = False
    for i in reversed(new_indices[-_MAX_REPEATED_LINES:]):
        line = lines[i].strip()
        if line not in quoted:
            break
        start = i
        has_field = has_field or _is_signature_field(line)
    return start if has_field else None


def _is_sign_off(line: str) -> bool:
    """ "Best," or "Thanks, Jane Roe" — but not "Danke, kein Bedarf." (words after it must be a name)."""
    match = _SIGN_OFF.match(line)
    if match is None:
        return False
    name = match.group("name")
    return name is None or all(word[:1].isupper() for word in name.split())


def _is_contact_line(line: str) -> bool:
    """A signature's contact line: short fields joined by " | " ("Jane Roe | VP Finance | +1 312 …")."""
    if " | " not in line or len(line) > 160 or "?" in line:
        return False
    fields = [field.strip() for field in line.split("|")]
    return len(fields) >= 2 and all(0 < len(field.split()) <= 5 for field in fields)


def _is_name_line(line: str, name_tokens: frozenset[str]) -> bool:
    """A short line made of the lead's own name (what people type above their signature)."""
    if not name_tokens:
        return False
    words = [w for w in re.split(r"[\s,.]+", _fold(line)) if w]
    if not words or len(words) > 4:
        return False
    return words[0] in name_tokens or (len(words) > 1 and words[1] in name_tokens)


def _name_tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    titles = {"dr", "mr", "mrs", "ms", "prof", "sr", "sra", "herr", "frau", "mme", "m"}
    return frozenset(w for w in re.split(r"[\s,.]+", _fold(name)) if len(w) > 1 and w not in titles)


def _fold(text: str) -> str:
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
