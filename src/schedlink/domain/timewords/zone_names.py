"""Words that name a time zone: abbreviations, region words, places and their adjectives.

``resolve_name`` turns a written name into a zone; a city missing from the table is looked up in the
IANA database (built once per process from ``zoneinfo.available_timezones``), so "Lisbon time" or
"Tallinn time" need no entry.

Keys of the place table are folded (lower case, no accents, single spaces) so one entry serves
"Brasília", "brasilia" and "BRASILIA". Countries spanning several zones are listed only when one zone
is what people mean by default in business mail (Brazil, Mexico); the United States, Canada, Australia
and Russia are left out on purpose: naming them says nothing about the clock.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from zoneinfo import available_timezones

# Abbreviations written in upper case. Ambiguous ones hold their most common business meaning here and
# are re-read from context by the caller (IST, CST, BST, AST).
ABBREVIATIONS: dict[str, str] = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKT": "America/Anchorage", "AKST": "America/Anchorage", "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu", "HAST": "Pacific/Honolulu",
    "AT": "America/Halifax", "AST": "America/Halifax", "ADT": "America/Halifax",
    "NT": "America/St_Johns", "NST": "America/St_Johns", "NDT": "America/St_Johns",
    "GMT": "Europe/London", "BST": "Europe/London", "UTC": "UTC", "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon", "CET": "Europe/Berlin", "CEST": "Europe/Berlin", "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin", "EET": "Europe/Athens", "EEST": "Europe/Athens", "OEZ": "Europe/Athens",
    "MSK": "Europe/Moscow", "TRT": "Europe/Istanbul", "IST": "Asia/Kolkata", "GST": "Asia/Dubai",
    "PKT": "Asia/Karachi", "ICT": "Asia/Bangkok", "WIB": "Asia/Jakarta", "SGT": "Asia/Singapore",
    "MYT": "Asia/Kuala_Lumpur", "HKT": "Asia/Hong_Kong", "PHT": "Asia/Manila", "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul", "AET": "Australia/Sydney", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
    "ACST": "Australia/Adelaide", "ACDT": "Australia/Adelaide", "AWST": "Australia/Perth",
    "NZT": "Pacific/Auckland", "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
    "BRT": "America/Sao_Paulo", "BRST": "America/Sao_Paulo", "ART": "America/Argentina/Buenos_Aires",
    "CLT": "America/Santiago", "COT": "America/Bogota", "PET": "America/Lima",
    "SAST": "Africa/Johannesburg", "EAT": "Africa/Nairobi", "WAT": "Africa/Lagos", "CAT": "Africa/Maputo",
}  # fmt: skip

# Two-letter abbreviations (and common English words) accepted only beside a clock time, in
# parentheses or before "time"; everything else is accepted wherever it stands in upper case.
NEEDS_CONTEXT: frozenset[str] = frozenset(
    {"ET", "CT", "MT", "PT", "AT", "NT", "ART", "CAT", "EAT", "WAT", "PET", "COT", "AST", "GST", "ICT", "WIB"}
)
# Lower-case abbreviations people type in chat ("3pm est"); two-letter ones only right after am/pm.
LOWERCASE_AFTER_TIME: frozenset[str] = frozenset(
    {"et", "ct", "mt", "pt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "bst", "utc",
     "cet", "cest", "mez", "mesz", "ist", "sgt", "hkt", "jst", "kst", "aest", "aedt", "awst", "nzst", "nzdt",
     "eet", "brt", "akst", "hst", "sast"}
)  # fmt: skip

# Region words of North America (and a few more) that name a zone when followed by "time" or written
# beside a clock time: "Pacific time", "11-1 Mountain", "3-5p central".
REGION_WORDS: dict[str, str] = {
    "eastern": "America/New_York", "central": "America/Chicago", "mountain": "America/Denver",
    "pacific": "America/Los_Angeles", "atlantic": "America/Halifax", "newfoundland": "America/St_Johns",
    "alaska": "America/Anchorage", "alaskan": "America/Anchorage", "hawaii": "Pacific/Honolulu",
    "hawaiian": "Pacific/Honolulu", "arizona": "America/Phoenix",
}  # fmt: skip

# Places and adjectives, folded. Cities are major business cities; any other city is looked up in the
# IANA database by the caller ("Lisbon time" -> Europe/Lisbon).
PLACES: dict[str, str] = {
    # North America
    "new york": "America/New_York", "nyc": "America/New_York", "ny": "America/New_York",
    "boston": "America/New_York", "philadelphia": "America/New_York", "dc": "America/New_York", "atlanta": "America/New_York", "miami": "America/New_York",
    "charlotte": "America/New_York", "orlando": "America/New_York", "tampa": "America/New_York",
    "pittsburgh": "America/New_York", "baltimore": "America/New_York", "raleigh": "America/New_York",
    "cleveland": "America/New_York", "toronto": "America/Toronto", "montreal": "America/Toronto",
    "ottawa": "America/Toronto", "quebec": "America/Toronto", "east coast": "America/New_York",
    "chicago": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
    "austin": "America/Chicago", "san antonio": "America/Chicago", "minneapolis": "America/Chicago",
    "st louis": "America/Chicago", "kansas city": "America/Chicago", "nashville": "America/Chicago",
    "new orleans": "America/Chicago", "milwaukee": "America/Chicago", "memphis": "America/Chicago",
    "oklahoma city": "America/Chicago", "texas": "America/Chicago", "winnipeg": "America/Winnipeg",
    "denver": "America/Denver", "salt lake city": "America/Denver", "boise": "America/Boise",
    "albuquerque": "America/Denver", "colorado": "America/Denver", "utah": "America/Denver",
    "calgary": "America/Edmonton", "edmonton": "America/Edmonton", "phoenix": "America/Phoenix",
    "scottsdale": "America/Phoenix", "tucson": "America/Phoenix", "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles", "san francisco": "America/Los_Angeles", "sf": "America/Los_Angeles",
    "bay area": "America/Los_Angeles", "silicon valley": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "portland": "America/Los_Angeles", "san diego": "America/Los_Angeles",
    "san jose": "America/Los_Angeles", "sacramento": "America/Los_Angeles", "las vegas": "America/Los_Angeles",
    "california": "America/Los_Angeles", "west coast": "America/Los_Angeles", "vancouver": "America/Vancouver",
    "anchorage": "America/Anchorage", "honolulu": "Pacific/Honolulu", "halifax": "America/Halifax",
    "st johns": "America/St_Johns", "mexico city": "America/Mexico_City",
    "ciudad de mexico": "America/Mexico_City", "cdmx": "America/Mexico_City", "mexico": "America/Mexico_City",
    "guadalajara": "America/Mexico_City", "monterrey": "America/Monterrey", "del centro": "America/Mexico_City", "centro": "America/Mexico_City",
    "mexicana": "America/Mexico_City", "mexican": "America/Mexico_City",
    # Latin America
    "bogota": "America/Bogota", "colombia": "America/Bogota", "colombiana": "America/Bogota",
    "lima": "America/Lima", "peru": "America/Lima", "peruana": "America/Lima",
    "santiago": "America/Santiago", "chile": "America/Santiago", "chilena": "America/Santiago",
    "buenos aires": "America/Argentina/Buenos_Aires", "argentina": "America/Argentina/Buenos_Aires",
    "caracas": "America/Caracas", "sao paulo": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo", "brasilia": "America/Sao_Paulo", "brazil": "America/Sao_Paulo",
    "brasil": "America/Sao_Paulo", "brazilian": "America/Sao_Paulo", "brasileiro": "America/Sao_Paulo",
    "brasileira": "America/Sao_Paulo", "montevideo": "America/Montevideo",
    # Europe
    "uk": "Europe/London", "united kingdom": "Europe/London", "britain": "Europe/London",
    "great britain": "Europe/London", "british": "Europe/London", "england": "Europe/London",
    "scotland": "Europe/London", "wales": "Europe/London", "london": "Europe/London",
    "manchester": "Europe/London", "edinburgh": "Europe/London", "glasgow": "Europe/London",
    "bristol": "Europe/London", "leeds": "Europe/London", "greenwich mean": "Europe/London",
    "greenwich": "Europe/London", "ireland": "Europe/Dublin", "irish": "Europe/Dublin",
    "dublin": "Europe/Dublin", "belfast": "Europe/London", "lisbon": "Europe/Lisbon",
    "lisboa": "Europe/Lisbon", "porto": "Europe/Lisbon", "portugal": "Europe/Lisbon",
    "portuguesa": "Europe/Lisbon", "portuguese": "Europe/Lisbon",
    "madrid": "Europe/Madrid", "barcelona": "Europe/Madrid", "valencia": "Europe/Madrid",
    "sevilla": "Europe/Madrid", "seville": "Europe/Madrid", "bilbao": "Europe/Madrid",
    "spain": "Europe/Madrid", "espana": "Europe/Madrid", "spanish": "Europe/Madrid",
    "espanola": "Europe/Madrid", "peninsular": "Europe/Madrid", "paris": "Europe/Paris",
    "lyon": "Europe/Paris", "marseille": "Europe/Paris", "toulouse": "Europe/Paris", "nantes": "Europe/Paris",
    "france": "Europe/Paris", "french": "Europe/Paris", "francaise": "Europe/Paris",
    "brussels": "Europe/Brussels", "bruxelles": "Europe/Brussels", "brussel": "Europe/Brussels",
    "belgium": "Europe/Brussels", "belgique": "Europe/Brussels", "belgie": "Europe/Brussels",
    "belgische": "Europe/Brussels", "belge": "Europe/Brussels", "antwerp": "Europe/Brussels",
    "antwerpen": "Europe/Brussels", "amsterdam": "Europe/Amsterdam", "rotterdam": "Europe/Amsterdam",
    "utrecht": "Europe/Amsterdam", "den haag": "Europe/Amsterdam", "the hague": "Europe/Amsterdam",
    "eindhoven": "Europe/Amsterdam", "netherlands": "Europe/Amsterdam", "nederland": "Europe/Amsterdam",
    "nederlandse": "Europe/Amsterdam", "holland": "Europe/Amsterdam", "dutch": "Europe/Amsterdam",
    "luxembourg": "Europe/Luxembourg", "berlin": "Europe/Berlin", "berliner": "Europe/Berlin",
    "munich": "Europe/Berlin", "munchen": "Europe/Berlin", "munchner": "Europe/Berlin",
    "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin",
    "koln": "Europe/Berlin", "dusseldorf": "Europe/Berlin", "stuttgart": "Europe/Berlin",
    "germany": "Europe/Berlin", "deutschland": "Europe/Berlin", "german": "Europe/Berlin",
    "deutsche": "Europe/Berlin", "deutscher": "Europe/Berlin", "central european": "Europe/Berlin",
    "mitteleuropaische": "Europe/Berlin", "mitteleuropaischer": "Europe/Berlin", "europe": "Europe/Berlin",
    "vienna": "Europe/Vienna", "wien": "Europe/Vienna", "wiener": "Europe/Vienna", "austria": "Europe/Vienna",
    "osterreich": "Europe/Vienna", "osterreichische": "Europe/Vienna", "zurich": "Europe/Zurich",
    "geneva": "Europe/Zurich", "geneve": "Europe/Zurich", "basel": "Europe/Zurich", "bern": "Europe/Zurich",
    "switzerland": "Europe/Zurich", "schweiz": "Europe/Zurich", "suisse": "Europe/Zurich",
    "schweizer": "Europe/Zurich", "swiss": "Europe/Zurich", "milan": "Europe/Rome", "milano": "Europe/Rome",
    "rome": "Europe/Rome", "roma": "Europe/Rome", "italy": "Europe/Rome", "italia": "Europe/Rome",
    "italiana": "Europe/Rome", "italian": "Europe/Rome", "copenhagen": "Europe/Copenhagen",
    "denmark": "Europe/Copenhagen", "stockholm": "Europe/Stockholm", "sweden": "Europe/Stockholm",
    "oslo": "Europe/Oslo", "norway": "Europe/Oslo", "helsinki": "Europe/Helsinki",
    "finland": "Europe/Helsinki", "warsaw": "Europe/Warsaw", "poland": "Europe/Warsaw",
    "prague": "Europe/Prague", "budapest": "Europe/Budapest", "bucharest": "Europe/Bucharest",
    "romania": "Europe/Bucharest", "athens": "Europe/Athens", "greece": "Europe/Athens",
    "eastern european": "Europe/Athens", "istanbul": "Europe/Istanbul", "turkey": "Europe/Istanbul",
    "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "ukraine": "Europe/Kyiv", "moscow": "Europe/Moscow",
    # Middle East, Africa
    "tel aviv": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem", "israel": "Asia/Jerusalem",
    "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "uae": "Asia/Dubai", "gulf": "Asia/Dubai",
    "riyadh": "Asia/Riyadh", "saudi": "Asia/Riyadh", "saudi arabia": "Asia/Riyadh", "doha": "Asia/Qatar",
    "qatar": "Asia/Qatar", "cairo": "Africa/Cairo", "egypt": "Africa/Cairo", "lagos": "Africa/Lagos",
    "nigeria": "Africa/Lagos", "nairobi": "Africa/Nairobi", "kenya": "Africa/Nairobi",
    "johannesburg": "Africa/Johannesburg", "joburg": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "south africa": "Africa/Johannesburg",
    # Asia, Pacific
    "india": "Asia/Kolkata", "indian": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata", "hyderabad": "Asia/Kolkata",
    "pune": "Asia/Kolkata", "kolkata": "Asia/Kolkata", "gurgaon": "Asia/Kolkata", "noida": "Asia/Kolkata",
    "karachi": "Asia/Karachi", "lahore": "Asia/Karachi", "pakistan": "Asia/Karachi", "dhaka": "Asia/Dhaka",
    "bangladesh": "Asia/Dhaka", "singapore": "Asia/Singapore", "sg": "Asia/Singapore",
    "kuala lumpur": "Asia/Kuala_Lumpur", "kl": "Asia/Kuala_Lumpur", "malaysia": "Asia/Kuala_Lumpur",
    "jakarta": "Asia/Jakarta", "bangkok": "Asia/Bangkok", "thailand": "Asia/Bangkok",
    "ho chi minh": "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh", "hanoi": "Asia/Bangkok",
    "vietnam": "Asia/Ho_Chi_Minh", "manila": "Asia/Manila", "philippines": "Asia/Manila",
    "hong kong": "Asia/Hong_Kong", "hk": "Asia/Hong_Kong", "shanghai": "Asia/Shanghai",
    "beijing": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "guangzhou": "Asia/Shanghai",
    "china": "Asia/Shanghai", "chinese": "Asia/Shanghai", "taipei": "Asia/Taipei", "taiwan": "Asia/Taipei",
    "seoul": "Asia/Seoul", "korea": "Asia/Seoul", "korean": "Asia/Seoul", "tokyo": "Asia/Tokyo",
    "osaka": "Asia/Tokyo", "japan": "Asia/Tokyo", "japanese": "Asia/Tokyo",
    "sydney": "Australia/Sydney", "syd": "Australia/Sydney", "melbourne": "Australia/Melbourne",
    "melb": "Australia/Melbourne", "canberra": "Australia/Sydney", "brisbane": "Australia/Brisbane",
    "bris": "Australia/Brisbane", "gold coast": "Australia/Brisbane", "queensland": "Australia/Brisbane",
    "qld": "Australia/Brisbane", "nsw": "Australia/Sydney",
    "perth": "Australia/Perth", "adelaide": "Australia/Adelaide", "hobart": "Australia/Hobart",
    "darwin": "Australia/Darwin", "australian eastern": "Australia/Sydney",
    "australian central": "Australia/Adelaide", "australian western": "Australia/Perth",
    "auckland": "Pacific/Auckland", "wellington": "Pacific/Auckland", "christchurch": "Pacific/Auckland",
    "new zealand": "Pacific/Auckland", "nz": "Pacific/Auckland", "kiwi": "Pacific/Auckland",
    # Regions that keep one offset all year beside neighbours that change (and islands with their own zone)
    "az": "America/Phoenix", "saskatchewan": "America/Regina", "saskatoon": "America/Regina",
    "sask": "America/Regina", "maui": "Pacific/Honolulu", "oahu": "Pacific/Honolulu",
    "cairns": "Australia/Brisbane", "townsville": "Australia/Brisbane", "sunshine coast": "Australia/Brisbane",
    "canary islands": "Atlantic/Canary", "canaries": "Atlantic/Canary", "canarias": "Atlantic/Canary",
    "islas canarias": "Atlantic/Canary", "canaria": "Atlantic/Canary", "gran canaria": "Atlantic/Canary",
    "canario": "Atlantic/Canary", "tenerife": "Atlantic/Canary", "las palmas": "Atlantic/Canary",
    "lanzarote": "Atlantic/Canary", "fuerteventura": "Atlantic/Canary", "azores": "Atlantic/Azores",
    "acores": "Atlantic/Azores", "ponta delgada": "Atlantic/Azores", "funchal": "Atlantic/Madeira",
    "reunion": "Indian/Reunion", "la reunion": "Indian/Reunion",
    # Names of the places above in es/fr/de/pt/it/sv, and country adjectives of it/sv
    "nueva york": "America/New_York", "nova iorque": "America/New_York", "nuova york": "America/New_York",
    "londres": "Europe/London", "londra": "Europe/London", "lisbonne": "Europe/Lisbon",
    "lissabon": "Europe/Lisbon", "lisbona": "Europe/Lisbon", "bruselas": "Europe/Brussels",
    "bryssel": "Europe/Brussels", "munique": "Europe/Berlin", "monaco di baviera": "Europe/Berlin",
    "vienne": "Europe/Vienna", "viena": "Europe/Vienna", "genf": "Europe/Zurich", "ginebra": "Europe/Zurich",
    "ginevra": "Europe/Zurich", "zurigo": "Europe/Zurich", "mailand": "Europe/Rome",
    "parigi": "Europe/Paris",
    "berlino": "Europe/Berlin", "varsovia": "Europe/Warsaw",
    "varsovie": "Europe/Warsaw", "warschau": "Europe/Warsaw", "varsavia": "Europe/Warsaw",
    "estocolmo": "Europe/Stockholm", "stoccolma": "Europe/Stockholm",
    "goteborg": "Europe/Stockholm", "gothenburg": "Europe/Stockholm", "malmo": "Europe/Stockholm",
    "uppsala": "Europe/Stockholm", "kopenhamn": "Europe/Copenhagen", "kopenhagen": "Europe/Copenhagen",
    "copenhague": "Europe/Copenhagen", "helsingfors": "Europe/Helsinki", "moscu": "Europe/Moscow",
    "moskau": "Europe/Moscow", "mosca": "Europe/Moscow", "pekin": "Asia/Shanghai", "pechino": "Asia/Shanghai",
    "peking": "Asia/Shanghai", "tokio": "Asia/Tokyo", "sidney": "Australia/Sydney",
    "svensk": "Europe/Stockholm", "svenska": "Europe/Stockholm", "norsk": "Europe/Oslo",
    "dansk": "Europe/Copenhagen", "finsk": "Europe/Helsinki", "italiano": "Europe/Rome",
    "svezia": "Europe/Stockholm", "sverige": "Europe/Stockholm",
}  # fmt: skip

# Region words that follow "hora del", "heure de l'", "heure du" ("hora del Pacífico", "heure de l'Est"):
# too common as words to stand anywhere else.
HOUR_REGIONS: dict[str, str] = {
    "este": "America/New_York", "est": "America/New_York", "pacifico": "America/Los_Angeles",
    "pacifique": "America/Los_Angeles", "montana": "America/Denver", "rocheuses": "America/Denver",
    "atlantico": "America/Halifax", "atlantique": "America/Halifax", "centre": "America/Chicago",
}  # fmt: skip

# Upper-case country codes that name a zone only right beside a word for "time" ("NL tijd", "DE Zeit",
# "hora ES", "heure FR"): alone they are language tags, domains or words. Codes of countries spanning
# several offsets are left out, and so are codes that are also zone abbreviations (PT, AT, ET) or
# shouted English words ("IN", "IT", "NO").
COUNTRY_CODES: dict[str, str] = {
    "NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "LU": "Europe/Luxembourg", "DE": "Europe/Berlin",
    "CH": "Europe/Zurich", "FR": "Europe/Paris", "ES": "Europe/Madrid",
    "UK": "Europe/London", "GB": "Europe/London", "IE": "Europe/Dublin", "DK": "Europe/Copenhagen",
    "SE": "Europe/Stockholm", "FI": "Europe/Helsinki", "PL": "Europe/Warsaw",
    "CZ": "Europe/Prague", "GR": "Europe/Athens", "IL": "Asia/Jerusalem",
    "SG": "Asia/Singapore", "HK": "Asia/Hong_Kong", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "CO": "America/Bogota",
    "PE": "America/Lima", "CL": "America/Santiago", "MX": "America/Mexico_City", "ZA": "Africa/Johannesburg",
}  # fmt: skip

# Names of the place table that are adjectives or vague: they name a zone only before "time".
_NOT_PLACES_AFTER_TIME = frozenset(
    {"mexicana", "mexican", "colombiana", "peruana", "chilena", "brazilian", "british", "irish", "portuguesa",
     "portuguese", "brasileiro", "brasileira", "spanish", "espanola", "peninsular", "french", "francaise", "belgische", "belge",
     "nederlandse", "dutch", "berliner", "munchner", "german", "deutsche", "deutscher", "central european",
     "mitteleuropaische", "mitteleuropaischer", "wiener", "osterreichische", "schweizer", "swiss", "italiana",
     "italian", "eastern european", "indian", "chinese", "korean", "japanese", "australian eastern",
     "australian central", "australian western", "kiwi", "europe", "gulf", "del centro", "centro",
     "greenwich mean", "greenwich", "east coast", "west coast", "bay area", "silicon valley", "rio", "saudi",
     "canario", "canaria", "svensk", "svenska", "norsk", "dansk", "finsk", "italiano", "az", "sask"}
)  # fmt: skip
_PLACE_WORDS = re.compile(r"[^\W\d_][\w'.-]{0,24}")

# Words that qualify a zone name without changing it ("Mountain Standard Time").
QUALIFIERS: frozenset[str] = frozenset(
    {"standard", "daylight", "summer", "winter", "local", "saving", "savings"}
)

# The last word of every name above: a word before "time" that is not one of these names no zone.
NAME_ENDINGS: frozenset[str] = frozenset(
    key.rsplit(" ", 1)[-1]
    for key in (*PLACES, *REGION_WORDS, *QUALIFIERS, *(a.lower() for a in ABBREVIATIONS))
)

# Zones whose people write dates month-first (11/23): the United States and Canada.
_MONTH_FIRST_PREFIXES = ("America/Indiana/", "America/Kentucky/", "America/North_Dakota/", "US/", "Canada/")
_MONTH_FIRST_ZONES: frozenset[str] = frozenset(
    {"America/New_York", "America/Detroit", "America/Chicago", "America/Denver", "America/Phoenix",
     "America/Boise", "America/Los_Angeles", "America/Anchorage", "America/Juneau", "America/Toronto",
     "America/Montreal", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Regina",
     "America/Halifax", "America/St_Johns", "America/Moncton", "America/Puerto_Rico", "Pacific/Honolulu",
     "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT"}
)  # fmt: skip


def writes_month_first(zone: str) -> bool:
    """True for zones of the US and Canada, where 11/23 means November 23rd."""
    return zone in _MONTH_FIRST_ZONES or zone.startswith(_MONTH_FIRST_PREFIXES)


def fold(text: str) -> str:
    """Lower case without accents or dots, spaces collapsed: the key form of the tables."""
    plain = text.lower()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", " ").replace("'", "").replace("-", " ").split())


def resolve_name(words: str, *, short_ok: bool) -> tuple[str, str] | None:
    """The zone a name stands for, and the abbreviation it was read from (empty for names)."""
    words = words.strip(" \t,.;:()[]!?\"'")
    if not words or len(words) > 60:
        return None
    if words in ABBREVIATIONS and (short_ok or words not in NEEDS_CONTEXT):
        return ABBREVIATIONS[words], words
    key = " ".join(w for w in fold(words).removeprefix("the ").split() if w not in QUALIFIERS)
    zone = REGION_WORDS.get(key) or PLACES.get(key)
    if zone and (len(key) > 2 or words.isupper()):
        return zone, key if key in REGION_WORDS else ""
    if words[0].isupper() and len(key) >= 4:
        zone = _iana_cities().get(key.replace(" ", "_"))
        if zone:
            return zone, ""
    return None


def place_named_at(text: str, pos: int) -> tuple[int, str] | None:
    """'3pm London', '2-4pm New York': a city or country of the table, capitalised, right after a time.

    Only the table of business places counts here, not every IANA city ("3pm Christmas Eve"), and not
    adjectives ("10am Spanish class"), which need "time" after them.
    """
    words = list(_PLACE_WORDS.finditer(text, pos, min(len(text), pos + 40)))[:3]
    for last in range(len(words) - 1, -1, -1):
        name = text[pos : words[last].end()]
        if "\n" in name or not all(w.group()[:1].isupper() for w in words[: last + 1]):
            continue
        key = fold(name)
        zone = PLACES.get(key)
        if zone and key not in _NOT_PLACES_AFTER_TIME and (len(key) > 2 or name.isupper()):
            return words[last].end(), zone
    return None


def offset_zone(sign: int, hours: int, minutes: int) -> str | None:
    """Whole hours map to Etc/GMT∓h (POSIX signs are inverted); common half hours to their zone."""
    if hours > 14:
        return None
    if minutes == 0:
        return "UTC" if hours == 0 else f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
    halves = {(1, 5, 30): "Asia/Kolkata", (1, 5, 45): "Asia/Kathmandu", (1, 9, 30): "Australia/Darwin",
              (1, 3, 30): "Asia/Tehran", (1, 4, 30): "Asia/Kabul", (1, 6, 30): "Asia/Yangon",
              (-1, 3, 30): "America/St_Johns", (-1, 9, 30): "Pacific/Marquesas"}  # fmt: skip
    return halves.get((sign, hours, minutes))


@lru_cache(maxsize=1)
def _iana_cities() -> dict[str, str]:
    """Folded city name ('lisbon', 'buenos_aires') -> IANA zone, built once from the zone database."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        area, _, city = name.partition("/")
        if (
            area in {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
            and city
        ):
            cities.setdefault(city.rsplit("/", 1)[-1].lower(), name)
    return cities


def zone_exists(name: str) -> bool:
    """True for a name the IANA database knows."""
    return name in _known_zones()


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())
