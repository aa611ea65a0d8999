"""Intent classification: what the lead's new words ask for, in six languages and in SMS style."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.intent import Intent, IntentVerdict, classify_intent
from schedlink.domain.intent_rules import cues
from schedlink.domain.intent_rules.anchors import anchors
from schedlink.domain.intent_rules.lexicon import Lexicon
from schedlink.domain.intent_rules.text import LINK_FILL, prepare
from schedlink.domain.message import NormalisedBody, Region

pytestmark = pytest.mark.unit

LINK = "https://calendly.com/jo-weber/20min"
BOOK = Intent.BOOK_VIA_LINK
BOOKED = Intent.ALREADY_BOOKED
PROPOSE = Intent.PROPOSE_TIMES
REQUEST = Intent.REQUEST_OUR_LINK
INTERESTED = Intent.INTERESTED
REFUSE = Intent.NOT_INTERESTED
AWAY = Intent.OUT_OF_OFFICE
STOP = Intent.UNSUBSCRIBE
OTHER = Intent.OTHER


def classify(
    text: str,
    *,
    link: bool = False,
    region: Region = Region.NEW,
    subject: str | None = None,
    signature: str = "",
    quoted: str = "",
    sentiment: str | None = None,
) -> IntentVerdict:
    body = NormalisedBody(new_text=text, signature=signature, quoted=quoted)
    return classify_intent(
        body, subject=subject, has_link=link, link_region=region if link else None, sentiment=sentiment
    )


INTENT_CASES = [
    # English, including clipped SMS/chat style.
    ("en-book-calendar", f"Happy to chat. Grab any slot that suits on my calendar: {LINK}", True, BOOK),
    ("en-book-colleague", f"I'm not the right person, please book with my colleague Tom: {LINK}", True, BOOK),
    ("en-book-assistant", f"my assistant runs my diary, book through her: {LINK}", True, BOOK),
    ("en-book-use-page", f"Please use my booking page to set it up {LINK}", True, BOOK),
    ("en-book-sms", f"ok book me in {LINK} thx", True, BOOK),
    ("en-book-free-choice", "Interested! Book whatever works for you here.", False, BOOK),
    ("en-book-rather-mine", f"I'd rather use my own scheduler if that's ok {LINK}", True, BOOK),
    ("en-book-bare-link", LINK, True, BOOK),
    ("en-booked-slot", "I grabbed a slot on your calendar for Tuesday.", False, BOOKED),
    ("en-booked-short", "just booked Tuesday", False, BOOKED),
    ("en-booked-invite-sent", "I've sent you an invite for Thursday 3pm.", False, BOOKED),
    ("en-booked-confirmed", "Done! Meeting is confirmed for Wed.", False, BOOKED),
    ("en-propose-invite", "Tuesday 3-4pm or Wednesday morning works, please send an invite.", False, PROPOSE),
    ("en-propose-call-me", "can you call me tomorrow between 10 and 11:30 am?", False, PROPOSE),
    ("en-request-calendly", "ok send me your calendly", False, REQUEST),
    ("en-request-times", "What times work for you next week?", False, REQUEST),
    ("en-request-sms", "can u send ur link pls", False, REQUEST),
    ("en-interested-later", "Let's talk in March once the budget is approved.", False, INTERESTED),
    (
        "en-interested-will-book",
        "Thanks, I'll grab a time on your calendar later this week.",
        False,
        INTERESTED,
    ),
    ("en-interested-question", "Does it integrate with Salesforce?", False, INTERESTED),
    ("en-refuse", "Not interested, thanks.", False, REFUSE),
    ("en-refuse-vendor", "Thanks but we're happy with our current vendor.", False, REFUSE),
    ("en-refuse-sms", "nah we're good", False, REFUSE),
    ("en-away", "I'm out of the office until Monday with limited access to email.", False, AWAY),
    ("en-stop", "STOP", False, STOP),
    ("en-unsubscribe", "pls remove me from ur list", False, STOP),
    ("en-book-calendar-open", f"Let's find a time, my calendar is open: {LINK}", True, BOOK),
    ("en-booked-accepted", "Just accepted the invite, thanks!", False, BOOKED),
    ("en-propose-at", "How about Thursday at 2?", False, PROPOSE),
    ("en-request-time", "Do you have time next week?", False, REQUEST),
    ("en-away-leave", "I'm currently on annual leave and will be back on 3 June.", False, AWAY),
    ("en-other-puzzled", "Who gave you my number?", False, OTHER),
    (
        "en-other-forward",
        "Forwarding this to our procurement team; they will reach out if relevant.",
        False,
        OTHER,
    ),
    ("sms-book-no-punctuation", "we need two devs for our portal book through our page please", False, BOOK),
    (
        "sms-book-after-greeting",
        f"hi arjun here saw your note just use {LINK} any slot this week",
        True,
        BOOK,
    ),
    (
        "sms-question-no-mark",
        f"does your tool plug into hubspot we already use {LINK} for our reps",
        True,
        INTERESTED,
    ),
    # Spanish.
    ("es-book", f"Claro, reserva una hora en mi calendario: {LINK}", True, BOOK),
    ("es-book-conmigo", f"Puedes agendar conmigo aquí: {LINK}", True, BOOK),
    ("es-booked", "Ya reservé un hueco para el jueves, gracias.", False, BOOKED),
    ("es-propose", "El martes de 10 a 12 me viene bien, mándame la invitación.", False, PROPOSE),
    ("es-request", "¿Qué horarios te vienen bien la próxima semana?", False, REQUEST),
    ("es-refuse", "No nos interesa, gracias.", False, REFUSE),
    ("es-stop", "Por favor, quitadme de vuestra lista.", False, STOP),
    ("es-stop-baja", "Quiero darme de baja", False, STOP),
    ("es-book-te-dejo", f"Te dejo mi enlace para que agendes: {LINK}", True, BOOK),
    ("es-interested-later", "Me interesa, pero escríbeme en septiembre.", False, INTERESTED),
    # German.
    ("de-book", f"Gerne, buchen Sie sich direkt einen Termin in meinem Kalender: {LINK}", True, BOOK),
    ("de-book-verb-last", "Sie können hier direkt einen Termin mit mir buchen.", False, BOOK),
    ("de-booked", "Ich habe gerade einen Termin über Ihren Link gebucht.", False, BOOKED),
    (
        "de-propose",
        "Dienstag zwischen 14 und 15 Uhr passt mir, schicken Sie mir eine Einladung.",
        False,
        PROPOSE,
    ),
    ("de-request", "Haben Sie einen Buchungslink?", False, REQUEST),
    ("de-refuse", "Kein Interesse, danke.", False, REFUSE),
    ("de-stop", "Bitte keine weiteren E-Mails.", False, STOP),
    ("de-stop-abmelden", "abmelden", False, STOP),
    # French.
    ("fr-book", f"Avec plaisir, prenez un créneau directement dans mon agenda : {LINK}", True, BOOK),
    ("fr-booked", "J'ai réservé un créneau pour jeudi.", False, BOOKED),
    ("fr-propose", "Mardi entre 10h et 11h me convient, envoyez-moi une invitation.", False, PROPOSE),
    ("fr-request", "Envoyez-moi vos disponibilités pour la semaine prochaine.", False, REQUEST),
    ("fr-refuse", "Non merci, pas intéressé.", False, REFUSE),
    ("fr-stop", "Merci de me désabonner.", False, STOP),
    # Portuguese.
    ("pt-book", f"Claro! Agende um horário na minha agenda: {LINK}", True, BOOK),
    ("pt-booked", "Já agendei para quinta-feira pelo seu link.", False, BOOKED),
    ("pt-propose", "Terça-feira das 14h às 15h fica bom para mim, me envie o convite.", False, PROPOSE),
    ("pt-request", "Me mande seus horários disponíveis, por favor.", False, REQUEST),
    ("pt-refuse", "Não temos interesse, obrigado.", False, REFUSE),
    ("pt-stop", "Por favor, me remova da lista.", False, STOP),
    # Dutch.
    ("nl-book", f"Prima, plan gerust een moment in via mijn agenda: {LINK}", True, BOOK),
    ("nl-book-verb-last", "Je kunt hier een afspraak met mij inplannen.", False, BOOK),
    ("nl-booked", "Ik heb net een afspraak geboekt via jouw link.", False, BOOKED),
    ("nl-propose", "Dinsdag tussen 10 en 11 uur past, stuur me een uitnodiging.", False, PROPOSE),
    ("nl-request", "Stuur me een paar tijden die jou passen.", False, REQUEST),
    ("nl-refuse", "Geen interesse, bedankt.", False, REFUSE),
    ("nl-stop", "Graag uitschrijven.", False, STOP),
]


@pytest.mark.parametrize(
    ("text", "link", "expected"), [case[1:] for case in INTENT_CASES], ids=[case[0] for case in INTENT_CASES]
)
def test_classify_intent_reads_the_leads_intent(text: str, link: bool, expected: Intent) -> None:
    assert classify(text, link=link).intent == expected


NEGATED_CASES = [
    ("en-dont-use", "Don't use my calendly, it's broken. Send me a couple of times instead.", REQUEST),
    ("en-ignore", "Please ignore my booking link, what times work for you?", REQUEST),
    ("en-hold-off", f"Here's my calendly but please hold off on booking until I check: {LINK}", INTERESTED),
    (
        "en-not-a-fan",
        f"Thursday 3-4pm ET works. Just send an invite, not a fan of booking links. {LINK}",
        PROPOSE,
    ),
    ("en-cant-book", f"You can't book me through {LINK} anymore, we moved to email.", OTHER),
    ("es-no-uses", "No uses mi enlace, está roto. ¿Me mandas tus horarios?", REQUEST),
    (
        "de-bitte-nicht",
        "Bitte nicht über meinen Link buchen, schicken Sie mir lieber ein paar Terminvorschläge.",
        REQUEST,
    ),
    ("fr-n-utilisez-pas", "N'utilisez pas mon lien, envoyez-moi plutôt vos disponibilités.", REQUEST),
    ("pt-nao-use", "Não use meu link, está desatualizado. Me mande seus horários.", REQUEST),
    ("nl-niet-gebruiken", "Gebruik mijn link niet, die werkt niet. Stuur me een paar tijden.", REQUEST),
    ("short-not-now", f"Not now, thanks. {LINK} is for clients.", Intent.NOT_INTERESTED),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in NEGATED_CASES], ids=[case[0] for case in NEGATED_CASES]
)
def test_classify_intent_never_books_on_a_disowned_link(text: str, expected: Intent) -> None:
    assert classify(text, link=True).intent == expected


NOT_THEIR_PAGE_CASES = [
    ("first-person-future", "I'll book a time via your link later today"),
    ("first-person-question", "Should I book through your calendly?"),
    ("we-book-customers", f"We book our patients through {LINK}. What does your tool add?"),
    ("your-calendar", "Let me grab a time on your calendar tomorrow."),
    ("noun-not-verb", "My schedule is packed, sorry."),
    ("fully-booked", "Sorry, I'm fully booked this week. Maybe next month?"),
    ("de-ich-buche", "Ich buche mir nächste Woche einen Termin über Ihren Link."),
    ("fr-je-vais", "Je vais réserver un créneau sur votre agenda."),
    ("pt-vou", "Vou agendar pelo seu link amanhã."),
    ("nl-ik-plan", "Ik plan zelf wel iets in via jullie link."),
    ("de-noun-agenda", "Das steht auf unserer Agenda."),
    ("fr-agenda-full", "Mon agenda est plein cette semaine."),
    ("grab-a-coffee", "Grab a coffee with me when you're in Berlin!"),
    ("link-disabled", f"Booking through my link is disabled right now: {LINK}"),
    ("question-about-link", f"Is {LINK} your link? Can't open it."),
    ("competitor", "We sell booking software to clinics, so we're a competitor really."),
    ("es-agenda-llena", "Mi agenda está llena esta semana, ¿me propones horarios?"),
]


@pytest.mark.parametrize(
    "text", [case[1] for case in NOT_THEIR_PAGE_CASES], ids=[case[0] for case in NOT_THEIR_PAGE_CASES]
)
def test_classify_intent_does_not_book_when_the_lead_books_or_means_our_page(text: str) -> None:
    assert classify(text, link=True).intent != BOOK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not booked yet, will do tomorrow.", INTERESTED),
        ("Please don't remove me from the newsletter, it's useful.", OTHER),
        ("We haven't booked anything yet. Does it support SSO?", INTERESTED),
        ("Todavía no he reservado, ¿tienes un enlace?", REQUEST),
    ],
    ids=["not-booked-yet", "dont-remove-me", "havent-booked", "es-todavia-no"],
)
def test_classify_intent_reads_negated_cues_as_their_opposite(text: str, expected: Intent) -> None:
    assert classify(text).intent == expected


def test_classify_intent_out_of_office_wins_over_a_colleagues_link() -> None:
    text = f"I'm away until Monday; for urgent matters book with my colleague: {LINK}"
    assert classify(text, link=True).intent == AWAY


AUTO_REPLY_SUBJECTS = [
    ("en", "Automatic reply: Quick question", "Thanks for your email."),
    ("en-ooo", "Out of Office: Intro", "Thank you for your message."),
    ("de", "Abwesenheitsnotiz: Ihre Anfrage", "Vielen Dank für Ihre Nachricht."),
    ("fr", "Réponse automatique : Votre service", "Merci pour votre message."),
    ("es", "Respuesta automática: Hola", "Gracias por tu mensaje."),
    ("pt", "Resposta automática: Olá", "Obrigado pela mensagem."),
    ("nl", "Afwezig: Uw bericht", "Bedankt voor uw bericht."),
]


@pytest.mark.parametrize(
    ("subject", "text"),
    [case[1:] for case in AUTO_REPLY_SUBJECTS],
    ids=[case[0] for case in AUTO_REPLY_SUBJECTS],
)
def test_classify_intent_reads_auto_reply_subjects(subject: str, text: str) -> None:
    assert classify(text, subject=subject).intent == AWAY


def test_classify_intent_ignores_auto_reply_words_in_a_reply_subject() -> None:
    assert (
        classify("Sounds interesting, tell me more.", subject="Re: Out of office tools").intent == INTERESTED
    )


def test_classify_intent_ignores_our_pitch_in_quoted_history() -> None:
    quoted = "Worth a 20-minute call? If it's easier, grab any time here: https://calendly.com/acme/intro"
    assert classify("Thanks, not right now.", quoted=quoted).intent == REFUSE


def test_classify_intent_ignores_a_booking_label_in_the_signature() -> None:
    verdict = classify("Can you send over a one-pager first?", signature=f"Jane Roe\nBook a meeting: {LINK}")
    assert verdict.intent == INTERESTED


def test_classify_intent_drops_a_signature_block_left_in_the_new_text() -> None:
    text = f"Thanks - can you send a one-pager first? I'll review it.\n\nJane Roe | VP Finance | Acme\nBook a meeting: {LINK}"
    assert classify(text, link=True).intent == INTERESTED


def test_classify_intent_reads_a_refusal_the_splitter_took_for_a_sign_off() -> None:
    assert (
        classify("Sehr geehrter Herr Brandl,", signature="danke, kein Bedarf.\n\nJutta Kramer").intent
        == REFUSE
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not interested. calendly.com/jane/book-a-call is just my old page.", REFUSE),
        ("See https://example.com/unsubscribe-help for our policy. Book here: https://cal.com/jo", BOOK),
        ("My email is book.me@example.com, what times work for you?", REQUEST),
    ],
    ids=["path-words", "unsubscribe-in-url", "book-in-address"],
)
def test_classify_intent_does_not_read_words_inside_urls_or_addresses(text: str, expected: Intent) -> None:
    assert classify(text, link=True).intent == expected


@pytest.mark.parametrize(
    ("link", "region", "expected"),
    [(True, Region.NEW, BOOK), (True, Region.SIGNATURE, OTHER), (False, Region.NEW, OTHER)],
    ids=["link-in-text", "link-in-signature", "no-lead-link"],
)
def test_classify_intent_books_a_bare_link_only_when_it_is_the_leads(
    link: bool, region: Region, expected: Intent
) -> None:
    assert classify("cal.com/jo-weber - tue or wed", link=link, region=region).intent == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (f"Hi Sam, please book a time on my calendar: {LINK}", "book a time on my calendar"),
        ("Non merci, pas intéressé.", "Non merci"),
        (
            "Ich habe gerade einen Termin über Ihren Link gebucht.",
            "Ich habe gerade einen Termin über Ihren Link gebucht",
        ),
        ("Tuesday 3-4pm works, please send an invite.", "Tuesday 3-4pm"),
    ],
    ids=["book", "refuse-accented", "booked-german", "propose"],
)
def test_classify_intent_phrase_is_the_deciding_substring(text: str, phrase: str) -> None:
    assert classify(text, link=True).phrase == phrase


def test_classify_intent_sentiment_raises_confidence_when_it_agrees() -> None:
    text = f"Here's my calendly: {LINK}"
    plain, agreeing = classify(text, link=True), classify(text, link=True, sentiment="Positive")
    assert (plain.intent, plain.confidence, agreeing.intent, agreeing.confidence) == (BOOK, 0.8, BOOK, 0.85)


def test_classify_intent_sentiment_never_overrides_a_clear_phrase() -> None:
    assert classify(f"Please book via my page {LINK}", link=True, sentiment="negative").intent == BOOK


@pytest.mark.parametrize(
    ("sentiment", "expected"),
    [("out_of_office", AWAY), ("unsubscribe", STOP), ("negative", REFUSE), (None, OTHER), ("weird", OTHER)],
    ids=["ooo", "unsubscribe", "negative", "none", "unknown"],
)
def test_classify_intent_sentiment_decides_only_without_cues(sentiment: str | None, expected: Intent) -> None:
    assert classify("ok.", sentiment=sentiment).intent == expected


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5_000_000,
        "book my calendar here " * 50_000,
        "x@" * 300_000,
        "a.b" * 300_000,
        "http://" + "a" * 1_000_000,
        "\ud800book\udfff here " * 20_000,
        "\x00" * 1_000_000,
        "monday 1-2pm " * 100_000,
        "Jane Roe | CEO\n" * 100_000,
    ],
    ids=[
        "long-word",
        "repeated-cue",
        "at-signs",
        "dotted",
        "long-url",
        "surrogates",
        "nul",
        "times",
        "pipes",
    ],
)
def test_classify_intent_is_fast_on_hostile_input(text: str) -> None:
    started = time.perf_counter()
    verdict = classify(text, link=True, subject=text[:10_000], signature=text[:10_000], sentiment=text[:50])
    assert (isinstance(verdict.intent, Intent), time.perf_counter() - started < 0.25) == (True, True)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=400),
    subject=st.none() | st.text(max_size=80),
    sentiment=st.none() | st.text(max_size=20),
    link=st.booleans(),
)
def test_classify_intent_answers_any_text_quickly(
    text: str, subject: str | None, sentiment: str | None, link: bool
) -> None:
    started = time.perf_counter()
    verdict = classify(text, link=link, subject=subject, sentiment=sentiment)
    elapsed = time.perf_counter() - started
    phrase_found = verdict.phrase in text or verdict.phrase in (subject or "")
    assert (0.0 <= verdict.confidence <= 1.0, phrase_found, elapsed < 0.05) == (True, True, True)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["book", "my", "your", "calendar", "here", "not", "I'll", "send", "me", "times", "Tuesday", "3pm",
             "stop", "reservé", "Grüße", "https://cal.com/x", "a@b.co", ",", ".", "\n", "?", "don't", "link"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_classify_intent_answers_cue_soup(words: list[str]) -> None:
    text = " ".join(words)
    verdict = classify(text, link=True)
    assert (verdict.phrase in text, 0.0 <= verdict.confidence <= 1.0) == (True, True)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Réservez ÉTÉ", "reservez ete"),
        ("Grüße, Straße", "gruße, straße"),
        ("don’t – ok", "don't - ok"),
        ("İstanbul", "istanbul"),
    ],
    ids=["accents", "eszett-kept", "typography", "dotted-capital-i"],
)
def test_prepare_folds_without_changing_offsets(text: str, folded: str) -> None:
    original, result = prepare(text)
    assert (original, result, len(result)) == (text, folded, len(text))


def test_prepare_masks_urls_and_addresses_with_filler() -> None:
    text = "mail jo@x.com or calendly.com/jo/book-a-call."
    _, folded = prepare(text)
    expected = (
        "mail " + "\ue001" * len("jo@x.com") + " or " + LINK_FILL * len("calendly.com/jo/book-a-call") + "."
    )
    assert folded == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (r"\bbook\s+here", (("book", True),)),
        (r"\b(?:i|we)\s+booked", (("i", True), ("we", True))),
        (r"\binterest(?:ed|ing)\b", (("interest", False),)),
        (r"(?<=is\s)closed\b", (("closed", True),)),
        (r"\btmrw?\b", (("tmr", False),)),
    ],
    ids=["word", "alternatives", "stem", "lookbehind", "optional-letter"],
)
def test_anchors_finds_the_words_a_cue_starts_with(
    fragment: str, expected: tuple[tuple[str, bool], ...]
) -> None:
    assert anchors(fragment) == expected


@pytest.mark.parametrize(
    "fragment", [r"\s+book", r"(?:please\s+)?book", r"[bc]ook"], ids=["space", "optional", "class"]
)
def test_anchors_refuses_a_cue_without_a_leading_word(fragment: str) -> None:
    with pytest.raises(ValueError, match="cue"):
        anchors(fragment)


@pytest.mark.parametrize(
    "field",
    [
        "unsubscribe",
        "out_of_office",
        "already_booked",
        "request_link",
        "propose",
        "not_interested",
        "book_verbs",
    ],
)
def test_every_language_has_cues_for_the_core_intents(field: str) -> None:
    empty = [index for index, lexicon in enumerate(cues.LEXICONS) if not getattr(lexicon, field)]
    assert (len(cues.LEXICONS), empty) == (8, [])


def test_lexicon_defaults_are_empty() -> None:
    assert Lexicon().unsubscribe == ()


# Wording outside the cue lists: the phenomena the lists are meant to generalise to.
GENERALISATION_CASES = [
    # A pasted link framed in words the cue lists do not know.
    ("link-en-appointments", f"Sure thing. I take appointments through {LINK} these days.", True, BOOK),
    ("link-en-tool", f"I rely on Calendly for all my meetings - {LINK} - talk soon", True, BOOK),
    ("link-es-citas", f"Perfecto. Las citas las gestiono desde {LINK}, cuando quieras.", True, BOOK),
    ("link-de-termine", f"Danke Ihnen. Termine vergebe ich ausschließlich über {LINK} gerne.", True, BOOK),
    ("link-fr-rdv", f"Très bien. Mes rendez-vous passent tous par {LINK} désormais.", True, BOOK),
    ("link-pt-marcacoes", f"Combinado. As marcações ficam todas em {LINK} para facilitar.", True, BOOK),
    ("link-nl-afspraken", f"Top. Afspraken lopen bij mij altijd via {LINK} vanaf nu.", True, BOOK),
    # A link referred to without repeating it.
    ("ref-en-sent", "Just use the link I sent you on Monday, any slot is fine.", True, BOOK),
    ("ref-en-signature", "Please use the booking link in my signature from last week.", True, BOOK),
    ("ref-es-voseo", "Usá el enlace que te mandé ayer y elegí el horario que quieras.", True, BOOK),
    ("ref-de-unten", "Nutzen Sie bitte den Link weiter unten in meiner alten Mail.", True, BOOK),
    ("ref-fr-ci-dessous", "Utilisez le lien ci-dessous dans mon ancien message, merci.", True, BOOK),
    ("ref-pt-enviei", "Use o link que te enviei na semana passada.", True, BOOK),
    ("ref-nl-hieronder", "Gebruik de link hieronder uit mijn vorige mail maar.", True, BOOK),
    # Typos and SMS style.
    ("typo-bok-tiem", "ya bok a tiem on my calender whenever", False, BOOK),
    ("typo-shedule", f"shedule w/ me here pls {LINK} thx", True, BOOK),
    # Time proposals in abbreviations, figures and compound words.
    ("time-en-abbrev", "wed or thurs after 2 works, send an invite", False, PROPOSE),
    ("time-en-figures", "I could do 4/17 before 11 ET, please send an invite.", False, PROPOSE),
    ("time-de-compound", "Mittwochnachmittag passt mir, schicken Sie mir eine Einladung.", False, PROPOSE),
    ("time-de-abbrev", "Do. 10-12 Uhr ginge, schicken Sie mir gerne eine Einladung.", False, PROPOSE),
    ("time-nl-compound", "Vrijdagochtend kan ik, stuur je een uitnodiging?", False, PROPOSE),
    ("time-nl-abbrev", "wo 14-15 uur kan ik, stuur me een uitnodiging", False, PROPOSE),
    ("time-es-abbrev", "El jue 16:00 me viene bien, mándame la invitación.", False, PROPOSE),
    ("time-pt-abbrev", "Qui 9h30 fica bom para mim, envie o convite.", False, PROPOSE),
    # Refusals phrased as circumstances.
    (
        "refuse-en-renewed",
        "We just renewed with our payroll provider, so we'll sit this one out.",
        False,
        REFUSE,
    ),
    ("refuse-en-locked", "We're locked in with our agency for another year.", False, REFUSE),
    ("refuse-en-fit", "Appreciate it, but this isn't a fit for our team right now.", False, REFUSE),
    ("refuse-es-renovar", "Acabamos de renovar con nuestro proveedor actual.", False, REFUSE),
    ("refuse-de-vertrag", "Wir sind vertraglich noch zwei Jahre gebunden.", False, REFUSE),
    ("refuse-fr-renouveler", "Nous venons de renouveler notre contrat avec un autre cabinet.", False, REFUSE),
    ("refuse-pt-renovar", "Acabamos de renovar o contrato com o fornecedor atual.", False, REFUSE),
    ("refuse-nl-verlengd", "We hebben ons contract net verlengd bij de huidige partij.", False, REFUSE),
    # The lead put the meeting on our calendar and sends the invite.
    ("booked-en-put", f"I've put a 30 min call on your calendar for Friday, invite: {LINK}", True, BOOKED),
    ("booked-en-here", f"Here's the calendar invite for our chat: {LINK}", True, BOOKED),
    ("booked-es-puse", f"Te puse una reunión el viernes, aquí va la invitación: {LINK}", True, BOOKED),
    ("booked-de-anbei", f"Anbei die Einladung für unser Gespräch am Freitag: {LINK}", True, BOOKED),
    ("booked-fr-mis", f"J'ai mis un créneau vendredi, voici l'invitation : {LINK}", True, BOOKED),
    ("booked-pt-segue", f"Coloquei uma reunião para sexta, segue o convite: {LINK}", True, BOOKED),
    ("booked-nl-hierbij", f"Hierbij de uitnodiging voor vrijdag: {LINK}", True, BOOKED),
    # Regional variants.
    ("pt-pt-removam", "Removam os meus dados da vossa base, obrigado.", False, STOP),
    ("pt-pt-contactem", "Não me contactem mais, por favor.", False, STOP),
    ("es-voseo-mandame", "Mandame unos horarios y lo vemos.", False, REQUEST),
    ("nl-be-gelieve", "Gelieve mij uit te schrijven van deze lijst.", False, STOP),
    # Our link is broken, or the lead wants a few times.
    ("req-en-another", "Your page shows an error. Could you send me a new link?", False, REQUEST),
    ("req-es-otro", "Tu enlace no abre, mándame otro por favor.", False, REQUEST),
    ("req-de-neuen", "Ihr Link geht nicht, schicken Sie mir bitte einen neuen.", False, REQUEST),
    ("req-fr-autre", "Votre lien est introuvable, renvoyez-moi un autre lien.", False, REQUEST),
    ("req-pt-outro", "O seu link dá erro, mande-me outro.", False, REQUEST),
    ("req-nl-tijden", "Stuur me gerust een paar momenten, dan kies ik.", False, REQUEST),
]


@pytest.mark.parametrize(
    ("text", "link", "expected"),
    [case[1:] for case in GENERALISATION_CASES],
    ids=[case[0] for case in GENERALISATION_CASES],
)
def test_classify_intent_generalises_beyond_the_cue_lists(text: str, link: bool, expected: Intent) -> None:
    assert classify(text, link=link).intent == expected


LINK_FALLBACK_VETO_CASES = [
    ("question", f"We take appointments through {LINK} - does that work with your team?"),
    ("contrast", f"We run everything through {LINK} internally but just email me the pricing sheet."),
    ("out-of-service", f"My old scheduler {LINK} got deactivated after we switched vendors."),
    ("negated", f"You will not find me on {LINK} because that account belongs to my old team."),
    ("settled", f"We already use {LINK} for our own clients, and we like it a lot."),
    ("es-negated", f"Ya no atiendo por {LINK} desde que cambié de empresa."),
    ("de-contrast", f"Intern planen wir über {LINK} aber schicken Sie mir erst Unterlagen."),
]


@pytest.mark.parametrize(
    "text", [case[1] for case in LINK_FALLBACK_VETO_CASES], ids=[case[0] for case in LINK_FALLBACK_VETO_CASES]
)
def test_classify_intent_link_fallback_gives_way_to_any_doubt(text: str) -> None:
    assert classify(text, link=True).intent != BOOK


def test_classify_intent_link_fallback_ignores_a_link_only_in_quoted_history() -> None:
    verdict = classify(
        "Thanks, talk soon and have a lovely weekend everyone.", link=True, region=Region.QUOTED
    )
    assert verdict.intent != BOOK


@pytest.mark.parametrize(
    "text",
    [
        "Gebruik mijn link LINK niet, die is verouderd. Stuur me een paar tijden.",
        "Bitte benutzen Sie meinen Buchungslink LINK nicht mehr, schicken Sie mir lieber Termine.",
        "Boek via mijn agenda LINK liever niet, ik zit vol.",
    ],
    ids=["nl-use", "de-use", "nl-book"],
)
def test_classify_intent_reads_a_negator_after_the_link_as_negation(text: str) -> None:
    body = NormalisedBody(new_text=text.replace("LINK", "https://calendly.com/jane-doe/30min"))

    verdict = classify_intent(body, has_link=True, link_region=Region.NEW)

    assert verdict.intent != Intent.BOOK_VIA_LINK


GENERALISATION_CASES = [
    # Requests for our link or our times, asked politely or as a question.
    (
        "en-request-mind-sending-times",
        "Sure thing. Would you mind sending me a few dates that suit you?",
        False,
        REQUEST,
    ),
    (
        "en-request-email-times",
        "Could you just email me a couple of times that work on your side?",
        False,
        REQUEST,
    ),
    ("en-request-proposals", "Fine by me, send me two or three proposals and I'll choose.", False, REQUEST),
    (
        "en-request-actual-link",
        "Your email shows {{calendar_url}}. Could you share the actual link?",
        False,
        REQUEST,
    ),
    ("en-request-link-again", "Can you send your booking link again? I lost it.", False, REQUEST),
    (
        "en-request-after-cancelling",
        f"I cancelled the call I had booked ({LINK}) - could you send me your link again so I can rebook?",
        False,
        REQUEST,
    ),
    (
        "pt-request-pode-enviar",
        "Olá, tenho interesse. Poderia enviar-me o seu link de agendamento?",
        False,
        REQUEST,
    ),
    ("nl-request-kunt-u", "Prima. Kunt u mij een paar momenten mailen die u schikken?", False, REQUEST),
    (
        "de-request-koennen-sie",
        "Gern. Könnten Sie mir bitte Ihren Buchungslink zukommen lassen?",
        False,
        REQUEST,
    ),
    ("de-request-zwei-drei", "Passt. Senden Sie mir doch zwei, drei Zeitfenster.", False, REQUEST),
    (
        "fr-request-envoyez-creneaux",
        "Volontiers, envoyez-moi quelques créneaux la semaine prochaine.",
        False,
        REQUEST,
    ),
    # Already booked: an event made or an invitation accepted.
    ("en-booked-put-on-calendar", "We've put it on the calendar for Monday, see you then.", False, BOOKED),
    ("en-booked-invite-accepted", "Calendar invite accepted - looking forward to it.", False, BOOKED),
    ("de-booked-einladung", "Danke, Einladung ist angenommen.", False, BOOKED),
    ("es-booked-invitacion", "Perfecto, invitación aceptada.", False, BOOKED),
    ("fr-booked-invitation", "C'est noté, invitation acceptée.", False, BOOKED),
    ("pt-booked-convite", "Combinado, convite aceite.", False, BOOKED),
    ("nl-booked-uitnodiging", "Top, uitnodiging geaccepteerd.", False, BOOKED),
    # Opting out.
    ("fr-unsubscribe-retirer", "Bonjour, merci de nous retirer de vos listes d'envoi.", False, STOP),
    ("fr-unsubscribe-plus-recevoir", "Je ne veux plus recevoir ce genre de courriel.", False, STOP),
    ("de-unsubscribe-verteiler", "Bitte mich aus dem Verteiler nehmen.", False, STOP),
    # Wrong person, or who are you.
    ("en-other-wrong-name", "Hi, I think you have the wrong Priya.", False, OTHER),
    ("en-other-meant-for", "Was this meant for somebody else?", False, OTHER),
    ("en-other-mean-to-send", "Did you mean to send that to someone else?", False, OTHER),
    ("es-other-que-empresa", "Disculpa, ¿de qué compañía eres? No te conozco.", False, OTHER),
    ("fr-other-connais-pas", "Excusez-moi, je ne vous connais pas.", False, OTHER),
    ("nl-other-ken-niet", "Sorry, ik ken u niet. Van welk bedrijf bent u?", False, OTHER),
    ("pt-other-que-empresa", "Desculpe, de que empresa fala?", False, OTHER),
    # Refusal stated as a circumstance.
    (
        "en-refuse-signed-deal",
        "We just signed a multi-year contract with a different supplier.",
        False,
        REFUSE,
    ),
    (
        "de-refuse-vertrag",
        "Wir haben bereits einen Vertrag mit einem anderen Dienstleister unterzeichnet.",
        False,
        REFUSE,
    ),
    ("es-refuse-contrato", "Hemos firmado un contrato anual con otra empresa.", False, REFUSE),
    ("pt-refuse-contrato", "Assinamos um contrato com outro fornecedor no mês passado.", False, REFUSE),
    # Invitations to book on a link that stands elsewhere, or that the lead does not repeat.
    ("de-book-hier-href", "Gerne, wählen Sie hier einfach einen Zeitpunkt.", True, BOOK),
    ("de-book-such-dir-hier", "Klar, such dir hier einen Slot aus.", True, BOOK),
    ("pt-book-marca-usual", "Marca pelo meu Calendly de sempre, por favor.", False, BOOK),
]


@pytest.mark.parametrize(
    ("text", "link", "expected"),
    [c[1:] for c in GENERALISATION_CASES],
    ids=[c[0] for c in GENERALISATION_CASES],
)
def test_classify_intent_generalises_across_phrasings(text: str, link: bool, expected: Intent) -> None:
    assert classify(text, link=link).intent == expected


@pytest.mark.parametrize(
    "text",
    [
        "I had booked a slot last week, it went well, thanks.",  # a past booking with no request
        "Ich habe den Termin gebucht, bis Dienstag.",
    ],
    ids=["en-past-booking", "de-booked"],
)
def test_classify_intent_keeps_a_booking_when_nothing_was_undone(text: str) -> None:
    assert classify(text).intent == BOOKED


@pytest.mark.parametrize(
    "text",
    [
        "Grab here a coffee with me when you're in town.",  # a place word, but nothing to book is picked
        "I'll pick a time here on your calendar.",
        "Die Marke gefällt mir, ich suche mir hier einen Termin bei Ihnen aus.",
        "A marca é interessante, vou marcar pelo seu link.",
    ],
    ids=["en-coffee-here", "en-lead-books-ours", "de-lead-books-ours", "pt-lead-books-ours"],
)
def test_classify_intent_new_cues_do_not_invite_booking(text: str) -> None:
    assert classify(text).intent != BOOK


@pytest.mark.parametrize(
    "text",
    [
        "Happy to chat - please find a slot via the booking link in my signature.",
        "Use the scheduling link in my email signature to grab time.",
    ],
    ids=["find-slot", "use-link"],
)
def test_classify_intent_accepts_a_link_owned_just_after_its_noun(text: str) -> None:
    body = NormalisedBody(new_text=text, signature="Book a meeting: https://app.usemotion.com/meet/x/intro")

    verdict = classify_intent(body, has_link=True, link_region=Region.SIGNATURE)

    assert verdict.intent == Intent.BOOK_VIA_LINK


# Cases added for a lead who offers a page yet asks for ours, bare requests for times, bookings made by
# invitation or by a colleague, opt-outs, settled refusals, later plans and off-topic requests.
SAFETY_CASES = [
    (
        "en-page-but-send-times",
        f"my scheduler is {LINK} in case that's easier, but really I'd prefer you send over a few slots"
        " that suit your team.",
    ),
    ("en-page-rather-your-link", f"Here's my calendly ({LINK}) - though I'd rather you share yours instead."),
    (
        "es-page-pero-horarios",
        f"Te dejo mi calendly por si acaso: {LINK}, pero prefiero que me mandes unos horarios tuyos.",
    ),
    (
        "de-page-aber-termine",
        f"Hier ist mein Kalender: {LINK}. Lieber wäre mir aber, Sie schicken mir ein paar Termine.",
    ),
    (
        "fr-page-mais-creneaux",
        f"Voici mon lien : {LINK}, mais je préfère que vous m'envoyiez plutôt quelques créneaux.",
    ),
    ("pt-page-mas-horarios", f"Segue meu link {LINK}, mas prefiro que você me mande alguns horários."),
    ("nl-page-maar-tijden", f"Hier is mijn agenda: {LINK}, maar stuur me liever een paar tijden."),
]


@pytest.mark.parametrize(("text"), [text for _, text in SAFETY_CASES], ids=[i for i, _ in SAFETY_CASES])
def test_classify_intent_a_request_for_our_times_vetoes_the_leads_page(text: str) -> None:
    assert classify(text, link=True).intent == REQUEST


@pytest.mark.parametrize(
    "text",
    [
        f"Happy to chat, here's my calendly: {LINK} - but if none of it works, send me your link.",
        f"Book any slot on my calendar: {LINK}. If nothing fits, send me some times.",
    ],
    ids=["en-fallback-request-link", "en-fallback-request-times"],
)
def test_classify_intent_a_fallback_request_keeps_a_real_invitation(text: str) -> None:
    assert classify(text, link=True).intent == BOOK


FOLLOW_UP_CASES = [
    ("en-bare-times", "which slots do you have next week?", REQUEST),
    ("en-bare-times-open", "What days have you got open?", REQUEST),
    ("nl-bare-times", "Leuk! Kunt u een paar momenten voorstellen?", REQUEST),
    ("nl-bare-times-send", "Kun je wat tijdstippen sturen?", REQUEST),
    ("es-bare-times", "Me interesa. ¿Qué días tienes libres?", REQUEST),
    ("de-bare-times", "Klingt gut. Welche Zeiten hätten Sie denn frei?", REQUEST),
    ("fr-bare-times", "Pourquoi pas. Quelles disponibilités avez-vous ?", REQUEST),
    ("pt-bare-times", "Gostei. Quais dias você tem livres?", REQUEST),
    ("en-booked-invite-day", "Just fired over an invite for Wednesday at 10am, see you then.", BOOKED),
    ("en-booked-invite-sent-time", "I sent you an invite for Monday 4pm.", BOOKED),
    ("en-booked-already-scheduled", "We already have a call scheduled with you next Monday.", BOOKED),
    ("en-booked-colleague", "Our ops lead already set up a meeting with your team for Friday.", BOOKED),
    ("en-booked-assistant", "No need to do anything, my assistant Rosa booked us for Friday 9am.", BOOKED),
    ("en-booked-minutes", "I've put 45 minutes on your calendar for Wednesday.", BOOKED),
    (
        "en-own-meeting-is-no-booking",
        "I have a call scheduled at 2pm Tuesday, could we do 4pm instead?",
        PROPOSE,
    ),
    ("es-booked-invite", "Le envié una invitación para el jueves a las 15h.", BOOKED),
    ("de-booked-invite", "Wir haben Ihnen gerade eine Einladung für Mittwoch 14 Uhr geschickt.", BOOKED),
    ("fr-booked-invite", "Je t'ai envoyé une invitation pour mardi 11h.", BOOKED),
    ("pt-booked-invite", "Já te enviei um convite para quinta às 14h.", BOOKED),
    ("nl-booked-invite", "We hebben u een uitnodiging gestuurd voor vrijdag 10:00.", BOOKED),
    ("nl-unsubscribe-list", "Graag mij van uw mailinglijst verwijderen.", STOP),
    ("nl-unsubscribe-haal", "Haal ons uit jullie bestand aub.", STOP),
    ("es-unsubscribe-mensajes", "Por favor, no nos manden más correos.", STOP),
    ("es-unsubscribe-escriban", "No me vuelvan a escribir.", STOP),
    ("de-unsubscribe-schreiben", "Bitte schreibt mir nicht mehr.", STOP),
    ("fr-unsubscribe-ecrivez", "Merci de ne plus m'écrire.", STOP),
    ("fr-unsubscribe-ne-plus", "Ne m'envoyez plus de messages svp.", STOP),
    ("pt-unsubscribe-mandem", "Por favor não me enviem mais e-mails.", STOP),
    (
        "de-settled-erledigt",
        "Wir haben letzten Monat ein neues Tool eingeführt, damit ist das Thema erledigt.",
        REFUSE,
    ),
    ("es-settled-proveedor", "Gracias, pero ya tenemos un proveedor para eso.", REFUSE),
    ("fr-settled-solution", "Merci, mais nous avons déjà une solution en place.", REFUSE),
    ("pt-settled-fornecedor", "Obrigado, mas já temos fornecedor.", REFUSE),
    ("nl-settled-systeem", "We hebben net een nieuw platform gekozen, dus dat is rond.", REFUSE),
    (
        "en-interested-later-busy",
        "I would be up for a short call, but this week is packed; revisit after the holidays?",
        INTERESTED,
    ),
    (
        "en-interested-open-but-busy",
        "Open to it in principle, but I'm swamped through the 20th. Let's revisit in March.",
        INTERESTED,
    ),
    ("nl-interested-come-back", "Ik bekijk het en kom er later op terug.", INTERESTED),
    ("en-other-partnership", "We run an agency too - open to a referral partnership? Could be a fit.", OTHER),
    (
        "en-other-invoice",
        "Quick one: can you resend the invoice for our last order? Finance can't find it.",
        OTHER,
    ),
    ("de-other-invoice", "Können Sie mir die Rechnung für Bestellung 2231 noch einmal schicken?", OTHER),
    ("es-other-support", "Tengo un problema con mi factura del mes pasado, ¿me ayudan?", OTHER),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in FOLLOW_UP_CASES], ids=[case[0] for case in FOLLOW_UP_CASES]
)
def test_classify_intent_reads_requests_bookings_opt_outs_and_off_topic(text: str, expected: Intent) -> None:
    assert classify(text).intent == expected


def test_classify_intent_off_topic_words_do_not_outweigh_an_invitation() -> None:
    text = f"The invoice for March is fine. Happy to chat, book a time on my calendar: {LINK}"

    assert classify(text, link=True).intent == BOOK


COMPOUND_AND_MISMATCH_CASES = [
    # Requests for our page named by a compound or variant noun.
    (
        "de-request-buchungslink",
        "Senden Sie mir doch Ihren Buchungslink, dann wähle ich selbst.",
        False,
        REQUEST,
    ),
    ("de-request-terminlink", "Schick mir einfach deinen Terminlink rüber.", False, REQUEST),
    ("de-request-kalenderlink", "Haben Sie einen Kalenderlink? Dann trage ich mich ein.", False, REQUEST),
    (
        "nl-request-planningslink",
        "Stuur ons gerust uw planningslink, dan plannen we iets in.",
        False,
        REQUEST,
    ),
    ("nl-request-boekingslink", "Kun je je boekingslink even sturen?", False, REQUEST),
    ("nl-request-agendalink", "Mail me je agendalink maar.", False, REQUEST),
    (
        "es-request-enlace-reserva",
        "¿Me puede enviar su enlace de reserva? Así elijo un hueco.",
        False,
        REQUEST,
    ),
    ("fr-request-lien-reservation", "Pouvez-vous m'envoyer votre lien de réservation ?", False, REQUEST),
    ("pt-request-link-agendamento", "Pode me mandar o seu link de agendamento?", False, REQUEST),
    (
        "en-request-broken-resend",
        "The calendar link you sent gives me an error page. Can you send a link that works?",
        False,
        REQUEST,
    ),
    (
        "en-request-dead-link-again",
        "Your scheduling link seems dead (page not found) - could you resend a working one?",
        False,
        REQUEST,
    ),
    # Formal invitations to book on the lead's own page.
    (
        "fr-book-propose",
        f"Je vous propose de prendre rendez-vous directement dans mon agenda : {LINK}",
        True,
        BOOK,
    ),
    ("es-book-propongo", f"Le propongo que elija usted un horario en mi calendario: {LINK}", True, BOOK),
    ("de-book-schlage-vor", f"Ich schlage vor, Sie buchen sich direkt einen Termin: {LINK}", True, BOOK),
    ("pt-book-proponho", f"Proponho que marque um horário diretamente na minha agenda: {LINK}", True, BOOK),
    ("nl-book-stel-voor", f"Ik stel voor dat u zelf een moment inplant via mijn agenda: {LINK}", True, BOOK),
    # Already booked, told as done.
    ("en-booked-via-your-page", "Set up a call with you through your Calendly an hour ago.", False, BOOKED),
    (
        "en-booked-through-link",
        "Booked via your link for Monday, invite should be in your inbox.",
        False,
        BOOKED,
    ),
    ("en-booked-ea-put", "My assistant has put a call in your diary for Wednesday at 3pm.", False, BOOKED),
    (
        "en-booked-scheduled-via",
        "Scheduled a slot with you using your booking page yesterday.",
        False,
        BOOKED,
    ),
    # Other: no sales conversation.
    (
        "en-other-job",
        "Saw you're hiring account managers. Is the position still open? CV attached.",
        False,
        OTHER,
    ),
    ("fr-other-recrute", "Bonjour, recrutez-vous des stagiaires en ce moment ? Voici mon CV.", False, OTHER),
    (
        "de-other-bewerbung",
        "Ist die Stelle als Entwickler noch frei? Meine Bewerbung hängt an.",
        False,
        OTHER,
    ),
    ("es-other-empleo", "¿Siguen buscando personal? Les envío mi currículum.", False, OTHER),
    ("en-other-parcel", "My parcel still hasn't arrived, can you tell me where my package is?", False, OTHER),
    ("de-other-paket", "Mein Paket ist noch nicht angekommen, wo ist meine Sendung?", False, OTHER),
    (
        "en-other-support-form",
        "Our booking form on the site stopped working - is this your support team?",
        False,
        OTHER,
    ),
    (
        "en-other-vendor-pitch",
        "We help SaaS firms double their traffic - would you be open to a free SEO audit?",
        False,
        OTHER,
    ),
    ("pt-other-boleto", "O boleto veio com valor errado, podem emitir a segunda via?", False, OTHER),
    (
        "es-other-factura-reenviar",
        "La factura de marzo trae un importe distinto, ¿pueden reenviar la correcta?",
        False,
        OTHER,
    ),
    # Not interested: the offer does not apply to the lead.
    (
        "en-refuse-not-relevant",
        "We run everything on our own servers, so this isn't relevant for us.",
        False,
        REFUSE,
    ),
    ("es-refuse-no-aplica", "Gracias, pero esto no aplica para nosotros.", False, REFUSE),
    ("de-refuse-nicht-relevant", "Danke, das ist für uns nicht relevant.", False, REFUSE),
    ("fr-refuse-pas-pertinent", "Merci, mais ce n'est pas pertinent pour nous.", False, REFUSE),
    ("pt-refuse-nao-se-aplica", "Obrigado, mas isso não se aplica a nós.", False, REFUSE),
    ("nl-refuse-niet-relevant", "Bedankt, maar dit is niet relevant voor ons.", False, REFUSE),
    # Interest, with the message passed on to a colleague.
    (
        "en-interested-forwarded",
        "Looks promising and I want to dig in; I've forwarded it to our CTO who should join.",
        False,
        INTERESTED,
    ),
    (
        "en-interested-forwarded-keen",
        "Keen to learn more - forwarding this to my head of ops so she can sit in.",
        False,
        INTERESTED,
    ),
]


@pytest.mark.parametrize(
    ("text", "link", "expected"),
    [case[1:] for case in COMPOUND_AND_MISMATCH_CASES],
    ids=[case[0] for case in COMPOUND_AND_MISMATCH_CASES],
)
def test_classify_intent_reads_compound_nouns_done_bookings_and_mismatches(
    text: str, link: bool, expected: Intent
) -> None:
    assert classify(text, link=link).intent == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je vous propose de réserver un créneau via votre agenda en ligne.", OTHER),
        ("Trataré de reservar un hueco en su calendario esta semana.", OTHER),
        ("Kijk even in de agenda, dan plannen we iets.", OTHER),
        ("This is very relevant for us, tell me more.", INTERESTED),
        ("We help logistics firms grow - and yes, I'm interested in a demo of your tool.", INTERESTED),
        ("Booked through your link? I can't find the invite yet, did it go through?", INTERESTED),
    ],
    ids=[
        "fr-propose-your-agenda",
        "es-de-your-calendar",
        "nl-de-agenda-noun",
        "en-relevant",
        "en-pitch",
        "en-booked-q",
    ],
)
def test_classify_intent_new_cues_keep_their_limits(text: str, expected: Intent) -> None:
    assert classify(text, link=True).intent == expected


def test_classify_intent_reads_de_before_an_infinitive_as_no_article() -> None:
    text = (
        f"Bonjour,\nJe vous propose de réserver un créneau via mon agenda en ligne :\n{LINK}\n\nCordialement"
    )

    assert classify(text, link=True).intent == BOOK


# Real mail (issue 12): pages offered for later, requests wrapped in constraints, indirect requests,
# Italian and Swedish. The link stands in the signature unless the text holds it.
REAL_MAIL_CASES = [
    (
        "later-beside-ours",
        "I'll grab a time on your calendar. Mine is below in case you ever need me.",
        INTERESTED,
    ),
    ("reference-only", f"I'll book on your link this week. For future reference, mine: {LINK}", INTERESTED),
    (
        "sv-books-ours",
        "Tack, jag bokar via din länk. Min egen länk finns nedan om du behöver nå mig senare.",
        INTERESTED,
    ),
    ("link-in-signature", "yep interested. link's in my signature", BOOK),
    ("use-my-page-instead", "Could we use my scheduler instead of yours? It's in my sig.", BOOK),
    ("only-way", f"pls use {LINK} - that's the only way onto my calendar rn", BOOK),
    ("any-slot-there", f"ok. my scheduler: {LINK} - any open slot there works", BOOK),
    (
        "travel-constraint",
        "Your proposed times don't work, I'm travelling all week. Please book via my link below instead.",
        BOOK,
    ),
    (
        "es-travel-constraint",
        "Esta semana estoy de viaje y tus horarios no me cuadran. Mejor usa mi agenda de abajo.",
        BOOK,
    ),
    ("away-still-away", "I'm out of the office until Monday with limited access to email.", AWAY),
    ("it-book", "Volentieri. Prenota pure un orario dal link nella mia firma.", BOOK),
    ("it-refuse", "No grazie, non siamo interessati.", REFUSE),
    ("it-request", "Giulia, che orari hai la prossima settimana? Mandami un paio di proposte.", REQUEST),
    ("sv-book", "Gärna. Boka en tid via länken i min signatur.", BOOK),
    ("sv-refuse", "Nej tack, inte intresserad.", REFUSE),
    ("sv-request", "Erik, vilka tider har du nästa vecka? Skicka gärna några förslag.", REQUEST),
    ("colleague-de", "Vereinbaren Sie bitte einen Termin über seinen Kalender (siehe unten).", BOOK),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in REAL_MAIL_CASES], ids=[c[0] for c in REAL_MAIL_CASES]
)
def test_real_mail_wording(text: str, expected: Intent) -> None:
    inline = LINK in text
    verdict = classify(
        text, link=True, region=Region.NEW if inline else Region.SIGNATURE, subject="Re: intro"
    )

    assert verdict.intent is expected


def test_a_signature_call_to_action_alone_is_no_request() -> None:
    verdict = classify(
        "Thanks, interesting. Can you send a one-pager first?",
        link=True,
        region=Region.SIGNATURE,
        signature=f"Jo Weber\nBook a meeting with me: {LINK}",
    )

    assert verdict.intent is INTERESTED
