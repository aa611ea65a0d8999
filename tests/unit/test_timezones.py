"""The lead's time zone read from their words, and from their phone when the words name none."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.timezones import find_lead_zone
from schedlink.domain.timing import ZoneHint

pytestmark = pytest.mark.unit

RECEIVED = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


def zone_of(text: str, phone: str | None = None) -> str | None:
    hint = find_lead_zone(text, phone=phone, received_at=RECEIVED)
    return hint.zone if hint else None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Thursday 2-4pm ET works for me", "America/New_York"),
        ("Could we do 10am EST on Friday?", "America/New_York"),
        ("free after 3 EDT", "America/New_York"),
        ("Monday 1-2pm CT is open", "America/Chicago"),
        ("tues 9-10am PT?", "America/Los_Angeles"),
        ("happy to talk at 4pm pst", "America/Los_Angeles"),
        ("Friday 8-9am MT", "America/Denver"),
        ("Monday 11-1 Mountain", "America/Denver"),
        ("mon 8-10a or tue 3-5p central", "America/Chicago"),
        ("Wednesday 2 - 4 p.m. Eastern", "America/New_York"),
        ("Tuesday 9am AKST", "America/Anchorage"),
        ("Thursday 10am HST", "Pacific/Honolulu"),
        ("Thursday 2-4pm (AT)", "America/Halifax"),
        ("Friday 9:30am NT", "America/St_Johns"),
        ("14:00-15:00 GMT", "Europe/London"),
        ("Montag 9-11 Uhr (MEZ)", "Europe/Berlin"),
        ("Dienstag 14 Uhr MESZ", "Europe/Berlin"),
        ("Friday 14:00 CEST", "Europe/Berlin"),
        ("Tuesday 10:00 EET", "Europe/Athens"),
        ("Thursday 3pm SGT", "Asia/Singapore"),
        ("Friday 10:00 HKT", "Asia/Hong_Kong"),
        ("Thursday 10:00-11:00 JST", "Asia/Tokyo"),
        ("Monday 9am KST", "Asia/Seoul"),
        ("Tuesday 10-11 AEDT", "Australia/Sydney"),
        ("Monday 9am AWST", "Australia/Perth"),
        ("Tuesday 8am NZDT", "Pacific/Auckland"),
        ("Thursday 15h BRT", "America/Sao_Paulo"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_find_lead_zone_reads_abbreviations_and_region_words(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Thursday 2-4pm UK time please", "Europe/London"),
        ("Tuesday 10-11am Pacific Time", "America/Los_Angeles"),
        ("Thursday from 9:30 to 11 a.m. Mountain Standard Time", "America/Denver"),
        ("Friday 9-10am syd time", "Australia/Sydney"),
        ("monday 12-2pm brisbane time", "Australia/Brisbane"),
        ("Thursday 7:30-9pm India time", "Asia/Kolkata"),
        ("Thursday 1-3pm Denver time", "America/Denver"),
        ("Wednesday 14:00-15:30 (London)", "Europe/London"),
        ("Friday 10-11 (Toronto time)", "America/Toronto"),
        ("el martes de 16:00 a 18:00 (hora de Madrid)", "Europe/Madrid"),
        ("el jueves de 10 a 12, hora de Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("el lunes de 9 a 11 hora peninsular", "Europe/Madrid"),
        ("mardi de 9h30 à 11h (heure de Paris)", "Europe/Paris"),
        ("Dienstag 14–16 Uhr (deutsche Zeit)", "Europe/Berlin"),
        ("Montag 10 Uhr Wiener Zeit", "Europe/Vienna"),
        ("sexta das 10h às 12h (horário de Brasília)", "America/Sao_Paulo"),
        ("terça às 15h, hora de Lisboa", "Europe/Lisbon"),
        ("donderdag 10-12 uur Nederlandse tijd", "Europe/Amsterdam"),
        ("dinsdag 14-16 uur Belgische tijd", "Europe/Brussels"),
        ("Thursday 4-6pm Tallinn time", "Europe/Tallinn"),
        ("Friday 9-10am Reykjavik time", "Atlantic/Reykjavik"),
        ("Thursday 4-6pm Europe/Helsinki", "Europe/Helsinki"),
        ("Available Thursday 4-6pm (UTC+2)", "Etc/GMT-2"),
        ("call at 9am GMT-5", "Etc/GMT+5"),
        ("10:00 UTC+05:30 works", "Asia/Kolkata"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_find_lead_zone_reads_places_and_offsets(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("I'm on Pacific time, so mornings are hard", "America/Los_Angeles"),
        ("I'm based in Austin and happy to chat", "America/Chicago"),
        ("We're based out of Melbourne", "Australia/Melbourne"),
        ("my time zone is Eastern", "America/New_York"),
        ("my timezone: ET", "America/New_York"),
        ("I'm on EST these days", "America/New_York"),
        ("Monday 11-1 works, my time (London)", "Europe/London"),
        ("I'm on Pacific time but Thursday 2pm ET works", "America/Los_Angeles"),
        ("Monday 2pm PT or Tuesday 10am ET", "America/Los_Angeles"),
        ("Monday 2pm ET, Tuesday 9am PT or Wednesday 1pm ET", "America/New_York"),
        ("Thursday 10-11 AEST (Brisbane)", "Australia/Brisbane"),
        ("We're a Denver-based team", "America/Denver"),
        ("Currently in Singapore this month", "Asia/Singapore"),
    ],
    ids=[
        "pacific",
        "based-in",
        "based-out-of",
        "my-time-zone",
        "my-timezone-short",
        "on-est",
        "my-time-parens",
        "self-wins",
        "tie-first",
        "most-often",
        "place-beats-abbreviation",
        "city-based",
        "currently-in",
    ],
)
def test_find_lead_zone_prefers_self_statements_then_the_most_named(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "Let's meet at 3pm on Monday",
        "Je suis libre lundi et mardi",
        "Sounds good ET al.",
        "Somos da PT Telecom e gostamos da ideia",
        "I'm in PT on Monday morning",
        "We went mountain biking in the central valley",
        "Our office in London handles this",
        "Call me at 5",
        "The IT team will join",
        "entre 10h et 11h c'est parfait",
        "Grab any time that works",
        "",
    ],
    ids=[
        "at-3pm", "french-et", "et-al", "portuguese-pt", "physical-therapy", "mountain-central-words",
        "office-in-london", "bare-number", "it-team", "french-range", "any-time", "empty",
    ],
)  # fmt: skip
def test_find_lead_zone_ignores_lookalikes(text: str) -> None:
    assert zone_of(text) is None


@pytest.mark.parametrize(
    ("text", "phone", "zone"),
    [
        ("Thursday 3pm IST", None, "Asia/Kolkata"),
        ("Thursday 3pm IST, from our Dublin office", None, "Europe/Dublin"),
        ("Thursday 3pm IST", "+353861234567", "Europe/Dublin"),
        ("Thursday 3pm IST", "+972501234567", "Asia/Jerusalem"),
        ("Friday 10am CST", None, "America/Chicago"),
        ("Friday 10am CST", "+8613812345678", "Asia/Shanghai"),
        ("el jueves a las 10am CST", None, "America/Mexico_City"),
        ("Monday 2pm BST", None, "Europe/London"),
        ("Monday 2pm BST", "+8801712345678", "Asia/Dhaka"),
        ("Tuesday 10am AST", "+966501234567", "Asia/Riyadh"),
        ("Tuesday 10am Eastern", "+61491570158", "Australia/Sydney"),
        ("Thursday 9am MST, we're in Arizona", None, "America/Phoenix"),
    ],
    ids=[
        "ist-india", "ist-dublin-named", "ist-irish-phone", "ist-israeli-phone", "cst-us", "cst-chinese-phone",
        "cst-spanish", "bst-uk", "bst-bangladesh", "ast-saudi-phone", "eastern-australian-phone", "mst-arizona",
    ],
)  # fmt: skip
def test_find_lead_zone_rereads_ambiguous_abbreviations_from_context(
    text: str, phone: str | None, zone: str
) -> None:
    assert zone_of(text, phone) == zone


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+17205550112", ZoneHint("America/Denver", "phone", "+17205550112")),
        ("+1 (312) 555-0147", ZoneHint("America/Chicago", "phone", "+1 (312) 555-0147")),
        ("004915112345678", ZoneHint("Europe/Berlin", "phone", "004915112345678")),
        ("+61491570158", None),
        ("555-0182", None),
        ("+", None),
        ("not a number", None),
    ],
    ids=["us-area-code", "formatted", "double-zero-prefix", "australian-mobile-spans-offsets", "no-country", "plus",
         "junk"],
)  # fmt: skip
def test_find_lead_zone_falls_back_to_a_single_zone_phone(phone: str, expected: ZoneHint | None) -> None:
    assert find_lead_zone("sounds good, book me in", phone=phone, received_at=RECEIVED) == expected


def test_find_lead_zone_prefers_the_text_over_the_phone() -> None:
    hint = find_lead_zone("Thursday 2-4pm PT", phone="+17205550112", received_at=RECEIVED)
    assert hint == ZoneHint("America/Los_Angeles", "text", "PT")


def test_find_lead_zone_accepts_phone_zones_that_agree_on_the_offset() -> None:
    hint = find_lead_zone("ok", phone="+353861234567", received_at=RECEIVED)
    assert hint == ZoneHint("Europe/London", "phone", "+353861234567")


def test_find_lead_zone_reports_the_phrase() -> None:
    hint = find_lead_zone("Friday 10-11 (hora de Madrid)", phone=None, received_at=RECEIVED)
    assert hint == ZoneHint("Europe/Madrid", "text", "hora de Madrid")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5_000_000,
        "\x00" * 10_000,
        "\ud800\udfff ET 3pm \ud800",
        "(" * 100_000,
        "3pm " * 200_000,
        "İ" * 1000,
        "Tuesday afternoon, Central. " * 200_000,
        ", Central" * 500_000,
        "Dienstagnachmittagnachmittag PT " * 100_000,
    ],
    ids=[
        "5mb-letters",
        "nuls",
        "lone-surrogates",
        "parentheses",
        "many-times",
        "dotted-capital-i",
        "many-clause-zones",
        "many-commas",
        "long-compounds",
    ],
)
def test_find_lead_zone_answers_hostile_input_quickly(text: str) -> None:
    started = time.perf_counter()
    find_lead_zone(text, phone="\ud800+1", received_at=RECEIVED)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400), phone=st.one_of(st.none(), st.text(max_size=20)))
def test_find_lead_zone_never_raises(text: str, phone: str | None) -> None:
    hint = find_lead_zone(text, phone=phone, received_at=RECEIVED)
    assert hint is None or hint.source in {"text", "phone"}


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.text(alphabet="0123456789 .,;:!?-/\n", max_size=80),
    suffix=st.text(alphabet="0123456789 .,;:!?-/\n", max_size=80),
)
def test_find_lead_zone_finds_a_stated_zone_amid_noise(prefix: str, suffix: str) -> None:
    assert zone_of(f"{prefix} Thursday 2-4pm (Pacific Time) {suffix}") == "America/Los_Angeles"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Tuesday 3pm Lisbon works", "Europe/Lisbon"),
        ("Can we do 9-10am Los Angeles on Friday?", "America/Los_Angeles"),
        ("Mittwoch 14 Uhr Wien", "Europe/Vienna"),
        ("jueves 16:00 Bogotá", "America/Bogota"),
        ("Friday 11am NYC", "America/New_York"),
    ],
    ids=["en-city", "en-two-words", "de", "es-accent", "upper-case-short"],
)
def test_find_lead_zone_reads_a_place_right_after_a_time(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday 2-4pm your time",
        "Acme GmbH, 12 Berlin Street, Dublin, CA",
        "Monday 10am Spanish lesson, then free",
        "Friday 3pm Christmas party",
        "nous sommes dispo mardi 14h la semaine prochaine",
    ],
    ids=["your-time", "street-address", "adjective", "iana-city-word", "fr-article"],
)
def test_find_lead_zone_ignores_words_after_times_that_are_no_place(text: str) -> None:
    assert zone_of(text) is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Dinsdag 10-11 uur Amsterdamse tijd", "Europe/Amsterdam"),
        ("Passt 14 Uhr Kölner Zeit?", "Europe/Berlin"),
        ("Mittwoch 9 Uhr Münchner Zeit", "Europe/Berlin"),
        ("Graag om 15 uur Utrechtse tijd", "Europe/Amsterdam"),
        ("el lunes a las 10, hora de Bogotá", "America/Bogota"),
        ("mardi 11h, heure de Montréal", "America/Toronto"),
        ("quarta às 10h, horário de Lisboa", "Europe/Lisbon"),
        ("el martes a las 9, hora de Lisboa", "Europe/Lisbon"),
        ("Friday 4pm Lisbon time", "Europe/Lisbon"),
    ],
    ids=["nl-amsterdamse", "de-koelner", "de-muenchner", "nl-utrechtse", "es-bogota", "fr-montreal",
         "pt-lisboa", "es-lisboa", "en-lisbon"],
)  # fmt: skip
def test_find_lead_zone_reads_city_adjectives_and_hour_of_place(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("I'm based in Phoenix, so mornings are best.", "America/Phoenix"),
        ("Ahora estoy en Madrid, te escribo luego.", "Europe/Madrid"),
        ("Ich sitze in München und bin flexibel.", "Europe/Berlin"),
        ("Je suis à Lyon cette semaine.", "Europe/Paris"),
        ("Moro em Lisboa, podemos falar amanhã.", "Europe/Lisbon"),
        ("Ik zit in Rotterdam, dus liefst ochtends.", "Europe/Amsterdam"),
    ],
    ids=["en-based", "es-estoy-en", "de-sitze-in", "fr-je-suis-a", "pt-moro-em", "nl-ik-zit-in"],
)
def test_find_lead_zone_reads_self_statements_of_place(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "Je suis à votre disposition.",
        "Ich bin in Elternzeit.",
        "Estoy en una reunión, te llamo luego.",
        "Saludos,\nAna\nCalle Mayor 5, Madrid",
        "Kind regards,\nTom\n100 Main St, Phoenix AZ",
        "The Hamburger time slot is full.",
        "Estou em reunião agora.",
    ],
    ids=[
        "fr-disposition",
        "de-elternzeit",
        "es-reunion",
        "es-address",
        "en-address",
        "en-adjective",
        "pt-reuniao",
    ],
)
def test_find_lead_zone_ignores_places_without_a_self_reference(text: str) -> None:
    assert zone_of(text) is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("tomorrow morning ET is good for me", "America/New_York"),
        ("Thursday afternoon PT works", "America/Los_Angeles"),
        ("this evening pst if that suits", "America/Los_Angeles"),
        ("Friday morning (CT) please", "America/Chicago"),
        ("mañana por la tarde ET me va bien", "America/New_York"),
        ("Dienstagnachmittag CT passt mir", "America/Chicago"),
        ("morgen vormittags PT wäre gut", "America/Los_Angeles"),
        ("mardi après-midi ET si possible", "America/New_York"),
        ("amanhã de manhã MT seria ótimo", "America/Denver"),
        ("donderdagmiddag ET kan ik", "America/New_York"),
    ],
    ids=["en-morning", "en-afternoon", "en-lower-pst", "en-parens", "es-tarde", "de-compound", "de-vormittags",
         "fr-apres-midi", "pt-manha", "nl-compound"],
)  # fmt: skip
def test_find_lead_zone_reads_an_abbreviation_after_a_part_of_the_day(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Monday 9-10 or Wednesday afternoon, Central. Reply here with a link.", "America/Chicago"),
        ("Friday after 2pm, Eastern.", "America/New_York"),
        ("Thursday morning works, Pacific", "America/Los_Angeles"),
        ("Mon or Tue 3-5, ET.", "America/New_York"),
        ("Next Wednesday afternoon Mountain.", "America/Denver"),
        ("Tuesday 2pm, Eastern, or Friday morning", "America/New_York"),
        ("lunes de 10 a 12, CET.", "Europe/Berlin"),
        ("el jueves por la tarde, hora de Madrid.", "Europe/Madrid"),
        ("Tuesday 3pm, Eastern. I'm in Sydney this month.", "Australia/Sydney"),
    ],
    ids=["en-central", "en-eastern", "en-pacific-end", "en-et", "en-after-part", "en-mid-list", "es-cet",
         "es-hora-de", "au-eastern"],
)  # fmt: skip
def test_find_lead_zone_reads_a_zone_closing_an_availability_clause(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "Let's meet Tuesday at Central Station",
        "Tuesday at 3pm, Central Station lobby.",
        "Tuesday works for the Pacific account",
        "We have 3 offices, Central.",
        "Thanks, Pacific.",
        "mardi matin et jeudi après-midi",
        "le matin est libre mardi",
        "Der Nachmittag ist frei am Dienstag",
        "Friday afternoon AT the office",
        "Thursday morning PTO, back Friday",
        "Monday morning, central heating is off",
        "La tarde ET CETERA",
    ],
    ids=["central-station", "central-station-comma", "pacific-account", "no-day-in-clause", "thanks-pacific",
         "fr-et", "fr-est", "de-ist", "en-at", "pto", "lowercase-region", "et-cetera"],
)  # fmt: skip
def test_find_lead_zone_ignores_day_parts_and_commas_without_a_zone(text: str) -> None:
    assert zone_of(text) is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("sure, book whatever suits - i'm PT btw.", "America/Los_Angeles"),
        ("I'm on ET, so mornings are easier.", "America/New_York"),
        ("We're CT. Tuesday is open.", "America/Chicago"),
        ("I am EST", "America/New_York"),
        ("I'm in CET this month", "Europe/Berlin"),
        ("I'm in MT btw", "America/Denver"),
        ("Kurz zur Info: ich bin in MEZ.", "Europe/Berlin"),
        ("Ojo, estoy en CET.", "Europe/Berlin"),
    ],
    ids=[
        "en-bare-pt",
        "en-on-et",
        "en-we-ct",
        "en-bare-est",
        "en-in-cet",
        "en-in-mt-btw",
        "de-mez",
        "es-cet",
    ],
)
def test_find_lead_zone_reads_a_first_person_abbreviation(text: str, zone: str) -> None:
    assert zone_of(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "I'm seeing my PT on Tuesday, so later that week.",
        "Sorry, I'm in PT.",
        "I'm in PT today, back tomorrow",
        "Hi, I'm Sydney from the ops team",
        "I'm AT the office all day",
        "We have a second office in NL.",
        "I'm in NL next week",
        "THERE IS NO TIME LEFT",
        "Our DE team will take it from here",
    ],
    ids=["physical-therapist", "in-pt-sentence-end", "in-pt-today", "name-intro", "at-word", "nl-country",
         "nl-self-place", "shouted-no-time", "de-team"],
)  # fmt: skip
def test_find_lead_zone_ignores_abbreviations_and_codes_without_a_zone_statement(text: str) -> None:
    assert zone_of(text) is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Dinsdag tussen 13 en 15 uur (NL tijd) komt het best uit.", "Europe/Amsterdam"),
        ("Dienstag 10 Uhr DE Zeit passt.", "Europe/Berlin"),
        ("Thursday 3pm UK time", "Europe/London"),
        ("el jueves a las 10, hora ES", "Europe/Madrid"),
        ("jeudi à 10h heure FR", "Europe/Paris"),
        ("quinta às 10h hora BR", "America/Sao_Paulo"),
        ("quinta às 10h, horário brasileiro", "America/Sao_Paulo"),
        ("el jueves a las 10 hora española", "Europe/Madrid"),
        ("jeudi 10h heure française", "Europe/Paris"),
        ("woensdag 10 uur Nederlandse tijd", "Europe/Amsterdam"),
    ],
    ids=["nl-code", "de-code", "en-uk", "es-code", "fr-code", "pt-code", "pt-adjective", "es-adjective",
         "fr-adjective", "nl-adjective"],
)  # fmt: skip
def test_find_lead_zone_reads_country_codes_and_adjectives_before_time(text: str, zone: str) -> None:
    assert zone_of(text) == zone


SUMMER = datetime(2026, 6, 16, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("I'm in Saskatoon. Thursday 2-3pm Central works.", "America/Regina"),
        ("I live in Mesa, AZ. Wednesday 3-4pm Mountain works.", "America/Phoenix"),
        ("Thursday 2-3pm Eastern - Brisbane office.", "Australia/Brisbane"),
        ("Thursday 9-10am MDT - Phoenix office", "America/Denver"),
        ("Wednesday 3-4pm Mountain works", "America/Denver"),
    ],
    ids=["regina-central", "mesa-az", "brisbane-eastern", "daylight-word-never-yields", "no-place"],
)
def test_a_zone_word_beside_a_place_without_daylight_saving_is_that_place(text: str, zone: str) -> None:
    hint = find_lead_zone(text, phone=None, received_at=SUMMER)
    assert hint is not None
    assert hint.zone == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Donnerstag 14–16 Uhr Berliner Ortszeit", "Europe/Berlin"),
        ("Mittwoch 15–16 Uhr Ortszeit Zürich", "Europe/Zurich"),
        ("Torsdag 14–16 svensk tid passar bra.", "Europe/Stockholm"),
        ("Jag sitter i Göteborg. Onsdag förmiddag funkar.", "Europe/Stockholm"),
        ("El jueves a las 11, hora de Nueva York.", "America/New_York"),
        ("El miércoles de 10 a 11, hora del Pacífico.", "America/Los_Angeles"),
        ("Mardi 10h-11h heure du Québec.", "America/Toronto"),
        ("Lundi 10h-12h heure de l'Est.", "America/New_York"),
        ("Jeudi 9h-10h heure de la Réunion.", "Indian/Reunion"),
        ("Quinta-feira das 10h às 12h, hora dos Açores.", "Atlantic/Azores"),
        ("El miércoles de 10 a 12, hora canaria.", "Atlantic/Canary"),
        ("Tuesday 3-4pm Canary Islands time works.", "Atlantic/Canary"),
        ("Sono a Milano: domani mattina va bene.", "Europe/Rome"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_zone_words_of_other_languages_and_island_zones(text: str, zone: str) -> None:
    assert zone_of(text) == zone


def test_the_table_name_of_a_company_is_no_zone() -> None:
    assert zone_of("The Phoenix project is on hold until Q3.") is None
    assert zone_of("Die Ortszeit ist mir egal.") is None
