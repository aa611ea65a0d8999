"""Italian cues (tu/Lei/voi), written without accents (text is folded)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:link|calendario|agenda|pagina|calendly)"

LEXICON = Lexicon(
    unsubscribe=(
        r"\b(?:cancellate|cancellatemi|cancellami|cancelli|cancellarmi|rimuovete|rimuovetemi|rimuovimi|rimuova|"
        r"toglietemi|toglimi|togliete|eliminate|eliminatemi)\b(?:\s+\w+){0,3}?\s+(?:dalla|dalle|dai|dal)\s+"
        r"(?:vostra\s+|tua\s+|sua\s+)?(?:lista|liste|mailing|newsletter|contatti|elenco)",
        r"\bnon\s+(?:mi|ci)\s+(?:scrivete|scriva|scrivere|contattate|contatti|contattare|mandate|inviate)\s+piu\b",
        r"\bdisiscriv\w{0,6}",
        r"\bannulla(?:re)?\s+(?:l'|la\s+)?iscrizione\b",
    ),
    auto_reply_subject=(r"\brisposta\s+automatica\b", r"\bfuori\s+(?:ufficio|sede)\b", r"\bassente\b"),
    out_of_office=(
        r"\bfuori\s+(?:ufficio|sede)\b",
        r"\brisposta\s+automatica\b",
        r"\b(?:sono|saro)\s+(?:in\s+ferie|in\s+vacanza|assente|in\s+congedo|in\s+maternita)\b",
        r"\b(?:ferie|vacanza|assente)\s+(?:fino\s+al|sino\s+al)\b",
        r"\baccesso\s+limitato\s+(?:alla\s+)?(?:posta|e-?mail)\b",
        r"\bal\s+mio\s+rientro\b",
    ),
    already_booked=(
        r"\b(?:ho|abbiamo)\s+(?:gia\s+)?(?:prenotato|fissato|programmato|bloccato)\b",
        r"\bgia\s+(?:prenotato|fissato)\b",
        r"\b(?:ho|abbiamo)\s+(?:gia\s+)?accettato\s+(?:l'|il\s+tuo\s+|il\s+)?invito\b",
        r"\b(?:ti|le|vi)\s+(?:ho\s+)?(?:mandato|inviato)\s+(?:un|l')\s*invito\b",
    ),
    disown_link=(
        r"\bnon\s+(?:usare|usate|usi|prenotare|prenotate|prenoti)\s+(?:il\s+mio|il\s+nostro|quel|questo)\b",
        r"\bignora\w{0,3}\s+(?:il\s+mio|il|quel)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:il\s+mio|il)\s+(?:\w+\s+)?(?:link|calendario)\s+non\s+funziona\b",
    ),
    request_link=(
        r"\b(?:che|quali)\s+(?:orari|giorni|slot|date|disponibilita)\s+(?:hai|ha|avete)\b",
        r"\b(?:mandami|inviami|mandatemi|inviatemi|mi\s+mandi|mi\s+invii|mi\s+mandate|mi\s+inviate)\s+"
        r"(?:pure\s+|per\s+favore\s+)?(?:il\s+tuo|il\s+suo|il\s+vostro|un|qualche|alcuni|un\s+paio\s+di|due|tre|i\s+tuoi)\s+"
        r"(?:\w+\s+)?(?:link|calendario|orari|proposte|opzioni|slot|date|disponibilita)",
        r"\b(?:puoi|potresti|puo|potrebbe|potete)\s+(?:mandarmi|inviarmi|propormi|darmi)\s+"
        r"(?:il\s+tuo|il\s+suo|un|qualche|alcuni|un\s+paio\s+di|due|tre)\s+(?:\w+\s+)?"
        r"(?:link|calendario|orari|proposte|opzioni|slot|date)",
        r"\b(?:proponimi|propormi|suggeriscimi)\s+(?:qualche|alcuni|un\s+paio\s+di|due|tre)\s+(?:orari|slot|date)",
        r"\bquando\s+(?:sei|e|siete)\s+(?:libero|libera|liberi|disponibile|disponibili)\b",
    ),
    propose=(
        r"\b(?:mandami|inviami|mi\s+mandi|mi\s+invii)\s+(?:pure\s+)?(?:un|l')\s*invito\b",
        r"\b(?:va|andrebbe)\s+bene\b",
        r"\bsono\s+(?:libero|libera|disponibile)\b",
        r"\bchiamami\b",
    ),
    not_interested=(
        r"\bnon\s+(?:siamo|sono)\s+interessat[ioae]\b",
        r"\bnon\s+(?:ci|mi)\s+interessa\b",
        r"\bno\W{0,2}\s*grazie\b",
        r"\bnon\s+fa\s+per\s+noi\b",
        r"\bnessun\s+interesse\b",
        r"\bnon\s+ne\s+abbiamo\s+bisogno\b",
    ),
    settled=(r"\b(?:usiamo|abbiamo)\s+gia\b", r"\bgia\s+(?:usiamo|abbiamo|lavoriamo\s+con)\b"),
    not_now=(
        r"\bnon\s+e\s+(?:una\s+)?priorita\b",
        r"\bnon\s+e\s+il\s+momento\b",
        r"\bnon\s+e\s+(?:il\s+)?momento\s+giusto\b",
    ),
    later=(
        r"\b(?:risentiamoci|sentiamoci|ricontattami|ricontattatemi|riscrivimi)\s+(?:a|dopo|tra|fra|il|nel|verso)\b",
        r"\b(?:ti|vi|la)\s+(?:ricontatto|ricontattero|faro\s+sapere|faccio\s+sapere)\b",
        r"\bci\s+(?:guardo|penso)\b",
    ),
    interested=(
        r"\binteressant[ei]\b",
        r"\binteressat[oaie]\b",
        r"\bmi\s+interessa\b",
        r"\bci\s+interessa\b",
        r"\bvolentieri\b",
        r"\bpiu\s+informazioni\b",
        r"\bprezz[oi]\b",
        r"\bsentiamoci\b",
        r"\b(?:prenotero|fissero)\b",
    ),
    puzzled=(r"\bchi\s+(?:sei|e|siete)\b", r"\bnumero\s+sbagliato\b", r"\bpersona\s+sbagliata\b"),
    referral=(
        r"\b(?:inoltro|inoltrero|giro|girero)\s+(?:la\s+tua\s+mail|la\s+mail|il\s+messaggio|questa)\b",
        r"\bnon\s+sono\s+la\s+persona\b",
        r"\bti\s+ricontattera\b",
    ),
    off_topic=(
        r"\bfattura\b",
        r"\brimborso\b",
        r"\bordine\s+(?:n[.o]?\s*|numero\s+)?#?\d",
        r"\bcurriculum\b",
    ),
    present_link=(
        r"\b(?:link|calendario|agenda)\s+(?:\w+\s+){0,3}(?:e|si\s+trova)\s+nella\s+mia\s+firma\b",
        r"\becco\s+il\s+(?:mio|nostro)\s+" + _LINK_NOUN,
        r"\b(?:mio|nostro)\s+(?:\w+\s+)?(?:link|calendario)\s+e\b(?=\s*(?::|\ue000|qui|sotto))",
        r"\b(?:usa|usate|utilizza)\s+(?:pure\s+)?il\s+(?:mio|nostro)\s+(?:\w+\s+)?(?:link|calendario|agenda|pagina)",
        r"\bpreferisco\s+(?:usare\s+)?il\s+mio\b",
    ),
    books_ours=(
        r"\b(?:prenotero|fissero|usero)\s+(?:\w+\s+){0,3}?(?:dal|sul|nel|con\s+il|tramite\s+il)\s+(?:tuo|vostro)\b",
    ),
    times_declined=(
        r"\b(?:gli|i\s+tuoi|questi)\s+(?:orari|slot)\s+(?:che\s+proponi\s+)?non\s+(?:vanno|mi\s+vanno|funzionano)",
    ),
    book_verbs=words("prenota prenotate prenoti prenotare fissa fissate fissi fissare programma programmate"),
    choice_verbs=words("scegli scegliete scelga"),
    slot_nouns=words("orario orari slot appuntamento call chiamata incontro momento data riunione demo"),
    generic_verbs=words("usa usate utilizza"),
    link_nouns=words("link calendario agenda pagina calendly"),
    own_targets=words(
        "mio mia miei nostro nostra qui qua sotto questo+link direttamente con+me con+lui con+lei suo sua"
    ),
    your_targets=words("tuo tua tuoi vostro vostra"),
    free_choice=(r"quello\s+che\s+(?:ti|vi|le)\s+(?:va|conviene)", r"qualsiasi", r"qualunque"),
    first_person=words("io noi prenotero"),
    second_person=words("tu lei voi"),
    negators=words("non mai senza"),
    determiners=words("il la lo un una mio mia tuo tua suo sua nostro nostra del della"),
    weekdays=(
        *words("lunedi martedi mercoledi giovedi venerdi sabato domenica"),
        r"(?:lun|mar|mer|gio|ven)\.?(?=,?\s{0,3}\d)",
    ),
    relative_days=(r"domani", r"dopodomani", r"la\s+prossima\s+settimana", r"settimana\s+prossima", r"oggi"),
    day_parts=(r"pomeriggio", r"mattina", r"mattinata", r"sera"),
    months=words("gennaio febbraio aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"),
    sole_words=pairs("prenotato:already_booked"),
)
