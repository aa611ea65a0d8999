"""Portuguese cues (Brazil and Portugal, você/tu), written without accents (text is folded)."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = r"(?:link|agenda|calendario|pagina|calendly)"

LEXICON = Lexicon(
    unsubscribe=(
        r"\b(?:removam|remova|retirem|retire|apaguem|apague|eliminem|elimine|excluam|exclua|tirem|tire)\s+(?:o\s+|os\s+)?"
        r"(?:meu|meus|nosso|nossos)\s+(?:contactos?|contatos?|e-?mails?|dados|numero|endereco)",
        r"\bnao\s+(?:me|nos)\s+(?:contactem|contatem|contacte|contate|enviem|mandem|escrevam)\s+mais\b",
        r"\bdescadastr",
        r"\bcancelar\s+(?:a\s+|minha\s+)?inscricao\b",
        r"\b(?:remova|remove|removam|tire|tirem|retire|exclua|excluam)[\s-]+me\b",
        r"\bme\s+(?:remova|removam|tire|tirem|retire|exclua|descadastre)\b",
        r"\bparem?\s+de\s+(?:me\s+)?(?:enviar|mandar|contatar|ligar|escrever)",
        r"\bnao\s+(?:quero\s+)?(?:mais\s+)?receber\b",
        r"\bsair\s+da\s+lista\b",
    ),
    auto_reply_subject=(r"\bresposta\s+automatica\b", r"\bausente\b", r"\bfora\s+do\s+escritorio\b"),
    out_of_office=(
        r"\bfora\s+do\s+escritorio\b",
        r"\bresposta\s+automatica\b",
        r"\b(?:estou|estarei)\s+(?:de\s+ferias|ausente|de\s+licenca|em\s+viagem|fora)\b",
        r"\b(?:ausente|ferias|licenca)\s+ate\b",
        r"\bacesso\s+limitado\b",
        r"\b(?:no\s+meu\s+retorno|quando\s+(?:eu\s+)?(?:voltar|retornar))\b",
    ),
    already_booked=(
        r"\bconvite\s+(?:ja\s+)?aceit[oe]\b",
        r"\b(?:aceitei|aceitamos)\s+o\s+(?:seu\s+|teu\s+)?convite\b",
        r"\b(?:coloquei|adicionei|pus|pusemos|bloqueei|pre-?marquei)\s+(?:uma|um|a|o)\s+(?:reuniao|chamada|convite|evento|horario)\b",
        r"\b(?:enviei|mandei|envio|mando)(?:-lhe|-te)?\s+(?:o|um)\s+convite\b",
        r"\bsegue\s+(?:em\s+anexo\s+)?o\s+convite\b",
        r"\b(?:reservei|agendei|marquei)\b",
        r"\b(?:te|lhe|vos)\s+(?:enviei|mandei)\s+(?:um|o)\s+convite\b",
        r"\bja\s+(?:esta|ficou)\s+(?:agendad|marcad|reservad)[oa]\b",
    ),
    disown_link=(
        r"\bnao\s+(?:use|usa|usem|utilize|agende|reserve|marque)\s+(?:o\s+)?(?:meu|minha|nosso|nossa|esse|este)\b",
        r"\bignor[ae]\s+(?:o\s+)?(?:meu|minha|esse)\s+(?:\w+\s+)?" + _LINK_NOUN,
        r"\b(?:meu|o)\s+(?:\w+\s+)?link\s+nao\s+funciona\b",
        r"\bespere\s+(?:antes\s+de|para)\s+(?:agendar|reservar|marcar)\b",
    ),
    request_link=(
        "\\b(?:que|quais)\\s+(?:horarios|dias|datas|opcoes)\\s+(?:voce|vc|tu|voces)\\s+(?:tem|tens|teria|tinha)\\b",
        r"\b(?:pode|podes|podia|poderia|consegue|consegues)\s+(?:me\s+)?(?:enviar|mandar|passar)(?:-me|-nos)?\s+(?:o\s+|a\s+)?(?:seu|teu|sua|tua|seus|teus|alguns|uns|umas|algumas|duas|tres)\s+(?:\w+\s+)?(?:link|agenda|horarios|disponibilidade|opcoes|calendario|sugestoes|propostas)",
        r"\b(?:mande|envie|manda|envia|mandem|enviem)(?:-me)?\s+(?:outro|um\s+novo)\b",
        r"\b(?:mande|envie|manda|envia|passe|passa|compartilhe)(?:-me)?\s+(?:entao\s+|melhor\s+)?(?:o\s+|a\s+)?"
        r"(?:seu|teu|sua|tua|seus|teus|alguns|uns|umas|algumas)\s+(?:\w+\s+)?"
        r"(?:link|agenda|horarios|disponibilidade|opcoes|calendario)",
        r"\b(?:voce|tu)\s+(?:tem|tens)\s+(?:um\s+)?link\b",
        r"\bquais\s+(?:horarios|dias)\s+(?:funcionam|sao\s+bons|ficam\s+bem)\s+para\s+(?:voce|ti)\b",
        r"\bqual\s+(?:e\s+)?a\s+sua\s+disponibilidade\b",
        r"\bquando\s+(?:voce\s+)?(?:esta|estas|tem)\s+(?:livre|disponivel)",
        r"\bquando\s+fica\s+(?:bom|melhor)\s+(?:para|pra)\s+(?:voce|ti)\b",
    ),
    propose=(
        r"\b(?:mande|envie|manda|envia)(?:-me)?\s+(?:o|um)\s+convite\b",
        r"\bque\s+tal\b",
        r"\b(?:posso|podemos)\b",
        r"\bestou\s+(?:livre|disponivel)\b",
        r"\b(?:fica|funciona)\s+(?:bom|bem)\s+(?:para\s+(?:mim|voce))?",
        r"\bme\s+lig(?:ue|a)\b",
    ),
    not_interested=(
        r"\bassin(?:amos|ei|ou)\s+(?:um|o)\s+(?:[\w-]+\s+){0,3}contrato\s+(?:[\w-]+\s+){0,2}com\s+(?:outr[oa]|a\s+concorrencia)\b",
        r"\b(?:acabamos\s+de|recentemente)\s+(?:renovar|renovamos|assinar|assinamos)\b",
        r"\b(?:temos|estamos\s+com)\s+(?:um\s+)?contrato\s+(?:com|em\s+vigor|ate)\b",
        r"\bnao\s+(?:se\s+)?(?:encaixa|adequa)\b",
        r"\bnao\s+(?:tenho|temos)\s+interesse\b",
        r"\bnao\W{0,2}\s*obrigad[oa]\b",
        r"\bsem\s+interesse\b",
        r"\bnao\s+estamos\s+interessad",
        r"\bnao\s+(?:precisamos|e\s+para\s+nos)\b",
        r"\bnao\s+se\s+aplica(?:m)?\s+(?:a|para|pra|ao|no)\s+(?:nos|mim|nosso|nossa|gente)\b",
        r"\bnao\s+(?:e|sao)\s+(?:muito\s+)?(?:relevantes?|pertinentes?)\s+(?:para|pra)\s+(?:nos|mim|a\s+gente|nosso|nossa)\b",
    ),
    settled=(
        "\\b(?:acabamos\\s+de|recentemente)\\s+(?:implementar|contratar|escolher|adotar|trocar)\\b",
        r"\bja\s+(?:temos|usamos|utilizamos|trabalhamos\s+com)\b",
    ),
    not_now=(r"\bnao\s+e\s+(?:uma\s+)?prioridade\b", r"\bnao\s+e\s+(?:o\s+)?(?:bom\s+)?momento\b"),
    later=(
        r"\b(?:volte|volta)\s+a\s+(?:falar|entrar\s+em\s+contato)\b",
        r"\b(?:retorno|entro\s+em\s+contato)\s+(?:em|depois|no|na|assim)\b",
        r"\bfalamos\s+(?:em|depois|no|na)\b",
    ),
    interested=(
        r"\b(?:tenho|temos)\s+interesse\b",
        r"\binteressad[oa]s?\b",
        r"\binteressante\b",
        r"\bparece\s+(?:bom|otimo|interessante)\b",
        r"\bmais\s+informac",
        r"\bprecos?\b",
        r"\bcom\s+prazer\b",
        r"\b(?:vou|vamos)\s+(?:agendar|reservar|marcar)\b",
        r"\b(?:agendarei|reservarei|marcarei)\b",
    ),
    puzzled=(
        r"\bde\s+que\s+empresa\b",
        r"\bnao\s+(?:o|a|te|os)\s+conheco\b",
        r"\bquem\s+(?:e|esta\s+falando|fala)\b",
        r"\bcomo\s+(?:voce\s+)?(?:conseguiu|obteve)\s+(?:o\s+)?meu\b",
        r"\bnumero\s+errado\b",
    ),
    referral=(r"\bencaminh(?:ar|ei|o)\b", r"\bnao\s+sou\s+a\s+pessoa\b"),
    off_topic=(
        "\\bfatura\\b",
        "\\bnota\\s+fiscal\\b",
        "\\bpedido\\s+(?:n[o.]?\\s*|numero\\s+)?#?\\d",
        "\\breembolso\\b",
        r"\b(?:boleto|segunda\s+via|curriculo|encomenda|rastreio|rastreamento)\b",
        r"\b(?:meu|nosso)\s+(?:cv|portfolio)\b",
        r"\b(?:vagas?\s+(?:de\s+emprego|abertas?|em\s+aberto)|processo\s+seletivo)\b",
        r"\b(?:estao|voces\s+estao)\s+contratando\b",
    ),
    present_link=(
        r"\b(?:link|agenda|calendario)\s+(?:\w+\s+){0,3}(?:esta|fica)\s+na\s+minha\s+assinatura\b",
        r"\b(?:use|usa|utilize|utiliza)\s+(?:o\s+)?(?:meu\s+)?link\s+(?:que\s+(?:te|lhe|vos)\s+(?:mandei|enviei|passei)|abaixo|acima|"
        r"(?:do|no)\s+(?:meu\s+)?(?:e-?mail|mensagem)\s+anterior)",
        r"\b(?:aqui\s+esta|segue)\s+(?:o\s+)?(?:meu|nosso)\s+" + _LINK_NOUN,
        r"\b(?:meu|nosso)\s+(?:link|calendario)\s+(?:e|de\s+agendamento)\b(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\bprefiro\s+(?:usar\s+)?(?:o\s+)?(?:meu|minha)\b",
    ),
    books_ours=(
        r"\b(?:vou|vamos)\s+(?:agendar|marcar|reservar|usar)\s+(?:\w+\s+){0,3}?(?:pelo|no|na|com\s+o)\s+(?:seu|sua|teu|tua)\b",
    ),
    times_declined=(
        r"\b(?:horarios|opcoes)\s+que\s+(?:voce\s+)?(?:sugeriu|propos|mandou)\s+nao\s+(?:dao|servem|funcionam)",
    ),
    book_verbs=words("agende agendar agenda marque marcar marca reserve reservar reserva agendem"),
    choice_verbs=words("escolha escolher"),
    slot_nouns=words("horario horarios hora reuniao chamada call momento demo"),
    generic_verbs=words("use usar utilize utilizar acesse"),
    link_nouns=words("link agenda calendario pagina calendly"),
    own_targets=words(
        "dele dela com+ele com+ela meu minha nosso nossa aqui neste+link por+este diretamente comigo pelo+meu"
    ),
    your_targets=words("seu sua teu tua de+voces o+seu"),
    free_choice=(r"qualquer", r"o\s+(?:horario|que)\s+(?:que\s+)?(?:for\s+)?melhor"),
    first_person=words("eu nos vou vamos"),
    second_person=words("voce voces tu pode podes"),
    negators=words("nao nunca sem"),
    determiners=words("minha meu sua seu a o uma nossa nosso tua teu"),
    weekdays=(
        r"segunda(?:-feira)?",
        r"terca(?:-feira)?",
        r"quarta(?:-feira)?",
        r"quinta(?:-feira)?",
        r"sexta(?:-feira)?",
        r"sabado",
        r"domingo",
        r"(?:seg|ter|qua|qui|sex)\.?(?=,?\s{0,3}\d)",
    ),
    relative_days=(r"amanha", r"semana\s+que\s+vem", r"proxima\s+semana", r"hoje"),
    day_parts=(r"(?<=de\s)manha", r"tarde", r"meio-dia"),
    months=words("janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro"),
    sole_words=pairs("pare:unsubscribe sair:unsubscribe nao:not_interested agendado:already_booked"),
)
