"""The lead's time zone: what their words say, else what their phone number says.

Choosing among several zones in one reply: a self-statement ("I'm on Pacific time", "my time (London)")
wins; otherwise the zone named most often, the earliest on a tie. Ambiguous abbreviations get a second
reading from the rest of the text and the phone's country:

- IST is India, unless Ireland or Israel is named (or the phone is Irish/Israeli);
- CST is US Central, unless China/Taiwan is named or dialled, or the reply is Spanish or dialled from
  Mexico (then Mexico City, which keeps no daylight saving);
- BST is British Summer Time unless Bangladesh; AST is Atlantic unless the Gulf or Puerto Rico;
- "Eastern"/"Central" with an Australian phone or Australian places are the Australian zones;
- Mountain time with Arizona named is America/Phoenix.

Zones that keep one offset all year: a zone word read as a zone that changes its clocks (MT, CST, EST,
AEST, "Eastern", ACST) yields to a place the text names (a place mention, or a capitalised place of the
table anywhere: "Brisbane office", "Mesa, AZ") whose zone keeps one offset all year equal to that zone's
standard offset — Phoenix for MT, Regina for CST, Brisbane for AEST, Darwin for ACST, Cancún or Bogotá
for EST. Offsets come from zoneinfo (mid-January and mid-July); explicit daylight words (MDT, AEDT)
never yield.

Phone fallback: only when the text names no zone. The number's zones must be one zone, or zones that
agree on the UTC offset at the message time and half a year later (Ireland's and Britain's zones,
say); Australian mobiles, which span five offsets, give nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import timezone as phone_timezones

from schedlink.domain.timewords.scan import fold_text, occurrences, word_set
from schedlink.domain.timewords.zone_mentions import ZoneMention, find_zone_mentions
from schedlink.domain.timewords.zone_names import PLACES
from schedlink.domain.timing import ZoneHint

_AMBIGUOUS = frozenset({"IST", "CST", "BST", "AST", "eastern", "central", "MT", "MST", "MDT", "mountain"})
_SPANISH_WORDS = (
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "hora",
    "horario",
    "saludos",
    "gracias",
)
# Words elsewhere in the reply that decide an ambiguous abbreviation, by the reading they support.
_CONTEXT_CUES: dict[str, str] = {
    **dict.fromkeys(("ireland", "irish", "dublin", "cork", "galway"), "ireland"),
    **dict.fromkeys(("israel", "aviv", "jerusalem"), "israel"),
    **dict.fromkeys(("china", "chinese", "beijing", "shanghai", "shenzhen", "guangzhou"), "china"),
    **dict.fromkeys(("taiwan", "taipei"), "taiwan"),
    **dict.fromkeys(("bangladesh", "dhaka"), "bangladesh"),
    **dict.fromkeys(("saudi", "riyadh", "kuwait", "qatar", "doha", "bahrain"), "gulf"),
    **dict.fromkeys(("rico",), "puerto"),
    **dict.fromkeys(
        ("australia", "aussie", "sydney", "melbourne", "brisbane", "adelaide", "canberra"), "australia"
    ),
    **dict.fromkeys(("arizona", "phoenix", "scottsdale", "tucson"), "arizona"),
    **dict.fromkeys(_SPANISH_WORDS, "spanish"),
}
_AUSTRALIAN = {"eastern": "Australia/Sydney", "central": "Australia/Adelaide"}
_ALIASES = {"Asia/Calcutta": "Asia/Kolkata", "Asia/Saigon": "Asia/Ho_Chi_Minh", "Europe/Kiev": "Europe/Kyiv"}
_HALF_YEAR = timedelta(days=182)
# Abbreviations that say the clocks are moved: they never stand for a zone that keeps one offset.
_DAYLIGHT_WORDS = frozenset(
    {"EDT", "CDT", "MDT", "PDT", "AKDT", "ADT", "NDT", "BST", "WEST", "CEST", "MESZ", "EEST", "AEDT", "ACDT",
     "NZDT", "BRST"}
)  # fmt: skip
_SEASONS = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))
_ONE_WORD_PLACES = frozenset(key for key in PLACES if " " not in key)


def find_lead_zone(text: str, *, phone: str | None, received_at: datetime) -> ZoneHint | None:
    """The zone the lead states in ``text`` (source "text"), else their phone's zone (source "phone")."""
    try:
        mentions = find_zone_mentions(text or "")
        if mentions:
            region = _phone_region(phone) if phone and _needs_context(mentions) else ""
            chosen = pick_zone(mentions, text, region)
            return ZoneHint(zone=chosen.zone, source="text", phrase=chosen.phrase)
        if phone:
            zone = _phone_zone(phone, received_at)
            if zone:
                return ZoneHint(zone=zone, source="phone", phrase=phone.strip()[:40])
    except (ValueError, OverflowError, RecursionError):
        return None
    return None


def pick_zone(mentions: list[ZoneMention], text: str, phone_region: str = "") -> ZoneMention:
    """The mention that stands for the lead: self-statements first, then the most frequent zone;
    on a tie a place beats an abbreviation ("AEST (Brisbane)"), then the earliest wins."""
    mentions = reread_ambiguous(mentions, text, phone_region)
    best_kind = min(m.kind for m in mentions)
    candidates = [m for m in mentions if m.kind == best_kind]
    counts: dict[str, int] = {}
    for mention in candidates:
        counts[mention.zone] = counts.get(mention.zone, 0) + 1
    top = max(counts.values())
    leaders = [m for m in candidates if counts[m.zone] == top]
    return next((m for m in leaders if not m.word), leaders[0])


def reread_ambiguous(mentions: list[ZoneMention], text: str, phone_region: str = "") -> list[ZoneMention]:
    """Mentions with IST/CST/BST/AST/Eastern/Central read again in the light of the whole text, and zone
    words beside a place that keeps one offset all year read as that place (see the module docstring)."""
    if not _needs_context(mentions):
        return _keep_fixed_offsets(mentions, text)
    low = fold_text(text[:20_000]) or ""
    cues = {_CONTEXT_CUES[word] for word in word_set(low) & _CONTEXT_CUES.keys()}
    out = []
    for mention in mentions:
        zone = _second_reading(mention.word, mention.zone, cues, phone_region)
        out.append(mention if zone == mention.zone else _with_zone(mention, zone))
    return _keep_fixed_offsets(out, text)


def _keep_fixed_offsets(mentions: list[ZoneMention], text: str) -> list[ZoneMention]:
    """Zone words whose zone changes its clocks, read as the named place that keeps their standard offset."""
    if not any(m.word and m.word not in _DAYLIGHT_WORDS for m in mentions):
        return mentions
    fixed = {
        zone for zone in {m.zone for m in mentions if not m.word} | _places_named(text) if _is_fixed(zone)
    }
    if not fixed:
        return mentions
    out = []
    for mention in mentions:
        if mention.word and mention.word not in _DAYLIGHT_WORDS and not _is_fixed(mention.zone):
            standard = min(_year_offsets(mention.zone))
            same = {zone for zone in fixed if _year_offsets(zone)[0] == standard}
            if len(same) == 1:
                mention = _with_zone(mention, same.pop())
        out.append(mention)
    return out


def _places_named(text: str) -> set[str]:
    """Zones of the table's one-word places written capitalised anywhere in ``text`` ('Brisbane', 'AZ')."""
    low = fold_text(text[:20_000]) or ""
    zones = set()
    for word in word_set(low) & _ONE_WORD_PLACES:
        for at in occurrences(low, word):
            written = text[at : at + len(word)]
            if written.isupper() if len(word) <= 2 else written[:1].isupper():
                zones.add(PLACES[word])
                break
    return zones


@lru_cache(maxsize=512)
def _year_offsets(zone: str) -> tuple[timedelta, timedelta]:
    """The zone's UTC offsets in mid-January and mid-July (zero for an unknown name)."""
    try:
        tz = ZoneInfo(zone)
    except (ValueError, OSError, LookupError):
        return timedelta(0), timedelta(0)
    winter, summer = (moment.astimezone(tz).utcoffset() or timedelta(0) for moment in _SEASONS)
    return winter, summer


def _is_fixed(zone: str) -> bool:
    winter, summer = _year_offsets(zone)
    return winter == summer


def _second_reading(word: str, zone: str, cues: set[str], region: str) -> str:
    if word == "IST":
        if "ireland" in cues or region == "IE":
            return "Europe/Dublin"
        if "israel" in cues or region == "IL":
            return "Asia/Jerusalem"
    elif word == "CST":
        if "china" in cues or region in {"CN", "HK", "MO"}:
            return "Asia/Shanghai"
        if "taiwan" in cues or region == "TW":
            return "Asia/Taipei"
        if "spanish" in cues or region == "MX":
            return "America/Mexico_City"
    elif word == "BST" and ("bangladesh" in cues or region == "BD"):
        return "Asia/Dhaka"
    elif word == "AST":
        if "gulf" in cues or region in {"SA", "KW", "QA", "BH", "IQ"}:
            return "Asia/Riyadh"
        if "puerto" in cues or region == "PR":
            return "America/Puerto_Rico"
    elif word in _AUSTRALIAN and ("australia" in cues or region == "AU"):
        return _AUSTRALIAN[word]
    elif word in {"MT", "MST", "mountain"} and "arizona" in cues:  # MDT says the clocks moved
        return "America/Phoenix"
    return zone


def _with_zone(mention: ZoneMention, zone: str) -> ZoneMention:
    return ZoneMention(mention.start, mention.end, zone, mention.phrase, mention.kind, mention.word)


def _needs_context(mentions: list[ZoneMention]) -> bool:
    return any(m.word in _AMBIGUOUS for m in mentions)


@lru_cache(maxsize=4096)
def _parsed_phone(phone: str) -> phonenumbers.PhoneNumber | None:
    digits = phone.strip()[:40]
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        return None
    try:
        return phonenumbers.parse(digits, None)
    except phonenumbers.NumberParseException:
        return None


def _phone_region(phone: str) -> str:
    number = _parsed_phone(phone)
    return (phonenumbers.region_code_for_number(number) or "") if number else ""


def _phone_zone(phone: str, received_at: datetime) -> str | None:
    number = _parsed_phone(phone)
    if number is None:
        return None
    zones = [z for z in phone_timezones.time_zones_for_number(number) if "/" in z and z != "Etc/Unknown"]
    if not zones:
        return None
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=ZoneInfo("UTC"))
    first = _offsets(zones[0], received_at)
    if all(_offsets(z, received_at) == first for z in zones[1:]):
        # Prefer the zone most people of that offset live in when the list is equivalent.
        best = "Europe/London" if "Europe/London" in zones else zones[0]
        return _ALIASES.get(best, best)
    return None


def _offsets(zone: str, moment: datetime) -> tuple[timedelta | None, timedelta | None]:
    tz = ZoneInfo(zone)
    return moment.astimezone(tz).utcoffset(), (moment + _HALF_YEAR).astimezone(tz).utcoffset()
