"""Dutch cues (je/jij and u forms), written without accents (text is folded)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:link|agenda|kalender|pagina|calendly|boekingspagina)"

LEXICON = Lexicon(
    unsubscribe=(
        r"\buit\s+te\s+schrijven\b",
        r"\bschrijf\s+(?:me|mij|ons)\s+uit\b",
        r"\buitschrijven\b",
        r"\bafmelden\b",
        r"\bhaal\s+(?:me|mij|ons)\s+(?:van|uit)\b",
        r"\bverwijder\s+(?:me|mij|ons|mijn\s+gegevens)\b",
        r"\bstop\s+met\s+(?:mailen|berichten|sturen|bellen|appen)\b",
        r"\bgeen\s+(?:e-?mails|mails|berichten)\s+meer\b",
        r"\bniet\s+meer\s+(?:mailen|benaderen|contacteren|bellen)\b",
    ),
    auto_reply_subject=(
        r"\bafwezig\b",
        r"\bautomatisch\s+antwoord\b",
        r"\bniet\s+aanwezig\b",
        r"\bbuiten\s+kantoor\b",
    ),
    out_of_office=(
        r"\bniet\s+op\s+kantoor\b",
        r"\bbuiten\s+kantoor\b",
        r"\b(?:afwezig|met\s+vakantie|op\s+vakantie|met\s+verlof)\b",
        r"\bautomatisch\s+antwoord\b",
        r"\bbeperkte?\s+toegang\b",
        r"\bben\s+(?:weer\s+)?terug\s+op\b",
    ),
    already_booked=(
        r"\b(?:ik|wij|we)\s+(?:heb|hebben)\b[^.!?\n]{0,60}?\b(?:in\s+(?:je|jouw|uw)\s+agenda)\s+(?:gezet|geplaatst)\b",
        r"\b(?:hierbij|bijgaand)\s+(?:de|een)\s+(?:\w+\s+)?uitnodiging\b",
        r"\b(?:ik|wij|we)\s+(?:heb|hebben)\b[^.!?\n]{0,60}?\b(?:geboekt|ingepland|gereserveerd|vastgelegd)\b",
        r"\b(?:ik|wij|we)\s+(?:heb|hebben)\b[^.!?\n]{0,40}?\buitnodiging\b[^.!?\n]{0,20}?\b(?:gestuurd|verstuurd)\b",
        r"(?:(?<=staat\s)|(?<=is\s))(?:geboekt|ingepland|gepland)\b",
    ),
    disown_link=(
        r"\bgebruik\s+(?:mijn|onze|de|die)\s+(?:\w+\s+)?" + _LINK_NOUN + r"\s+niet\b",
        r"\bniet\s+(?:via|met)\s+(?:mijn|onze|de)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\bnegeer\s+(?:mijn|onze|de)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\blink\s+werkt\s+niet\b",
        r"\bnog\s+niet\s+(?:boeken|inplannen)\b",
    ),
    request_link=(
        r"\bstuur\s+(?:me|mij|ons)\s+(?:even\s+|maar\s+|dan\s+)?een\s+(?:andere|nieuwe)\b",
        r"\bstuur\s+(?:me|mij|ons)\s+(?:maar\s+|even\s+|gerust\s+)(?:een\s+paar|enkele|wat)\s+(?:\w+\s+)?(?:tijden|tijdstippen|momenten|opties)",
        r"\bstuur\s+(?:me|mij|ons)\s+(?:even\s+|graag\s+|liever\s+|dan\s+)?(?:je|jouw|uw|een\s+paar|enkele|wat|de|een)\s+(?:\w+\s+)?"
        r"(?:link|tijden|beschikbaarheid|opties|agenda|tijdstippen|momenten|boekingslink)",
        r"\b(?:heb\s+je|heeft\s+u)\s+een\s+(?:boekings)?link\b",
        r"\bwanneer\s+(?:heb\s+je|heeft\s+u|schikt\s+het\s+(?:jou|u))\b",
        r"\bwat\s+is\s+(?:je|jouw|uw)\s+beschikbaarheid\b",
        r"\bwanneer\s+komt\s+het\s+(?:jou|je|u)\s+uit\b",
    ),
    propose=(
        r"\bstuur\s+(?:je|jij|u)\s+(?:me\s+|mij\s+)?(?:even\s+|dan\s+|maar\s+)?(?:een|de)\s+(?:\w+\s+)?uitnodiging\b",
        r"\bstuur\s+(?:me|mij)\s+(?:even\s+|graag\s+)?(?:een|de)\s+(?:\w+\s+)?uitnodiging\b",
        r"\bik\s+(?:kan|ben\s+beschikbaar)\b",
        r"\b(?:schikt|past)\s+het\b",
        r"\bbel\s+(?:me|mij)\b",
    ),
    not_interested=(
        r"\b(?:net|pas|onlangs)\s+(?:\w+\s+)?verlengd\b",
        r"\b(?:zitten|liggen)\s+(?:nog\s+)?(?:\w+\s+){0,3}vast\s+(?:aan|bij|tot)\b",
        r"\bgeen\s+(?:interesse|behoefte)\b",
        r"\bnee\W{0,2}\s*(?:bedankt|dank\s+je|dank\s+u)\b",
        r"\bniet\s+geinteresseerd\b",
        r"\bniet\s+voor\s+ons\b",
    ),
    settled=(r"\bhebben\s+al\s+(?:een|iets)\b", r"\bgebruiken\s+al\b"),
    not_now=(
        r"\bpast\s+(?:\w+\s+){0,2}niet\b",
        r"\bgeen\s+prioriteit\b",
        r"\bniet\s+het\s+(?:juiste\s+)?moment\b",
    ),
    later=(
        r"\bneem\s+(?:in|na|over)\b.{0,25}?\bcontact\s+op\b",
        r"\bik\s+kom\s+(?:er\s+)?(?:op\s+)?terug\b",
        r"\blaat\s+(?:ik|het)\s+(?:je|u)\s+weten\b",
    ),
    interested=(
        r"\binteressant\b",
        r"\bgeinteresseerd\b",
        r"\bklinkt\s+(?:goed|interessant)\b",
        r"\bgraag\b",
        r"\bmeer\s+informatie\b",
        r"\bprijz(?:en|ing)\b",
        r"\bleuk\b",
        r"\bik\s+(?:ga|zal)\b[^.!?\n]{0,30}?\b(?:boeken|inplannen)\b",
        r"\bik\s+(?:plan|boek)\b",
    ),
    puzzled=(
        r"\bwie\s+(?:bent\s+u|ben\s+je|is\s+dit)\b",
        r"\bhoe\s+(?:komt\s+u|kom\s+je)\s+aan\s+mijn\b",
        r"\bverkeerd\s+nummer\b",
    ),
    referral=(r"\bstuur\s+(?:dit|het)\s+door\b", r"\bdoorgestuurd\b", r"\bniet\s+de\s+juiste\s+persoon\b"),
    present_link=(
        r"\bgebruik\s+(?:de|mijn)\s+(?:\w+\s+)?link\s+(?:die\s+ik|uit\s+mijn|hieronder|in\s+mijn)",
        r"\bhier\s+is\s+(?:mijn|onze)\s+" + _LINK_NOUN,
        r"\b(?:mijn|onze)\s+(?:\w+\s+)?(?:link|agenda)\s+is\b(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\bliever\s+via\s+(?:mijn|onze)\b",
    ),
    book_verbs=words("boek boeken plan plannen inplannen reserveer"),
    choice_verbs=words("prik kies kiezen"),
    slot_nouns=words("tijdstip tijd moment afspraak slot gesprek call demo"),
    final_verbs=words("boeken plannen inplannen kiezen reserveren"),
    generic_verbs=words("gebruik gebruiken zoek"),
    link_nouns=words("link agenda kalender pagina calendly boekingspagina"),
    own_targets=words("mijn onze ons hier deze+link direct met+mij bij+mij"),
    your_targets=words("jouw uw jullie"),
    free_choice=(r"wat\s+(?:je|u)\s+(?:uitkomt|past)", r"een\s+moment\s+dat"),
    first_person=words("ik wij"),
    second_person=words("je jij u je+kunt u+kunt ge gij"),
    negators=words("niet geen nooit"),
    determiners=words("mijn jouw uw de het een onze ons"),
    weekdays=(
        r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|namiddag|avond|morgen)?",
        r"(?:ma|di|wo|do|vr)\.?(?=,?\s{0,3}\d{1,2}(?:[:.h]\d|\s?-\s?\d|\s?(?:uhr|u)\b))",
    ),
    relative_days=(r"morgen", r"overmorgen", r"volgende\s+week", r"vandaag"),
    day_parts=words("ochtend middag namiddag avond"),
    months=words("januari februari maart april mei juni juli augustus september oktober november december"),
    sole_words=pairs("stop:unsubscribe nee:not_interested geboekt:already_booked"),
)
