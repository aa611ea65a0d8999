"""Swedish cues (du/ni), written without accents (text is folded: å/ä → a, ö → o)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:lank|kalender|kalendern|bokningssida|sida|calendly)"

LEXICON = Lexicon(
    unsubscribe=(
        r"\b(?:ta|tag)\s+bort\s+(?:mig|oss)\s+(?:fran|ur)\b",
        r"\bavregistrera\w{0,4}\b",
        r"\bavsluta\s+(?:min\s+)?prenumeration\b",
        r"\bkontakta\s+(?:mig|oss)\s+inte\s+(?:mer|igen)\b",
        r"\bsluta\s+(?:skicka|maila|mejla|kontakta|ringa)\b",
    ),
    auto_reply_subject=(r"\bautosvar\b", r"\bautomatiskt\s+svar\b", r"\bfranvaro\w*\b"),
    out_of_office=(
        r"\bautomatiskt\s+svar\b",
        r"\b(?:ar|kommer\s+att\s+vara)\s+(?:tjanstledig|ledig|pa\s+semester|bortrest|franvarande|foraldraledig)\b",
        r"\b(?:tjanstledig|ledig|semester|franvarande)\s+(?:till|fram\s+till|t\.o\.m\.|till\s+och\s+med)\b",
        r"\bbegransad\s+tillgang\s+till\s+(?:min\s+)?(?:e-?post|mejl|mail)\b",
        r"\bnar\s+jag\s+ar\s+tillbaka\b",
    ),
    already_booked=(
        r"\b(?:jag|vi)\s+har\s+(?:redan\s+|just\s+)?(?:bokat|lagt\s+in|schemalagt)\b",
        r"\bredan\s+bokat\b",
        r"\b(?:jag|vi)\s+har\s+(?:redan\s+)?accepterat\s+(?:din\s+|er\s+)?inbjudan\b",
        r"\bskickat\s+(?:en\s+)?(?:kalender)?inbjudan\b",
    ),
    disown_link=(
        r"\b(?:anvand|boka)\s+inte\s+(?:min|var|den)\b",
        r"\bstrunta\s+i\s+(?:min|den)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:min|var)\s+(?:\w+\s+)?(?:lank|kalender)\s+fungerar\s+inte\b",
    ),
    request_link=(
        r"\bvilka\s+(?:tider|dagar|datum)\s+(?:har|passar)\s+(?:du|ni)\b",
        r"\bskicka\s+(?:garna\s+|mig\s+|oss\s+){0,2}(?:din|er|en|nagra|ett\s+par|tva|tre)\s+(?:\w+\s+)?"
        r"(?:lank|kalender|kalenderlank|tider|forslag|alternativ|datum|bokningslank)",
        r"\b(?:kan|kunde)\s+(?:du|ni)\s+skicka\s+(?:mig\s+|oss\s+)?(?:din|er|en|nagra|ett\s+par|tva|tre)\s+"
        r"(?:\w+\s+)?(?:lank|kalender|tider|forslag|alternativ|datum)",
        r"\bnar\s+(?:passar\s+det\s+(?:dig|er)|ar\s+(?:du|ni)\s+ledig)\b",
    ),
    propose=(
        r"\bskicka\s+(?:garna\s+|mig\s+){0,2}en\s+(?:kalender)?inbjudan\b",
        r"\bpassar\s+(?:mig|oss)\s+(?:bra|fint)\b",
        r"\bjag\s+ar\s+ledig\b",
        r"\bring\s+mig\b",
    ),
    not_interested=(
        r"\binte\s+intresserad\w*\b",
        r"\bnej\W{0,2}\s*tack\b",
        r"\binget\s+intresse\b",
        r"\binte\s+for\s+oss\b",
        r"\bbehover\s+(?:inte|inget)\b",
    ),
    settled=(r"\b(?:anvander|har)\s+redan\b",),
    not_now=(r"\binte\s+aktuellt\b", r"\binte\s+(?:en\s+)?prioritet\b", r"\binte\s+rat\s+tillfalle\b"),
    later=(
        r"\bhor\s+av\s+(?:dig|er)\s+(?:i|efter|igen|nasta|om)\b",
        r"\b(?:vi|jag)\s+aterkommer\b",
        r"\bhors\s+(?:i|efter|igen)\b",
    ),
    interested=(
        r"\bintressant\b",
        r"\bintresserad\b",
        r"\bgarna\b",
        r"\bmer\s+information\b",
        r"\bpris(?:er)?\b",
        r"\bkostar\b",
        r"\bvi\s+hors\b",
        r"\bjag\s+bokar\b",
    ),
    puzzled=(r"\bvem\s+(?:ar\s+du|ar\s+ni)\b", r"\bfel\s+(?:nummer|person)\b"),
    referral=(
        r"\b(?:skickat|skickar)\s+vidare\b",
        r"\bvidarebefordra\w*\b",
        r"\bhor\s+av\s+sig\b",
        r"\binte\s+ratt\s+person\b",
    ),
    off_topic=(r"\bfaktura\s+(?:nr|nummer)\b", r"\baterbetalning\b", r"\bbestallning\s+(?:nr\s*)?#?\d"),
    present_link=(
        r"\b(?:lanken|lank|kalendern|kalender)\s+(?:\w+\s+){0,3}finns\s+i\s+min\s+signatur\b",
        r"\bhar\s+(?:ar|har\s+du)\s+min\s+" + _LINK_NOUN,
        r"\b(?:min|var)\s+(?:\w+\s+)?(?:lank|kalender)\s+(?:ar|finns)\b(?=\s*(?::|\ue000|har|nedan))",
        r"\banvand\s+(?:hellre\s+|garna\s+)?min\s+(?:\w+\s+)?(?:lank|kalender|bokningssida|sida)",
    ),
    books_ours=(r"\bjag\s+(?:bokar|kommer\s+att\s+boka|tar)\s+(?:\w+\s+){0,3}?(?:via|i|pa)\s+(?:din|er)\b",),
    times_declined=(r"\b(?:dina|era|de)\s+(?:tider|forslag)\s+passar\s+(?:mig\s+)?(?:tyvarr\s+)?inte",),
    book_verbs=words("boka bokar"),
    choice_verbs=words("valj"),
    slot_nouns=words("tid tider mote samtal mote mojlighet tillfalle demo"),
    generic_verbs=words("anvand"),
    link_nouns=words("lank lanken kalender kalendern bokningssida sida calendly bokningslank"),
    own_targets=words(
        "min mitt mina var vart vara har nedan hans hennes direkt med+mig med+honom med+henne hos+mig"
    ),
    your_targets=words("din ditt dina er ert era"),
    free_choice=(r"vilken\s+tid\s+som\s+helst", r"nagon\s+ledig", r"det\s+som\s+passar"),
    first_person=words("jag vi"),
    second_person=words("du ni"),
    negators=words("inte aldrig ingen inget utan"),
    determiners=words("min mitt din ditt en ett den det er"),
    weekdays=(
        *words("mandag tisdag onsdag torsdag fredag lordag sondag"),
        r"(?:man|tis|ons|tor|fre)\.?(?=,?\s{0,3}\d)",
    ),
    relative_days=(r"imorgon", r"i\s+morgon", r"nasta\s+vecka", r"idag", r"i\s+dag"),
    day_parts=(r"eftermiddag(?:en)?", r"formiddag(?:en)?", r"morgon(?:en)?", r"kvall(?:en)?"),
    months=words("januari februari mars april maj juni juli augusti september oktober november december"),
    sole_words=pairs("bokat:already_booked"),
)
