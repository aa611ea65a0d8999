"""Pairing days with the clock spans that belong to them, in reading order.

Days listed together share the spans that follow them ("Thursday and Friday 1-3pm"); a day keeps
taking spans until another day appears ("Monday 9-10 or 2-3pm"); spans written before their day wait
for it ("10-11am on Tuesday or Wednesday"). A pairing never crosses a sentence. Loose tokens (bare
"2-4", "morning", weak weekdays such as "mon" or "Do") count only right beside their partner.

Clauses that say the lead is *not* free ("I'm off on Monday", "no puedo el lunes") or that mention a
meeting already booked or sent ("I booked Tuesday at 3") give no pairs: the labelled corpus gives no
windows for those.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from schedlink.domain.timewords.dates import DayRef
from schedlink.domain.timewords.scan import occurrences
from schedlink.domain.timewords.tokens import DAY, NEXT, NUM, SPAN, Token

_CONTEXT = 300  # characters around the tokens searched for sentence and clause ends
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n[ \t]*\n")
_CLAUSE_MARK = re.compile(r"[.;!?\n,(]|\s-\s")
_CLAUSE_WORDS = frozenset(
    {"but", "aber", "pero", "mais", "mas", "maar", "however", "though", "although", "sondern", "doch", "jedoch",
     "toutefois", "porem", "contudo", "whereas", "tuttavia", "men"}
)  # fmt: skip
_NEGATION = re.compile(
    r"\b(?:not|cannot|unavailable|busy|booked|blocked|except|excluding|other\sthan|no\sgood|day\soff"
    r"|(?:i'?m|i\sam|i'?ll\sbe|i\swill\sbe|we'?re|we\sare|be)\s(?:off|out|away|travell?ing)"
    r"|out\sof\s(?:the\s)?office|on\s(?:leave|holiday|vacation|pto)|back\s(?:on|in|at|from)|returning"
    r"|see\syou|sent\s(?:you\s)?(?:an?\s)?invit\w*|already|(?:scheduled|grabbed|reserved|snagged|picked)\s(?:a|an|the)\s(?:time|slot|spot|call|meeting|demo)|(?:i|we)(?:'ve|\shave)?\s(?:just\s)?(?:scheduled|grabbed|reserved|snagged)|(?:he|hemos|ya)\s(?:reservado|agendado|programado)|j'ai\s(?:reserve|pris|planifie|programme|cale)\s(?:un|une|le|la)|(?:will|i'?ll|going\sto)\s(?:book|grab|schedule)(?!\s(?:something|some\stime|a\s(?:slot|time|spot)))"
    r"|no\s(?:puedo|podre|estoy|estare|me\s(?:viene|va)|trabajo)|ocupad[oa]s?|excepto|salvo"
    r"|nicht|keine?\szeit|ausser|abwesend|urlaub|belegt|besetzt|gebucht"
    r"|pas\s(?:dispo\w*|libre)|indisponible|sauf|absente?|en\sconge|en\svacances|je\ssuis\spris"
    r"|nao\s(?:posso|estou|estarei|consigo|da)|indisponivel|exceto|de\sferias|reservei|agendei"
    r"|niet|bezet|behalve|afwezig|vakantie|geboekt|ingepland"
    r"|(?:office|business|opening|clinic|store|shop)\shours|our\shours|(?:we'?re|we\sare|(?:office|clinic|store"
    r"|shop)\sis)\sopen|closed|(?:i|we)\s(?:have|'ve\sgot|got)\s(?:a|an|another)\s(?:meeting|call|appointment"
    r"|conflict)|in\smeetings|(?:tengo|tenemos)\s(?:una\s)?reunion|(?:habe|haben)\s(?:einen\s|ein\s)?(?:termin|meeting)"
    r"|j'ai\s(?:une?\s)?(?:reunion|rdv|rendez-vous)|(?:tenho|temos)\s(?:uma\s)?reuniao"
    r"|(?:heb|hebben)\s(?:een\s)?(?:afspraak|vergadering)"
    r"|non\s(?:posso|sono|saro|riesco|va|ci\ssono)|in\sferie|occupat[oaie]|impegnat[oaie]|assente"
    r"|inte|upptagen|upptagna|bortrest|pa\ssemester)\b|n't\b"
)
# Every cue of _NEGATION holds one of these words: without them the search is skipped.
_NEGATION_WORDS = frozenset(
    {"not", "cannot", "unavailable", "busy", "booked", "blocked", "except", "excluding", "other", "no", "off",
     "out", "away", "travelling", "traveling", "office", "leave", "holiday", "vacation", "pto", "back",
     "returning", "see", "sent", "already", "scheduled", "grabbed", "reserved", "snagged", "picked", "reservado", "agendado", "programado", "will", "ll", "going", "ocupado", "ocupada", "ocupados", "ocupadas",
     "excepto", "salvo", "nicht", "keine", "kein", "ausser", "abwesend", "urlaub", "belegt", "besetzt",
     "gebucht", "pas", "indisponible", "sauf", "absent", "absente", "conge", "vacances", "pris", "nao",
     "indisponivel", "exceto", "ferias", "reservei", "agendei", "niet", "bezet", "behalve", "afwezig",
     "vakantie", "geboekt", "ingepland", "t", "hours", "open", "closed", "have", "got", "meetings", "tengo", "tenemos", "habe", "haben",
     "ai", "tenho", "temos", "heb", "hebben", "non", "ferie", "occupato", "occupata", "occupati", "occupate",
     "impegnato", "impegnata", "impegnati", "impegnate", "assente", "inte", "upptagen", "upptagna", "bortrest",
     "semester"}
)  # fmt: skip
# Past deeds said of today ("I called you this morning", "te llamé hoy"): today is then no availability.
_PAST_TODAY = re.compile(
    r"\b(?:called|rang|emailed|spoke|talked|met|missed|tried\sto\s(?:call|reach)|left\s(?:you\s)?a|received"
    r"|got\syour|signed|submitted|filled|llame|envie|hable|angerufen|geschickt|gesprochen|appele|envoye|parle"
    r"|liguei|enviei|falei|gebeld|gestuurd|gesproken)\b"
)
_PAST_WORDS = frozenset(
    {"called", "rang", "emailed", "spoke", "talked", "met", "missed", "tried", "left", "received", "got",
     "signed", "submitted", "filled", "llame", "envie", "hable", "angerufen", "geschickt", "gesprochen",
     "appele", "envoye", "parle", "liguei", "enviei", "falei", "gebeld", "gestuurd", "gesproken"}
)  # fmt: skip
# What may stand between a loose token (bare "2-4", "morning") and its day: "Monday 2-4", "el lunes por la".
_TIGHT_GAP = re.compile(
    r"[\s,:()-]{0,3}(?:(?:each|both|jeweils|beide|cada\suno|ambos|chaque\sfois|telkens|allebei)[\s,]{1,2})?"
    r"(?:(?:on|the|in|el|la|los|las|le|les|am|op|de|do|na|no|em|a|at|um|om|por|en|pela|da|du|des|o)[\s,]{1,2}){0,2}(?:l')?"
)
# What may stand between listed days or spans: "Thursday and Friday", "Mo/Di", "9-10 or 2-3".
_LIST_GAP = re.compile(
    r"[\s,/&+:-]{0,4}(?:(?:or|and|y|o|u|und|oder|et|ou|e|of|en)[\s,]{1,2})?(?:(?:on|el|le|am|op|de|do|na|no|a"
    r"|the|also|maybe|perhaps)[\s,]{1,2}){0,2}"
)
_CARRY_REACH = 60
# Words that say a day or time suits: a span in the next sentence is tied to a day only beside one.
_SUITS = re.compile(
    r"\b(?:works?|free|good|fine|ok|okay|suits?|available|best|ideal|prefer\w*|perfect|great"
    r"|passt|geht|gut|frei|funciona|va\sbien|me\sva|libre|dispo\w*|convient|parfait|serve|livre|otimo"
    r"|past|goed|schikt|prima|ideaal)\b"
)
# What may open the sentence before its span: "10-12 is best", "Ideally 2pm.", "Say 10-11".
_SENTENCE_OPENING = re.compile(r"\s{0,4}(?:[a-z]{1,10}[\s,]{1,2}){0,2}")
_PLAIN_TWO_LETTER_DAYS = frozenset({"mo", "di", "wo", "fr", "vr", "za"})
_DATE_GAP = re.compile(r"[\s,(]{0,3}")
_SENTENCE_GOES_ON = re.compile(r"\s{1,3}[a-z0-9\u00e0-\u00ff]")


def pair_days_and_spans(
    text: str, low: str, words: frozenset[str], tokens: list[Token]
) -> list[tuple[Token, Token]]:
    """(day, span) pairs of a lexed text; a day token carrying its own span pairs with itself."""
    tokens = [  # a bare number matters only as the day of month right after a weekday ("martes 31")
        t
        for i, t in enumerate(tokens)
        if t.kind != NUM or (i and tokens[i - 1].kind == DAY and t.start - tokens[i - 1].end <= 3)
    ]
    if not tokens:
        return []
    lo, hi = max(0, tokens[0].start - _CONTEXT), min(len(low), tokens[-1].end + _CONTEXT)
    sentence_ends = _sentence_ends(text, low, tokens, lo, hi)
    merged = _without_negated(_merge_days(text, low, tokens, sentence_ends), low, words, lo, hi)
    return _most_specific(_pair(merged, low, sentence_ends))


def _most_specific(pairs: list[tuple[Token, Token]]) -> list[tuple[Token, Token]]:
    """Drop a day's span that strictly contains another of its spans: "Thursday afternoon 2-4pm" is 2-4pm."""
    if len(pairs) < 2:
        return pairs
    spans_by_day: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for day, span in pairs:
        if span.span is not None:
            spans_by_day.setdefault((day.start, day.end), []).append(span.span)
    return [
        (day, span)
        for day, span in pairs
        if span.span is None
        or not any(
            inner != span.span and span.span[0] <= inner[0] and inner[1] <= span.span[1]
            for inner in spans_by_day[(day.start, day.end)]
        )
    ]


def _sentence_ends(text: str, low: str, tokens: list[Token], lo: int, hi: int) -> list[int]:
    """Sentence ends, except the dot of an abbreviated weekday that the sentence goes on after
    ('el jue. de 15 a 17 h', 'Di. oder Mi.'): a lower-case word or a number follows it."""
    ends = [m.start() for m in _SENTENCE_END.finditer(low, lo, hi)]
    dots = {t.end - 1 for t in tokens if t.kind == DAY and t.end - t.start <= 6 and low[t.end - 1] == "."}
    if not dots:
        return ends
    return [at for at in ends if at not in dots or not _SENTENCE_GOES_ON.match(text, at + 1)]


def _without_negated(tokens: list[Token], low: str, words: frozenset[str], lo: int, hi: int) -> list[Token]:
    """Drop tokens standing in a clause that says the lead is not free or has already booked."""
    if words.isdisjoint(_NEGATION_WORDS) and words.isdisjoint(_PAST_WORDS):
        return tokens
    ends = [lo] + [m.start() for m in _CLAUSE_MARK.finditer(low, lo, hi)] + [hi]
    for word in words & _CLAUSE_WORDS:
        ends += (at for at in occurrences(low, word) if lo < at < hi)
    ends.sort()
    verdicts: dict[int, bool] = {}
    kept = []
    for token in tokens:
        if token.kind not in {DAY, SPAN}:
            kept.append(token)
            continue
        clause = bisect.bisect(ends, token.start)
        start = ends[clause - 1] if clause else lo
        end = ends[clause] if clause < len(ends) else hi
        if clause not in verdicts:
            verdicts[clause] = _NEGATION.search(low, start, end) is not None
        if not verdicts[clause] and not (_is_today(token) and _PAST_TODAY.search(low, start, end)):
            kept.append(token)
    return kept


def _is_today(token: Token) -> bool:
    return token.day is not None and token.day.offset == 0 and token.day.weekday is None


def _merge_days(text: str, low: str, tokens: list[Token], sentence_ends: list[int]) -> list[Token]:
    """Join a weekday with its date ('Monday 11/23'), apply 'next week', keep weak weekdays in context."""
    out: list[Token] = []
    next_week_from = -1
    for token in tokens:
        if token.kind == DAY and token.loose and not _abbreviation_fits(text, low, token):
            continue
        prev = out[-1] if out else None
        if token.kind == NEXT:
            if prev is not None and prev.kind == DAY and prev.day is not None and token.start - prev.end <= 2:
                out[-1] = _with_day(prev, replace(prev.day, next_week=True), prev.end)
            next_week_from = bisect.bisect(sentence_ends, token.start)
            continue
        if (
            token.kind == DAY
            and token.day is not None
            and bisect.bisect(sentence_ends, token.start) == next_week_from
        ):
            token = _with_day(token, replace(token.day, next_week=True), token.end)
        if (
            prev is not None and prev.kind == DAY and prev.day is not None and token.day is not None
            and prev.day.weekday is not None and prev.day.dom is None and prev.span is None
            and token.kind in {DAY, NUM} and token.day.weekday is None and token.day.offset is None
            and _DATE_GAP.fullmatch(low, prev.end, token.start)
        ):  # fmt: skip
            out[-1] = Token(DAY, prev.start, token.end, prev.day.merged(token.day))  # a date makes it certain
            continue
        if token.kind != NUM:
            out.append(token)
    return [
        t for i, t in enumerate(out) if not t.loose or t.kind != DAY or _weak_day_holds(text, low, out, i)
    ]


def _abbreviation_fits(text: str, low: str, token: Token) -> bool:
    """'do', 'so', 'mi', 'ma' are words in English, Spanish, Dutch: as weekdays they must be capitalised."""
    word = low[token.start : token.end]
    return (
        len(word.rstrip(".")) != 2
        or word.endswith(".")  # "do. van 15 tot 17 uur": the dot marks an abbreviation
        or word.rstrip(".") in _PLAIN_TWO_LETTER_DAYS
        or text[token.start].isupper()
    )


def _weak_day_holds(text: str, low: str, tokens: list[Token], i: int) -> bool:
    """'mon 8-10a', 'Do 10-12', 'Mo/Di': a weak weekday counts only right before a time, date or day."""
    token = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after is not None and after.kind in {DAY, SPAN} and _LIST_GAP.fullmatch(low, token.end, after.start):
        return True
    before = tokens[i - 1] if i else None
    return (
        before is not None and before.kind == DAY and bool(_LIST_GAP.fullmatch(low, before.end, token.start))
    )


def _pair(tokens: list[Token], low: str, sentence_ends: list[int]) -> list[tuple[Token, Token]]:
    """Match days with spans in reading order (see the module docstring)."""
    pairs: list[tuple[Token, Token]] = []
    days: list[Token] = []
    pending: list[Token] = []
    last_spans: list[Token] = []
    used = postfix = False
    prev: Token | None = None
    for i, token in enumerate(tokens):
        if prev is not None and bisect.bisect(sentence_ends, prev.end - 1) != bisect.bisect(
            sentence_ends, token.start
        ):
            if _carries_day(tokens, i, days, used, low, sentence_ends):
                pairs += [(day, token) for day in days]
                used, prev = True, token
                continue
            days, pending, last_spans, used, postfix, prev = [], [], [], False, False, None
        if token.kind == DAY and token.span is not None:
            pairs.append((token, token))
            days, used, postfix = [token], True, False
        elif token.kind == DAY:
            waiting = [
                s for s in pending if not s.loose or _TIGHT_GAP.fullmatch(low, pending[-1].end, token.start)
            ]
            if waiting:
                pairs += [(token, span) for span in waiting]
                days, last_spans, pending, used, postfix = [token], waiting, [], True, True
            elif (
                postfix
                and prev is not None
                and prev.kind == DAY
                and _LIST_GAP.fullmatch(low, prev.end, token.start)
                and not _has_own_span(tokens, i, low, sentence_ends)
            ):
                pairs += [(token, span) for span in last_spans]
                days = [token]
            elif days and not used and _LIST_GAP.fullmatch(low, days[-1].end, token.start):
                days.append(token)
            else:
                days, used, postfix = [token], False, False
        elif token.kind == SPAN:
            if (
                days
                and not used
                and (not token.loose or _TIGHT_GAP.fullmatch(low, days[-1].end, token.start))
            ):
                pairs += [(day, token) for day in days]
                used = True
            elif (
                days
                and used
                and not postfix
                and prev is not None
                and (
                    prev.kind == SPAN or prev.span is not None
                )  # "this afternoon 2-4pm" refines the day's own span
                and (not token.loose or _LIST_GAP.fullmatch(low, prev.end, token.start))
                and not _opens_next_day(tokens, i, low, sentence_ends)
            ):
                pairs += [(day, token) for day in days]
            else:
                pending.append(token)
        prev = token
    return pairs


def _carries_day(
    tokens: list[Token], i: int, days: list[Token], used: bool, low: str, sentence_ends: list[int]
) -> bool:
    """'Monday works. 10-12 is best': a span opening the next sentence belongs to a day named alone in
    the sentence before, when one of them says the time suits and no other day follows the span."""
    span = tokens[i]
    if not days or used or span.kind != SPAN or span.start - days[-1].end > _CARRY_REACH:
        return False
    day_sentence = bisect.bisect(sentence_ends, days[-1].end - 1)
    if bisect.bisect(sentence_ends, span.start) != day_sentence + 1:
        return False
    if not _SENTENCE_OPENING.fullmatch(low, sentence_ends[day_sentence] + 1, span.start):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if (
        after is not None
        and after.kind == DAY
        and bisect.bisect(sentence_ends, after.start) == day_sentence + 1
    ):
        return False
    return _SUITS.search(low, days[-1].start, min(len(low), span.end + _CARRY_REACH)) is not None


def _opens_next_day(tokens: list[Token], i: int, low: str, sentence_ends: list[int]) -> bool:
    """'Thursday morning or any time Friday': a span written right before a day that has no span of its
    own belongs to that day, not to the one before."""
    if i + 1 >= len(tokens):
        return False
    span, day = tokens[i], tokens[i + 1]
    if day.kind != DAY or day.span is not None or not _TIGHT_GAP.fullmatch(low, span.end, day.start):
        return False
    if bisect.bisect(sentence_ends, span.end - 1) != bisect.bisect(sentence_ends, day.start):
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return (
        after is None
        or after.kind != SPAN
        or bisect.bisect(sentence_ends, day.end - 1) != bisect.bisect(sentence_ends, after.start)
    )


def _has_own_span(tokens: list[Token], i: int, low: str, sentence_ends: list[int]) -> bool:
    """'any time Thursday, or Friday morning': a listed day with a span of its own right after it does not
    share the span written before the first day."""
    if i + 1 >= len(tokens):
        return False
    day, span = tokens[i], tokens[i + 1]
    return (
        span.kind == SPAN
        and _TIGHT_GAP.fullmatch(low, day.end, span.start) is not None
        and bisect.bisect(sentence_ends, day.end - 1) == bisect.bisect(sentence_ends, span.start)
    )


def _with_day(token: Token, day: DayRef, end: int) -> Token:
    return Token(token.kind, token.start, end, day, token.span, token.loose)
