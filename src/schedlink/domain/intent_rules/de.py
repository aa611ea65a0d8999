"""German cues (Sie and du forms); umlauts are folded away, ``ß`` is kept and ``ss`` accepted for it."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_UBER = r"(?:uber|ueber|via|mit)"
_LINK_NOUN = r"(?:link|buchungslink|kalender|terminkalender|buchungsseite|seite|calendly|terminbuchung)"

LEXICON = Lexicon(
    unsubscribe=(
        "\\b(?:schreiben|kontaktieren|mailen|schicken|senden|schreibt|schreib|kontaktiert|mailt)\\s+(?:(?:sie|du|ihr)\\s+)?(?:mir|mich|uns)\\s+(?:bitte\\s+|doch\\s+)?(?:nichts\\s+|nicht\\s+|keine\\s+(?:\\w+\\s+)?)mehr\\b",
        r"\b(?:ihrem|dem|eurem)\s+verteiler\s+(?:nehmen|entfernen|streichen)\b",
        r"\b(?:abmelden|abbestellen|austragen|abmeldung)\b",
        r"\b(?:aus|von)\s+(?:ihrem|ihrer|dem|der|diesem|eurem|deinem)\s+(?:verteiler|liste|newsletter|mailingliste)\b",
        r"\bkeine\s+(?:weiteren\s+)?(?:e-?mails|nachrichten|mails|anrufe|werbung)\b",
        r"\bnicht\s+mehr\s+(?:kontaktieren|anschreiben|anrufen|schreiben|kontaktiert|angeschrieben)\b",
        r"\b(?:entfernen|loschen|streichen|nehmen)\s+sie\s+(?:mich|meine)\b",
    ),
    auto_reply_subject=(
        r"\babwesenheitsnotiz\b",
        r"\babwesend\b",
        r"\bautomatische\s+antwort\b",
        r"\bnicht\s+im\s+buro\b",
        r"\bau(?:ß|ss)er\s+haus\b",
    ),
    out_of_office=(
        r"\bnicht\s+im\s+buro\b",
        r"\b(?:abwesend|abwesenheit|im\s+urlaub|in\s+elternzeit|au(?:ß|ss)er\s+haus|auf\s+dienstreise)\b",
        r"\beingeschrankt(?:en)?\s+(?:zugriff|zugang)\b",
        r"\bkein(?:en)?\s+(?:zugriff|zugang)\s+auf\s+(?:meine\s+)?e-?mails\b",
        r"\bnach\s+meiner\s+ruckkehr\b",
        r"\bautomatische\s+antwort\b",
        r"\bbin\s+(?:bis|ab)\b.{0,40}?\b(?:nicht|abwesend|unterwegs|im\s+urlaub)\b",
    ),
    already_booked=(
        r"\beinladung\s+(?:ist\s+)?(?:angenommen|akzeptiert|bestatigt)\b",
        r"\b(?:ich|wir)\s+(?:habe|haben|hab)\s+(?:die|ihre|deine)\s+(?:\w+\s+)?einladung\s+(?:angenommen|akzeptiert)\b",
        r"\btermin\s+(?:in|im)\s+(?:ihren|ihrem|deinen|deinem|euren)\s+kalender\s+(?:eingetragen|gelegt|gesetzt)\b",
        r"\b(?:anbei|hier)\s+(?:ist\s+)?die\s+(?:\w+\s+)?einladung\b",
        r"\b(?:ich|wir)\s+(?:habe|haben|hab)\b[^.!?\n]{0,60}?\b(?:gebucht|eingebucht|reserviert|eingetragen)\b",
        r"\b(?:ich|wir)\s+(?:habe|haben|hab)\b[^.!?\n]{0,40}?\beinladung\b[^.!?\n]{0,40}?"
        r"\b(?:geschickt|gesendet|verschickt)\b",
        r"\btermin\s+(?:ist\s+)?(?:gebucht|eingetragen|bestatigt)\b",
    ),
    disown_link=(
        r"\bnicht\s+" + _UBER + r"\s+(?:meinen|unseren|den|diesen)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:buchen|nutzen|verwenden)\s+sie\s+(?:bitte\s+)?nicht\b",
        r"\bignorieren\s+sie\s+(?:bitte\s+)?(?:meinen|den|unseren)\b",
        r"\b(?:mein|unser|der)\s+(?:\w+\s+)?(?:link|kalender)\s+funktioniert\s+(?:\w+\s+)?nicht\b",
        r"\bnoch\s+(?:keinen\s+termin\s+)?nicht\s+buchen\b",
    ),
    request_link=(
        "\\bwelche\\s+(?:termine|zeiten|zeitfenster|slots|tage)\\s+(?:haben\\s+sie|hast\\s+du|hatten\\s+sie|habt\\s+ihr|konnen\\s+sie|konnten\\s+sie)\\b",
        "\\bsie\\s+(?:schicken|senden|geben|nennen)\\s+mir\\s+(?:gerne?\\s+|bitte\\s+|doch\\s+|einfach\\s+|lieber\\s+){0,2}(?:ihren|einen|ein\\s+paar|einige|ihre|zwei|drei)\\s+(?:\\w+\\s+)?(?:\\w{0,14}link|terminvorschlage|vorschlage|termine|zeiten|verfugbarkeit|slots|zeitfenster)",
        r"\b(?:konnen|konnten|wurden)\s+(?:sie|du)\s+mir\s+(?:bitte\s+|gerne?\s+|vielleicht\s+|mal\s+|einfach\s+){0,2}"
        r"(?:ihren|deinen|einen|ein\s+paar|einige|ihre|deine|zwei|drei)\s+(?:\w+\s+)?"
        r"(?:\w{0,14}link|terminvorschlage|vorschlage|termine|zeiten|verfugbarkeit|zeitfenster)\b"
        r"[^.!?\n]{0,30}?\b(?:schicken|senden|geben|nennen|mailen|zukommen)",
        r"\b(?:schicken|senden)\s+sie\s+mir\s+(?:bitte\s+|gerne?\s+)?(?:einen\s+)?(?:neuen|anderen)\b",
        r"\bschick(?:e|st)?\s+mir\s+(?:bitte\s+|gerne?\s+)?(?:einen\s+)?(?:neuen|anderen)\b",
        r"\b(?:senden|schicken|geben|nennen)\s+sie\s+mir\s+(?:gerne?\s+|bitte\s+|doch\s+|einfach\s+|lieber\s+|stattdessen\s+){0,2}"
        r"(?:ihren|einen|ein\s+paar|einige|ihre|zwei|drei|mal)(?:,?\s+(?:oder\s+|bis\s+)?(?:drei|vier))?\s+(?:\w+\s+)?"
        r"(?:\w{0,14}link|terminvorschlage|vorschlage|termine|zeiten|kalender|verfugbarkeit|slots|zeitfenster)",
        r"\bschick(?:e|st)?\s+(?:mir\s+)?(?:gerne?\s+|bitte\s+|doch\s+|einfach\s+){0,2}"
        r"(?:deinen|dein|ein\s+paar|einige|deine)\s+(?:\w+\s+)?(?:\w{0,14}link|vorschlage|termine|zeiten)",
        r"\b(?:haben\s+sie|hast\s+du)\s+(?:einen|einen\s+online-?)\s*\w{0,14}link\b",
        r"\bwann\s+(?:passt\s+es\s+(?:ihnen|dir)|haben\s+sie\s+zeit|hast\s+du\s+zeit)\b",
        r"\bwann\s+(?:wurde|ware)\s+es\s+(?:ihnen|dir)\s+passen\b",
    ),
    propose=(
        r"\b(?:schicken|senden)\s+sie\s+mir\s+(?:gerne\s+|bitte\s+|einfach\s+){0,2}(?:eine|die)\s+"
        r"(?:\w+\s+)?einladung\b",
        r"\bschick(?:e|st)?\s+mir\s+(?:gerne\s+|bitte\s+|einfach\s+){0,2}(?:eine|die)\s+(?:\w+\s+)?einladung\b",
        r"\bwie\s+ware\s+es\s+mit\b",
        r"\bpass(?:t|en)\s+(?:mir|uns)\b",
        r"\bich\s+(?:kann|konnte)\b",
        r"\brufen\s+sie\s+mich\b",
    ),
    not_interested=(
        "\\b(?:thema|sache)\\s+(?:ist\\s+)?(?:fur\\s+(?:uns|mich)\\s+)?(?:erledigt|abgeschlossen)\\b",
        r"\bvertrag\s+mit\s+(?:einem\s+anderen|einer\s+anderen|der\s+konkurrenz|einem\s+wettbewerber)\b",
        r"\b(?:gerade|eben|kurzlich|schon|bereits)\s+(?:einen|den)\s+(?:[\w-]+\s+){0,2}vertrag\b[^.!?\n]{0,60}?\b(?:unterschrieben|abgeschlossen|unterzeichnet)\b",
        r"\b(?:gerade|soeben|kurzlich|erst)\s+(?:\w+\s+)?verlangert\b",
        r"\bvertraglich\s+(?:\w+\s+){0,3}gebunden\b",
        r"\bkein(?:e|en)?\s+(?:interesse|bedarf)\b",
        r"\bnicht\s+interessiert\b",
        r"\bnein\W{0,2}\s*danke\b",
        r"\bschon\s+versorgt\b",
        r"\bbrauchen\s+(?:wir|ich)\s+(?:\w+\s+)?nicht\b",
        r"\bfur\s+(?:uns|mich)\s+(?:\w+\s+)?(?:nicht|kaum)\s+(?:relevant|interessant)\b",
        r"\bnicht\s+relevant\s+fur\s+(?:uns|mich)\b",
    ),
    settled=(
        "\\b(?:gerade|erst|kurzlich|eben|soeben)\\s+(?:erst\\s+)?(?:ein(?:e|en)?\\s+)?(?:neue[snr]?\\s+)?(?:\\w+\\s+){0,2}(?:eingefuhrt|angeschafft|umgestellt|implementiert)\\b",
        r"\bhaben\s+(?:bereits|schon)\s+(?:eine|einen|ein)\b",
        r"\bnutzen\s+(?:bereits|schon)\b",
    ),
    not_now=(
        r"\bpass(?:t|en)\s+(?:\w+\s+){0,3}nicht\b",
        r"\bkeine\s+prioritat\b",
        r"\bderzeit\s+kein\s+thema\b",
    ),
    later=(
        r"\bmelden?\s+(?:sie\s+sich|dich|mich)\s+(?:gerne\s+)?(?:im|in|nach|wieder|nochmal)\b",
        r"\bich\s+melde\s+mich\b",
        r"\bkomme\s+(?:\w+\s+)?(?:auf\s+sie|auf\s+dich)\s+zuruck\b",
    ),
    interested=(
        r"\binteress(?:ant|iert|e)\b",
        r"\bklingt\s+(?:gut|spannend|interessant)\b",
        r"\bmehr\s+(?:infos?|informationen|erfahren)\b",
        r"\bgerne\b",
        r"\bpreise?\b",
        r"\bauf\s+(?:unserer|der|meiner)\s+(?:agenda|liste)\b",
        r"\bich\s+(?:buche|werde)\b[^.!?\n]{0,30}?\b(?:buchen|termin)\b",
    ),
    puzzled=(
        r"\bich\s+kenne\s+(?:sie|dich|euch)\s+(?:gar\s+|uberhaupt\s+)?nicht\b",
        r"\bvon\s+welche[rm]\s+(?:firma|unternehmen)\b",
        r"\b(?:falsche[nr]?|falschen)\s+(?:person|empfanger|ansprechpartner)\b",
        r"\bwer\s+(?:sind\s+sie|bist\s+du)\b",
        r"\bwoher\s+haben\s+sie\s+meine\b",
        r"\bfalsche\s+nummer\b",
    ),
    referral=(
        r"\bleite\s+(?:ich\s+)?(?:das|es|ihre\s+\w+)\s+(?:\w+\s+){0,4}weiter\b",
        r"\bnicht\s+(?:der|die)\s+richtige\s+ansprechp",
        r"\bnicht\s+zustandig\b",
    ),
    off_topic=(
        "\\brechnung\\b",
        "\\bbestellung\\s+(?:nr\\.?\\s*|nummer\\s+)?#?\\d",
        "\\b(?:gutschrift|erstattung|ruckerstattung)\\b",
        r"\b(?:lebenslauf|bewerbung|bewerbungsunterlagen|stellenanzeige|stellenausschreibung|sendungsnummer|privatkunde)\b",
        r"\bdie\s+stelle\s+(?:als|noch)\b",
        r"\bsuchen\s+sie\s+(?:noch\s+|gerade\s+)?(?:mitarbeiter|personal|verstarkung|entwickler)",
        r"\bwo\s+(?:ist|bleibt)\s+(?:mein|meine|unser|unsere)\s+(?:paket|sendung|bestellung|lieferung)\b",
        r"\b(?:sendung|paket|lieferung)\b[^.!?\n]{0,40}?\bnicht\s+(?:\w+\s+)?(?:erhalten|angekommen|geliefert|zugestellt)\b",
    ),
    present_link=(
        r"\b(?:link|buchungslink|kalender)\s+(?:\w+\s+){0,3}(?:ist|steht|finden\s+sie)\s+in\s+meiner\s+signatur\b",
        r"\b(?:nutzen|verwenden|benutzen|nimm|nutze|verwende)\s+(?:sie\s+)?(?:bitte\s+|einfach\s+)?(?:den|meinen)\s+(?:\w+\s+)?"
        r"(?:link|buchungslink)\s+(?:aus\s+meiner|den\s+ich|von\s+unten|unten|weiter\s+unten|von\s+vorhin)",
        r"\bhier\s+(?:ist|finden\s+sie|findest\s+du)\s+(?:mein|meinen|unser|unseren)\s+" + _LINK_NOUN,
        r"\b(?:mein|unser)\s+(?:\w+\s+)?(?:link|buchungslink|kalender)\s+(?:ist|lautet)\b(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\blieber\s+(?:uber|ueber)\s+(?:meinen|unseren)\b",
    ),
    books_ours=(
        r"\bich\s+(?:buche|werde)\s+(?:\w+\s+){0,5}?(?:bei\s+ihnen|uber\s+ihren|ueber\s+ihren|in\s+ihrem|uber\s+deinen|bei\s+dir)\b",
    ),
    times_declined=(
        r"\b(?:ihre|deine|die)\s+(?:vorschlage|termine|terminvorschlage|zeiten)\s+(?:passen|gehen)\s+(?:mir\s+|uns\s+)?(?:leider\s+)?nicht",
    ),
    book_verbs=words(
        "buchen buche bucht reservieren vereinbaren tragen+sie+sich trag+dich terminbuchung buchung"
    ),
    choice_verbs=words("wahlen wahle suchen+sie+sich such+dir"),
    slot_nouns=words("termin termine zeitfenster zeitpunkt slot zeit gesprach call meeting demo uhrzeit"),
    final_verbs=words("buchen reservieren vereinbaren wahlen eintragen"),
    generic_verbs=words("nutzen nutze verwenden verwende legen+sie"),
    link_nouns=words("link buchungslink kalender terminkalender seite buchungsseite calendly tool"),
    own_targets=words(
        "seinen seinem seiner seine mein meine meinen meinem meiner unser unsere unseren unserem unserer hier diesen+link direkt "
        "bei+mir mit+mir bei+ihm bei+ihr"
    ),
    your_targets=words("ihren ihrem ihre ihr deinen deinem deine dein euren eurem"),
    free_choice=(r"was\s+(?:ihnen|dir)\s+passt", r"beliebig", r"einen\s+passenden"),
    first_person=words("ich wir"),
    second_person=words("sie du ihr"),
    negators=words("nicht kein keinen nie"),
    determiners=words(
        "mein meine meinen meinem meiner ihre ihren ihrem ihrer die der das eine unsere unserer unseren unserem auf+der"
    ),
    weekdays=(
        r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(?:vormittag|nachmittag|mittag|abend|morgen)?s?",
        r"(?:mo|di|mi|do|fr)\.?(?=,?\s{0,3}\d{1,2}(?:[:.h]\d|\s?-\s?\d|\s?(?:uhr|u)\b))",
    ),
    relative_days=(r"morgen", r"ubermorgen", r"nachste\s+woche", r"kommende\s+woche", r"heute"),
    day_parts=(r"vormittags?", r"nachmittags?", r"mittags?", r"abends?"),
    months=words("januar februar marz april juni juli august september oktober november dezember"),
    sole_words=pairs("stopp:unsubscribe abmelden:unsubscribe nein:not_interested gebucht:already_booked"),
)
