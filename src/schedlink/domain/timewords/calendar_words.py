"""Names of weekdays, months, relative days and parts of the day in en/es/de/fr/pt/nl/it/sv.

Keys are folded (see ``zone_names.fold``). Abbreviations that are also ordinary words ("do", "so",
"mon", "sun", "wed", "mar", "sex") are kept apart as *weak*: the lexer accepts them only right before a
clock time, a date or another weekday.
"""

from __future__ import annotations

_STRONG_DAYS: dict[int, tuple[str, ...]] = {
    0: ("monday", "mondays", "lunes", "montag", "montags", "lundi", "segunda", "segunda feira", "maandag", "lunedi", "mandag"),
    1: ("tuesday", "tuesdays", "tue", "tues", "martes", "dienstag", "dienstags", "mardi", "terca",
        "terca feira", "dinsdag", "martedi", "tisdag"),
    2: ("wednesday", "wednesdays", "weds", "miercoles", "mittwoch", "mittwochs", "mercredi", "quarta",
        "quarta feira", "woensdag", "mercoledi", "onsdag"),
    3: ("thursday", "thursdays", "thu", "thur", "thurs", "jueves", "donnerstag", "donnerstags", "jeudi",
        "quinta", "quinta feira", "donderdag", "giovedi", "torsdag"),
    4: ("friday", "fridays", "fri", "viernes", "freitag", "freitags", "vendredi", "sexta", "sexta feira",
        "vrijdag", "venerdi", "fredag"),
    5: ("saturday", "saturdays", "sabado", "samstag", "samedi", "zaterdag", "lordag"),
    6: ("sunday", "sundays", "domingo", "sonntag", "dimanche", "zondag", "domenica", "sondag"),
}  # fmt: skip
_WEAK_DAYS: dict[int, tuple[str, ...]] = {
    0: ("mon", "lun", "mo", "seg", "ma"),
    1: ("mar", "di", "ter"),
    2: ("wed", "mie", "mier", "mi", "mer", "qua", "wo"),
    3: ("jue", "do", "jeu", "qui"),
    4: ("vie", "fr", "ven", "sex", "vr"),
    5: ("sat", "sab", "sa", "sam", "za"),
    6: ("sun", "dom", "so", "dim", "zo"),
}  # fmt: skip
STRONG_WEEKDAYS: dict[str, int] = {word: day for day, words in _STRONG_DAYS.items() for word in words}
WEAK_WEEKDAYS: dict[str, int] = {word: day for day, words in _WEAK_DAYS.items() for word in words}

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "enero", "ene", "januar", "janner", "janvier", "janv", "janeiro", "januari", "gennaio"),
    2: ("february", "feb", "febrero", "februar", "fevrier", "fevr", "fev", "fevereiro", "februari", "febbraio"),
    3: ("march", "mar", "marzo", "marz", "mrz", "mars", "marco", "maart", "mrt"),
    4: ("april", "apr", "abril", "abr", "avril", "avr", "aprile"),
    5: ("may", "mayo", "mai", "maio", "mei", "maggio", "maj"),
    6: ("june", "jun", "junio", "juni", "juin", "junho", "giugno"),
    7: ("july", "jul", "julio", "juli", "juillet", "juil", "julho", "luglio"),
    8: ("august", "aug", "agosto", "ago", "aout", "augustus", "augusti"),
    9: ("september", "sep", "sept", "septiembre", "setiembre", "septembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "octubre", "oktober", "okt", "octobre", "outubro", "out", "ottobre"),
    11: ("november", "nov", "noviembre", "novembre", "novembro"),
    12: ("december", "dec", "diciembre", "dic", "dezember", "dez", "decembre", "dezembro", "dicembre"),
}  # fmt: skip
MONTHS: dict[str, int] = {word: month for month, words in _MONTH_NAMES.items() for word in words}
# Month names that may stand before the day ("Dec 17", "Sept 8"): English usage only.
MONTH_FIRST: frozenset[str] = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
     "dec"}
)  # fmt: skip

# Relative days: offset from the lead's local date.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "day after tomorrow": 2,
    "hoy": 0, "manana": 1, "pasado manana": 2, "heute": 0, "morgen": 1, "ubermorgen": 2,
    "aujourdhui": 0, "aujourd hui": 0, "demain": 1, "apres demain": 2, "hoje": 0, "amanha": 1,
    "depois de amanha": 2, "vandaag": 0, "overmorgen": 2,
    "oggi": 0, "domani": 1, "dopodomani": 2, "idag": 0, "imorgon": 1, "i morgon": 1, "overmorgon": 2,
}  # fmt: skip

# Parts of the day as (start, end) in minutes after midnight, per the scoring conventions: morning
# 09:00-12:00, afternoon 12:00-17:00, "any time <day>" 09:00-17:00.
MORNING = (9 * 60, 12 * 60)
AFTERNOON = (12 * 60, 17 * 60)
EVENING = (17 * 60, 20 * 60)
LUNCH = (12 * 60, 13 * 60)
WHOLE_DAY = (9 * 60, 17 * 60)
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": MORNING, "mornings": MORNING,
    "afternoon": AFTERNOON, "afternoons": AFTERNOON, "evening": EVENING,
    "evenings": EVENING, "lunch": LUNCH, "lunchtime": LUNCH,
    "por la manana": MORNING, "en la manana": MORNING, "la manana": MORNING, "por la tarde": AFTERNOON,
    "en la tarde": AFTERNOON, "la tarde": AFTERNOON, "vormittag": MORNING, "vormittags": MORNING,
    "morgens": MORNING, "am morgen": MORNING, "fruh": MORNING, "nachmittag": AFTERNOON,
    "nachmittags": AFTERNOON, "abend": EVENING, "abends": EVENING, "matin": MORNING, "matinee": MORNING,
    "apres midi": AFTERNOON, "aprem": AFTERNOON, "soir": EVENING, "soiree": EVENING, "de manha": MORNING,
    "pela manha": MORNING, "na manha": MORNING, "a tarde": AFTERNOON, "de tarde": AFTERNOON,
    "pela tarde": AFTERNOON, "na tarde": AFTERNOON, "ochtend": MORNING, "s ochtends": MORNING,
    "voormiddag": MORNING, "middag": AFTERNOON, "s middags": AFTERNOON, "namiddag": AFTERNOON,
    "avond": EVENING, "s avonds": EVENING,
    "any time": WHOLE_DAY, "anytime": WHOLE_DAY, "all day": WHOLE_DAY, "whole day": WHOLE_DAY,
    "the whole day": WHOLE_DAY, "todo el dia": WHOLE_DAY, "cualquier hora": WHOLE_DAY,
    "a cualquier hora": WHOLE_DAY, "den ganzen tag": WHOLE_DAY, "ganztags": WHOLE_DAY,
    "jederzeit": WHOLE_DAY, "toute la journee": WHOLE_DAY, "n importe quand": WHOLE_DAY,
    "o dia todo": WHOLE_DAY, "o dia inteiro": WHOLE_DAY, "qualquer hora": WHOLE_DAY,
    "de hele dag": WHOLE_DAY, "hele dag": WHOLE_DAY,
    # Italian, Swedish ("sera" is also Spanish "será": it needs a day or an article before it, see wordpass)
    "mattina": MORNING, "mattino": MORNING, "mattinata": MORNING, "pomeriggio": AFTERNOON, "sera": EVENING,
    "serata": EVENING, "formiddag": MORNING, "formiddagen": MORNING, "morgonen": MORNING,
    "eftermiddag": AFTERNOON, "eftermiddagen": AFTERNOON, "kvall": EVENING, "kvallen": EVENING,
}  # fmt: skip
# One word that is both a day and a part of it: "this afternoon", "morgenochtend", "vanmiddag".
DAY_AND_PART: dict[str, tuple[int, tuple[int, int]]] = {
    "tonight": (0, EVENING), "vanavond": (0, EVENING), "this morning": (0, MORNING), "this afternoon": (0, AFTERNOON), "this evening": (0, EVENING),
    "esta manana": (0, MORNING), "esta tarde": (0, AFTERNOON), "ce matin": (0, MORNING),
    "cet apres midi": (0, AFTERNOON), "ce soir": (0, EVENING), "hoje de manha": (0, MORNING),
    "hoje a tarde": (0, AFTERNOON), "esta manha": (0, MORNING), "vanochtend": (0, MORNING),
    "vanmorgen": (0, MORNING), "vanmiddag": (0, AFTERNOON), "morgenochtend": (1, MORNING),
    "morgenmiddag": (1, AFTERNOON), "morgenavond": (1, EVENING),
    "stamattina": (0, MORNING), "stamane": (0, MORNING), "stasera": (0, EVENING), "domattina": (1, MORNING),
    "ikvall": (0, EVENING),
}  # fmt: skip

# German and Dutch write a weekday and its part as one word: "Dienstagvormittag", "donderdagmiddag".
_COMPOUND_DAYS = {
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    # Swedish glues with a linking s: "torsdagseftermiddag", "fredagsformiddag".
    "sv": ("mandags", "tisdags", "onsdags", "torsdags", "fredags", "lordags", "sondags"),
}
_COMPOUND_PARTS: dict[str, dict[str, tuple[int, int]]] = {
    "de": {"vormittag": MORNING, "morgen": MORNING, "fruh": MORNING, "nachmittag": AFTERNOON,
           "abend": EVENING, "vormittags": MORNING, "nachmittags": AFTERNOON, "abends": EVENING},
    "nl": {"ochtend": MORNING, "morgen": MORNING, "voormiddag": MORNING, "middag": AFTERNOON,
           "namiddag": AFTERNOON, "avond": EVENING},
    "sv": {"formiddag": MORNING, "morgon": MORNING, "eftermiddag": AFTERNOON, "kvall": EVENING},
}  # fmt: skip
WEEKDAY_AND_PART: dict[str, tuple[int, tuple[int, int]]] = {
    day + part: (weekday, span)
    for language, days in _COMPOUND_DAYS.items()
    for weekday, day in enumerate(days)
    for part, span in _COMPOUND_PARTS[language].items()
}

# "next week", and "next <weekday>", which the scoring reads the same way.
NEXT_WEEK_WORDS: frozenset[str] = frozenset(
    {"next week", "next", "la semana que viene", "la proxima semana", "proxima semana", "semana que viene",
     "proximo", "proxima", "que viene", "nachste woche", "nachsten", "nachster", "kommende woche",
     "kommenden", "la semaine prochaine", "semaine prochaine", "prochain", "prochaine", "semana que vem",
     "na proxima semana", "volgende week", "volgende", "komende week", "komende", "prossima settimana",
     "settimana prossima", "prossimo", "prossima", "nasta vecka", "nasta"}
)  # fmt: skip
