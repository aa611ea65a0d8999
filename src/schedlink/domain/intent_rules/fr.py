"""French cues (vous and tu forms), written without accents (text is folded)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:lien|agenda|calendrier|page|calendly|planning)"

LEXICON = Lexicon(
    unsubscribe=(
        "\\bne\\s+(?:m'|me\\s+|nous\\s+)(?:ecrivez|envoyez|contactez|ecris|envoie|contacte|appelez|sollicitez|ecrivez)\\s+plus\\b",
        "\\bne\\s+plus\\s+(?:m'|nous\\s+)(?:contacter|ecrire|solliciter|envoyer|appeler)",
        r"\bdesabonn",
        r"\bdesinscri",
        r"\b(?:retirez|supprimez|enlevez|rayez)[\s-]+(?:moi|nous|mon\s+adresse)\b",
        r"\bne\s+(?:plus\s+)?me\s+(?:contactez|recontactez|ecrivez|sollicitez)\s+plus\b",
        r"\bne\s+plus\s+(?:me\s+)?(?:contacter|recevoir|ecrire|solliciter)\b",
        r"\bne\s+(?:souhaite|veux|voudrais|desire|souhaitons|voulons)\s+plus\s+(?:rien\s+)?(?:recevoir|etre\s+contacte)",
        r"\b(?:me|nous)\s+(?:retirer|supprimer|enlever|desinscrire|rayer)\s+(?:de|des|du)\s+(?:votre|vos|la|cette|ce|vo)",
        r"\b(?:arretez|cessez)\s+de\s+m'(?:ecrire|envoyer|contacter|appeler)",
    ),
    auto_reply_subject=(r"\breponse\s+automatique\b", r"\babsence\s+du\s+bureau\b", r"\babsent(?:e)?\b"),
    out_of_office=(
        r"\babsent(?:e)?\s+(?:du\s+bureau|jusqu)",
        r"\b(?:en\s+conge|en\s+vacances|en\s+deplacement)\b",
        r"\breponse\s+automatique\b",
        r"\bacces\s+limite\b",
        r"(?<=mon\s)retour\b",
        r"(?<=de\s)retour\s+le\b",
    ),
    already_booked=(
        r"\binvitation\s+(?:bien\s+)?(?:acceptee|accepte)\b",
        r"\bj'ai\s+(?:bien\s+)?accepte\s+(?:l'\s?|votre\s+|ton\s+|ta\s+)invitation\b",
        r"\bj'ai\s+(?:mis|ajoute|place|bloque|pose)\s+(?:un|une)\s+(?:creneau|reunion|rdv|rendez-vous|invitation)\b",
        r"\b(?:ci-joint|voici)\s+l'\s?invitation\b",
        r"\bj'ai\s+(?:deja\s+|bien\s+)?(?:reserve|booke|planifie|cale|pris\s+(?:un\s+)?(?:rendez-vous|rdv|creneau))\b",
        r"\b(?:je\s+vous\s+ai|je\s+t'ai)\s+(?:envoye|transmis)\s+(?:une|l')\s?invitation\b",
        r"\bc'est\s+(?:reserve|cale|planifie)\b",
        r"\brendez-vous\s+(?:est\s+)?(?:confirme|pris)\b",
    ),
    disown_link=(
        r"\bn'utilise[sz]?\s+pas\s+(?:mon|notre|le|ce)\b",
        r"\bne\s+(?:reservez|reserve|prenez)\s+pas\b",
        r"\bignore[sz]?\s+(?:mon|notre|le|ce)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:mon|le)\s+(?:\w+\s+)?(?:lien|agenda)\s+ne\s+(?:marche|fonctionne)\s+pas\b",
        r"\battend(?:ez|s)\s+avant\s+de\s+reserver\b",
    ),
    request_link=(
        r"\b(?:me|nous)\s+proposer\s+(?:deux|trois|quelques|des|un\s+ou\s+deux|deux\s+ou\s+trois)\s+(?:\w+\s+)?(?:creneaux|dates|horaires|disponibilites)\b",
        "\\bquel(?:le)?s?\\s+(?:creneaux|disponibilites|horaires|dates|jours)\\s+(?:avez-vous|as-tu|proposez-vous|auriez-vous|vous\\s+conviennent)\\b",
        "\\b(?:m'|me\\s+|nous\\s+)(?:envoyiez|envoyer|envoies|transmettiez|proposiez)\\s+(?:plutot\\s+|simplement\\s+|juste\\s+)?(?:vos|votre|ton|tes|quelques|des|un|deux|trois|plusieurs)\\s+(?:\\w+\\s+)?(?:disponibilites|lien|creneaux|horaires|options|dates|propositions)",
        r"\b(?:envoyez|envoie|envoyer|transmettez|proposez|proposer)[\s-]+(?:moi|nous|m'|me|nous)\s*(?:quelques|deux\s+ou\s+trois|deux|trois|plusieurs|des)\s+(?:\w+\s+)?(?:creneaux|dates|horaires|propositions|disponibilites)\b",
        r"\b(?:m'|me|nous)\s*(?:envoyer|renvoyer|transmettre)\s+(?:votre|ton|le|un)\s+(?:\w+\s+)?lien\b",
        r"\b(?:envoy|renvoy)(?:ez|e)[\s-]+(?:moi|nous)\s+(?:un\s+)?(?:autre|nouveau)\b",
        r"\benvoy(?:ez|e)[\s-]+(?:moi|nous)\s+(?:plutot\s+|donc\s+|simplement\s+|juste\s+)?"
        r"(?:vos|votre|ton|tes|ta|quelques|des|un)\s+(?:\w+\s+)?"
        r"(?:disponibilites|lien|creneaux|horaires|options|dates|propositions)",
        r"\b(?:pouvez-vous|pourriez-vous|peux-tu|pourrais-tu)\s+m'envoyer\s+(?:vos|votre|ton|tes|quelques|des|un)\s+"
        r"(?:\w+\s+)?(?:disponibilites|lien|creneaux|horaires|options|dates)",
        r"\b(?:avez-vous|as-tu)\s+un\s+lien\b",
        r"\bquelles\s+sont\s+(?:vos|tes)\s+disponibilites\b",
        r"\bquand\s+(?:etes-vous|es-tu)\s+disponible",
        r"\bquand\s+(?:est-ce\s+que\s+)?(?:ca|cela)\s+vous\s+(?:arrange|convient|irait)\b",
        r"\bproposez-moi\s+(?:quelques|des|deux|trois)\s+(?:creneaux|dates|horaires)",
    ),
    propose=(
        r"\benvoy(?:ez|e)[\s-]+(?:moi|nous)\s+(?:une|l')\s?invitation\b",
        r"\bje\s+vous\s+propose\b",
        r"\bje\s+suis\s+disponible\b",
        r"\bje\s+peux\b",
        r"\b(?:ca|cela)\s+vous\s+(?:va|convient)\b",
        r"\bappelez-moi\b",
    ),
    not_interested=(
        r"\bsigne\s+(?:un|le)\s+(?:[\w-]+\s+){0,3}contrat\s+(?:[\w-]+\s+){0,2}avec\s+(?:un\s+autre|une\s+autre|un\s+concurrent)\b",
        r"\b(?:nous\s+venons|on\s+vient)\s+de\s+(?:renouveler|signer|resigner)\b",
        r"\b(?:engages|sous\s+contrat)\s+(?:avec|jusqu)",
        r"\bne\s+(?:nous\s+)?correspond\s+pas\b",
        r"\bpas\s+(?:\w+\s+)?interess",
        r"\bnon\W{0,2}\s*merci\b",
        r"\bpas\s+pour\s+nous\b",
        r"\bne\s+nous\s+interesse\s+pas\b",
        r"\bpas\s+besoin\b",
        r"\bpas\s+(?:tres\s+|vraiment\s+)?(?:pertinente?s?|relevante?s?|applicables?|adaptee?s?)\s+pour\s+(?:nous|moi|notre)\b",
        r"\bne\s+s'applique\s+pas\s+(?:a|pour)\s+(?:nous|moi|notre)\b",
    ),
    settled=(
        "\\bon\\s+a\\s+deja\\s+(?:un|une|notre|nos|des)\\b",
        "\\b(?:nous\\s+venons|on\\s+vient)\\s+de\\s+(?:mettre\\s+en\\s+place|choisir|deployer|adopter)\\b",
        r"\bnous\s+(?:avons|utilisons)\s+deja\b",
        r"\bdeja\s+equipes?\b",
    ),
    not_now=(r"\bpas\s+(?:une\s+)?priorite\b", r"\bpas\s+le\s+(?:bon\s+)?moment\b"),
    later=(
        r"\brecontactez[\s-]moi\b",
        r"\b(?:je\s+reviens|je\s+reviendrai)\s+vers\s+vous\b",
        r"\brevenez\s+vers\s+moi\b",
    ),
    interested=(
        r"\binteress(?:e|ee|es|ant|ante)\b",
        r"\bavec\s+plaisir\b",
        r"\bvolontiers\b",
        r"\bca\s+m'interesse\b",
        r"\bnous\s+interesse\b",
        r"\bplus\s+d'informations\b",
        r"\btarifs?\b",
        r"\bje\s+(?:vais\s+reserver|reserverai|vais\s+prendre\s+(?:un\s+)?(?:rendez-vous|creneau))\b",
    ),
    puzzled=(
        r"\bje\s+ne\s+(?:vous|te)\s+connais\s+pas\b",
        r"\bde\s+quelle\s+(?:entreprise|societe|boite)\b",
        r"\b(?:vous\s+vous\s+etes|vous\s+etes|tu\s+t'es)\s+trompe(?:e|s)?\s+de\s+(?:personne|destinataire|contact)\b",
        r"\bqui\s+(?:etes-vous|es-tu|est-ce)\b",
        r"\bou\s+avez-vous\s+(?:eu|trouve|obtenu)\s+mes?\b",
        r"\bmauvais\s+numero\b",
    ),
    referral=(
        r"\bje\s+(?:transfere|transmets|fais\s+suivre)\b",
        r"\bpas\s+la\s+bonne\s+personne\b",
        r"\bpas\s+le\s+bon\s+interlocuteur\b",
    ),
    off_topic=(
        "\\bfacture\\b",
        "\\bcommande\\s+(?:n[o°]?\\.?\\s*|numero\\s+)?#?\\d",
        "\\bremboursement\\b",
        r"\brecrut(?:e|ez|ent|ez-vous|e-t-elle|e-t-il)\b",
        r"\b(?:mon|notre)\s+(?:cv|portfolio|curriculum)\b",
        r"\b(?:candidature|offre\s+d'emploi|stagiaires?|alternance)\b",
        r"\bou\s+(?:est|en\s+est)\s+(?:mon|ma|notre)\s+(?:colis|commande|livraison)\b",
        r"\b(?:colis|numero\s+de\s+suivi)\b",
    ),
    present_link=(
        r"\b(?:lien|agenda|calendrier)\s+(?:\w+\s+){0,3}(?:est|se\s+trouve|figure)\s+dans\s+ma\s+signature\b",
        r"\b(?:utilisez|utilise|prenez|cliquez\s+sur)\s+(?:le|mon)\s+(?:\w+\s+)?lien\s+(?:que\s+je\s+(?:vous|t')\s?ai|ci-dessous|"
        r"plus\s+bas|de\s+mon\s+(?:precedent\s+)?(?:e-?mail|message))",
        r"\bvoici\s+(?:mon|notre)\s+" + _LINK_NOUN,
        r"\b(?:mon|notre)\s+(?:\w+\s+)?(?:lien|agenda|page)\s*(?:est\b)?(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\bje\s+prefere\s+(?:utiliser\s+)?(?:mon|le\s+mien)\b",
    ),
    books_ours=(
        r"\b(?:je\s+reserverai|je\s+vais\s+reserver|je\s+prendrai|je\s+vais\s+prendre)\s+(?:\w+\s+){0,3}?(?:sur|dans|via)\s+(?:votre|ton)\b",
    ),
    times_declined=(
        r"\b(?:vos|tes|ces|les)\s+(?:creneaux|propositions|horaires)\s+(?:proposes\s+)?ne\s+(?:me|nous)\s+(?:conviennent|vont)\s+pas",
    ),
    book_verbs=words("reservez reserve reserver planifiez planifier bookez booker calez caler fixez fixer"),
    choice_verbs=words("prenez prendre choisissez choisir"),
    slot_nouns=words("creneau creneaux rendez-vous rdv horaire moment appel reunion demo heure"),
    generic_verbs=words("utilisez utiliser passez passer"),
    link_nouns=words("lien agenda calendrier page calendly planning outil"),
    own_targets=words(
        "son sa ses avec+lui avec+elle mon ma mes notre nos ici ce+lien directement avec+moi le+mien"
    ),
    your_targets=words("votre vos ton ta tes le+votre"),
    free_choice=(r"ce\s+qui\s+vous\s+convient", r"n'importe\s+quel", r"le\s+creneau\s+(?:qui|de\s+votre)"),
    first_person=words("je j' nous+allons on+va"),
    second_person=words("vous tu"),
    negators=words("ne n' pas jamais sans"),
    determiners=words("mon ma mes votre vos ton ta le la les une un notre nos"),
    weekdays=(
        *words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
        r"(?:lun|mar|mer|jeu|ven)\.?(?=,?\s{0,3}\d)",
    ),
    relative_days=(r"demain", r"apres-demain", r"la\s+semaine\s+prochaine", r"aujourd'hui"),
    day_parts=(r"matin(?:ee)?", r"apres-midi", r"midi", r"soir"),
    months=words("janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre"),
    sole_words=pairs("stop:unsubscribe non:not_interested reserve:already_booked"),
)
