"""Spanish cues (Spain and Latin America, tú/usted/vosotros), written without accents (text is folded)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:enlace|link|calendario|agenda|pagina|calendly)"

LEXICON = Lexicon(
    unsubscribe=(
        "\\bno\\s+(?:me|nos)\\s+(?:manden|envien|mandes|envies|mande|envie|escriban|escribas)\\s+(?:mas\\s+)?(?:mensajes|correos|e-?mails|mails|nada|publicidad)\\b",
        "\\bno\\s+nos\\s+(?:escriba|escribas|escriban|contacte|contactes|contacten|envie|envies|manden)n?\\s+mas\\b",
        "\\bno\\s+(?:me|nos)\\s+(?:vuelvan|vuelvas|vuelva)\\s+a\\s+(?:escribir|contactar|llamar|mandar|enviar)",
        r"\bdar(?:me|nos|se)?\s+de\s+baja\b",
        r"\b(?:dad|de|den)(?:me|nos)\s+de\s+baja\b",
        r"\bdarme\s+de\s+baja\b",
        r"(?<=de\s)baja\s+de\s+(?:esta|la|su|vuestra|tu)\s+lista\b",
        r"\bno\s+me\s+(?:escriba|escribas|escriban|contacte|contactes|contacten|envie|envies|manden)n?\s+mas\b",
        r"\b(?:eliminad|elimina|elimine|quitad|quita|quite|sacad|saca|saque|borrad|borra|borre)(?:me|nos)\s+de\b",
        r"\bdejen?\s+de\s+(?:escribirme|enviarme|contactarme|llamarme|mandarme)",
        r"\bcancelar\s+(?:la\s+)?suscripcion\b",
    ),
    auto_reply_subject=(r"\brespuesta\s+automatica\b", r"\bfuera\s+de\s+la\s+oficina\b", r"\bausente\b"),
    out_of_office=(
        r"\bfuera\s+de\s+(?:la\s+)?oficina\b",
        r"\brespuesta\s+automatica\b",
        r"\b(?:estoy|estare|me\s+encuentro)\s+(?:de\s+vacaciones|ausente|fuera|de\s+viaje|de\s+baja\s+por)\b",
        r"\b(?:ausente|vacaciones|viaje)\s+hasta\b",
        r"\bacceso\s+limitado\s+(?:al|a\s+mi)\s+correo\b",
        r"(?<=mi\s)regreso\b",
        r"\bcuando\s+(?:regrese|vuelva)\b",
    ),
    already_booked=(
        r"\binvitacion\s+(?:ya\s+)?aceptada\b",
        r"\b(?:he|hemos|ya)\s+aceptad?o?\s+(?:la|tu|su)\s+invitacion\b",
        r"\b(?:te|le|os|les)\s+(?:he\s+|hemos\s+)?(?:puesto|agendado|anadido|agregado|bloqueado|puse|agende|anadi|agregue)\s+"
        r"(?:una|la|un|el)\s+(?:reunion|cita|llamada|evento|invitacion|hueco)\b",
        r"\b(?:te|le|os|les)\s+(?:envio|mando|adjunto|reenvio)\s+(?:una|la)\s+invitacion\b",
        r"\b(?:aqui|aca)\s+(?:tienes|tiene|tenes|va|esta)\s+la\s+invitacion\b",
        r"\b(?:he|hemos)\s+(?:reservado|agendado|programado|apartado|cogido)\b",
        r"\bya\s+(?:reserve|agende|programe|aparte)\b",
        r"\b(?:te|le|os)\s+(?:he\s+)?(?:enviado|mandado|envie|mande)\s+(?:una|la)\s+invitacion\b",
        r"\bya\s+(?:esta|quedo)\s+(?:reservad|agendad|programad)[oa]\b",
    ),
    disown_link=(
        r"\bno\s+(?:uses|use|usen|utilices|utilice|reserves|reserve|agendes|agende)\s+(?:mi|nuestro|nuestra|el|ese)\b",
        r"\bignora\w{0,3}\s+(?:mi|el|ese)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:mi|el)\s+(?:\w+\s+)?(?:enlace|link|calendario)\s+no\s+funciona\b",
        r"\bespera\w{0,2}\s+(?:a|antes\s+de)\s+(?:reservar|agendar)\b",
    ),
    request_link=(
        "\\bque\\s+(?:horarios?|dias?|huecos|fechas|disponibilidad)\\s+(?:tienes|tiene|teneis|tienen|tenes)\\b",
        "\\bme\\s+(?:mandes|envies|pases|compartas|mande|envie|pase|comparta|manden|envien)\\s+(?:tu|el|un|tus|unos|algunos|su|sus)\\s+(?:\\w+\\s+)?(?:enlace|link|calendario|agenda|horarios|disponibilidad|opciones|huecos)",
        r"\b(?:mandame|enviame|pasame|mandeme|envieme|paseme|mandanos|envianos)\s+(?:otro|otra|uno\s+nuevo|un\s+nuevo)\b",
        r"\b(?:mandame|enviame|pasame|mandeme|envieme|paseme)\s+(?:unos|algunos|un\s+par\s+de)\s+(?:horarios|huecos|dias|opciones)\b",
        r"\b(?:mandame|enviame|pasame|mandeme|envieme|paseme|mandanos|envianos)\s+(?:mejor\s+|mas\s+bien\s+)?"
        r"(?:tu|su|el|un|tus|sus|unos|algunos)\s+"
        r"(?:\w+\s+)?(?:enlace|link|calendario|agenda|horarios|disponibilidad|opciones|huecos)",
        r"\bme\s+(?:mandas|envias|pasas|compartes|(?:puedes?|podrias?|pueden|podrian)\s+(?:mandar|enviar|pasar|compartir))\s+"
        r"(?:tu|el|un|tus|unos|algunos|su|sus)\s+"
        r"(?:\w+\s+)?(?:enlace|link|calendario|agenda|horarios|disponibilidad|opciones|huecos)",
        r"\b(?:tienes|tiene|teneis)\s+(?:un\s+)?(?:enlace|link)\b",
        r"\bque\s+(?:horarios?|dias?|huecos)\s+(?:te|le|os)\s+(?:vienen?|van?|quedan?)\s+bien\b",
        r"\bcuando\s+(?:estas|esta|tienes|tiene)\s+(?:libre|disponible|hueco)",
        r"\bcuando\s+(?:te|le|os)\s+(?:viene|va)\s+bien\b",
        r"\b(?:proponme|proponeme|propongame|sugiereme)\s+(?:unos|algunos|un\s+par\s+de)\s+(?:horarios|huecos|dias)",
    ),
    propose=(
        r"\b(?:mandame|enviame|mandeme|envieme)\s+(?:la|una)\s+invitacion\b",
        r"\b(?:me|nos)\s+(?:viene|va|vendria|iria)\s+bien\b",
        r"\b(?:te|le|os)\s+(?:viene|va|vendria|iria)\s+bien\b",
        r"\bestoy\s+(?:libre|disponible)\b",
        r"\bllamame\b",
    ),
    not_interested=(
        r"\b(?:firmado|firmamos|firmo)\s+(?:un|el)\s+(?:[\w-]+\s+){0,3}contrato\s+(?:[\w-]+\s+){0,2}con\s+(?:otro|otra|la\s+competencia)\b",
        r"\b(?:acabamos\s+de|recien)\s+(?:renovar|renovamos|firmar|firmamos)\b",
        r"\b(?:tenemos|seguimos\s+con|estamos\s+con)\s+(?:un\s+)?contrato\s+(?:con|vigente|hasta)\b",
        r"\bno\s+(?:nos\s+)?(?:encaja|encaje|cuadra)\b",
        r"\bno\s+(?:nos|me)\s+interesa\b",
        r"\bno\W{0,2}\s*gracias\b",
        r"\bno\s+estamos\s+interesad",
        r"\bno\s+es\s+para\s+nosotros\b",
        r"\bno\s+(?:lo\s+)?necesitamos\b",
        r"\bsin\s+interes\b",
        r"\bno\s+(?:nos\s+|me\s+)?(?:aplica|aplican|es\s+relevante|son\s+relevantes|es\s+pertinente)\s+"
        r"(?:para|a|en)\s+(?:nosotros|nosotras|mi|nuestro|nuestra|nuestros|nuestras)\b",
        r"\bno\s+nos\s+aplica\b",
    ),
    settled=(
        "\\b(?:acabamos\\s+de|recien)\\s+(?:implementar|contratar|cambiar|elegir|incorporar)\\b",
        r"\bya\s+(?:tenemos|contamos\s+con|usamos|trabajamos\s+con)\b",
    ),
    not_now=(r"\bno\s+es\s+(?:una\s+)?prioridad\b", r"\bno\s+es\s+(?:el\s+)?(?:buen\s+)?momento\b"),
    later=(
        r"\b(?:vuelve|vuelva|volved)\s+a\s+(?:escribirme|contactarme)\b",
        r"\bhablamos\s+(?:en|despues|tras|el\s+proximo)\b",
        r"\b(?:te|le|os)\s+(?:escribo|contacto|aviso|digo\s+algo)\b",
        r"\bme\s+pongo\s+en\s+contacto\b",
    ),
    interested=(
        r"\bme\s+interesa\b",
        r"\bnos\s+interesa\b",
        r"\binteresante\b",
        r"\bsuena\s+bien\b",
        r"\bcuentame\s+mas\b",
        r"\bmas\s+informacion\b",
        r"\bprecios?\b",
        r"\bcon\s+gusto\b",
        r"\b(?:reservare|agendare|programare)\b",
        r"\b(?:voy|vamos)\s+a\s+(?:reservar|agendar|programar)\b",
        r"\b(?:reservo|agendo)\b",
    ),
    puzzled=(
        r"\bde\s+que\s+(?:empresa|compania)\b",
        r"\bno\s+(?:te|le|os)\s+conozco\b",
        r"\bte\s+(?:has\s+)?equivocad[oa]\s+de\s+(?:persona|contacto)\b",
        r"\bquien\s+(?:eres|es|sois|habla)\b",
        r"\b(?:de\s+donde|como)\s+(?:sacaste|saco|consiguio|conseguiste|obtuvo|tienes|tiene)\s+mi\b",
        r"\bnumero\s+equivocado\b",
    ),
    referral=(
        r"\b(?:te|le|os)\s+(?:reenvio|reenviare|paso\s+con)\b",
        r"\bno\s+soy\s+la\s+persona\b",
        r"\bhabla\s+con\s+(?:mi|nuestro|nuestra)\b",
    ),
    off_topic=(
        "\\bfactura\\b",
        "\\bpedido\\s+(?:n[o.]?\\s*|numero\\s+)?#?\\d",
        "\\breembolso\\b",
        r"\bcurriculum\b",
        r"\b(?:siguen|estan|seguis)\s+(?:buscando|contratando)\s+(?:personal|gente|candidatos|empleados|perfiles)?",
        r"\b(?:vacante|oferta\s+de\s+(?:empleo|trabajo)|puesto\s+de\s+trabajo)\b",
        r"\bdonde\s+esta\s+(?:mi|nuestro)\s+(?:pedido|paquete|envio)\b",
        r"\b(?:paquete|envio)\s+(?:todavia\s+|aun\s+)?no\s+(?:ha\s+)?(?:llegado|llega)\b",
        r"\bnumero\s+de\s+seguimiento\b",
    ),
    present_link=(
        r"\b(?:enlace|link|calendario|agenda)\s+(?:\w+\s+){0,3}(?:esta|aparece|va)\s+en\s+mi\s+firma\b",
        r"\b(?:usa|use|usad|utiliza|utilice)\s+(?:el|mi)\s+(?:enlace|link)\s+(?:que\s+(?:te|le|les|os)\s+(?:pase|mande|envie|comparti|deje)"
        r"|(?:de\s+)?(?:mas\s+)?(?:abajo|arriba)|anterior|de\s+mi\s+(?:correo|mensaje))",
        r"\b(?:aqui|aca)\s+(?:tienes|tiene|esta|va)\s+(?:mi|nuestro|nuestra)\s+" + _LINK_NOUN,
        r"\b(?:mi|nuestro|nuestra)\s+(?:enlace|link|pagina)\s+(?:es|de\s+reservas)\b(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\bprefiero\s+(?:usar|que\s+uses|que\s+use)\s+(?:mi|el\s+mio)\b",
        r"\b(?:en|por)\s+el\s+mio\b",
        r"\bte\s+(?:dejo|paso|comparto|envio|mando)\s+(?:mi|nuestro|nuestra|el)\s+(?:\w+\s+)?" + _LINK_NOUN,
    ),
    books_ours=(
        r"\b(?:reservare|agendare|programare|cogere)\s+(?:\w+\s+){0,3}?(?:en|con|por)\s+(?:tu|su|vuestro)\b",
        r"\b(?:voy|vamos)\s+a\s+(?:reservar|agendar|usar)\s+(?:\w+\s+){0,3}?(?:en|con|por)?\s*(?:tu|vuestro)\b",
    ),
    times_declined=(
        r"\b(?:tus|sus|esos|los)\s+(?:horarios|huecos|propuestas)\s+(?:que\s+\w+\s+)?no\s+(?:me\s+)?(?:cuadran|van|sirven|vienen)",
    ),
    book_verbs=words(
        "reserva reserve reservad reservar agenda agende agendad agendar programa programe programar aparta "
        "reserves agendes programes"
    ),
    choice_verbs=words("elige elija escoge escoja coge pilla elijas escojas elegi"),
    slot_nouns=words(
        "hora horas hueco huecos horario horarios cita reunion llamada sesion turno demo momento espacio"
    ),
    generic_verbs=words("usa use utiliza utilice busca busque"),
    link_nouns=words("enlace link calendario agenda pagina calendly reservas"),
    own_targets=words(
        "con+el con+ella mi mis nuestro nuestra aqui aca este+enlace directamente conmigo el+mio"
    ),
    your_targets=words("tu tus vuestro vuestra tuyo"),
    free_choice=(r"lo\s+que\s+(?:te|le|os)\s+(?:venga|vaya|acomode)", r"cualquier", r"el\s+horario\s+que"),
    first_person=words("yo nosotros voy+a vamos+a quiero queremos puedo podemos intentare"),
    second_person=words("tu usted ustedes vosotros puedes puede podeis pueden"),
    negators=words("no nunca sin"),
    determiners=words("mi mis tu tus su sus la el del una nuestra nuestro vuestra este ese"),
    weekdays=(
        *words("lunes martes miercoles jueves viernes sabado domingo"),
        r"(?:lun|mar|mie|jue|vie)\.?(?=,?\s{0,3}\d)",
    ),
    relative_days=(
        r"manana",
        r"pasado\s+manana",
        r"la\s+semana\s+que\s+viene",
        r"la\s+proxima\s+semana",
        r"proxima\s+semana",
        r"hoy",
    ),
    day_parts=(r"por\s+la\s+(?:manana|tarde)", r"mediodia"),
    months=words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
    sole_words=pairs("baja:unsubscribe reservado:already_booked"),
)
