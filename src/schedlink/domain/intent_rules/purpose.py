"""A page offered for another purpose: "for later", "for reference", "in case you ever need me".

"I'll grab a time on your calendar. Mine is below in case you ever need to reach me" shows the lead's
page, but not to be booked now. The check reads only the sentence that offers the page (folded text,
see ``text``), so a marker elsewhere in the reply changes nothing.
"""

from __future__ import annotations

import re

_ASIDE = re.compile(
    r"(?<![\w'])(?:"
    # en
    r"for\s+later|for\s+(?:future\s+)?reference|for\s+the\s+future|for\s+whenever|just\s+in\s+case|fwiw|btw"
    r"|in\s+case\s+(?:you|u|a|any|someone|anyone)\s+(?:\w+\s+){0,2}?(?:need|needs|asks?|wants?)"
    r"|if\s+you\s+ever\s+need|no\s+need\s+to\s+use|if\s+you\s+want\s+to\s+say\s+hi"
    # es
    r"|por\s+si\s+(?:lo\s+|la\s+|me\s+)?necesita[sn]?|por\s+si\s+acaso|para\s+mas\s+adelante|para\s+el\s+futuro"
    # de
    r"|falls\s+sie\s+mich\s+(?:\w+\s+){0,2}(?:erreichen|brauchen|sprechen)|fur\s+spater|fur\s+die\s+zukunft"
    r"|nur\s+zur\s+info"
    # fr
    r"|au\s+cas\s+ou|pour\s+plus\s+tard|pour\s+la\s+suite|pour\s+l'avenir"
    # pt
    r"|caso\s+precise|para\s+depois|para\s+o\s+futuro|por\s+via\s+das\s+duvidas"
    # nl
    r"|voor\s+later|voor\s+de\s+toekomst|voor\s+het\s+geval|mocht\s+je\s+(?:me|mij)"
    # it
    r"|per\s+il\s+futuro|per\s+dopo|per\s+ogni\s+evenienza|nel\s+caso\s+(?:ti|tu|le)\s+serv"
    # sv
    r"|om\s+du\s+behover\s+(?:na|kontakta)|for\s+framtiden|till\s+senare"
    r")(?![\w'])"
)
_EDGES = ".!?;\n"


def offered_aside(folded: str, start: int, end: int) -> bool:
    """The sentence holding ``folded[start:end]`` offers the page for later or for reference."""
    low = max(folded.rfind(edge, 0, start) for edge in _EDGES) + 1
    stops = [i for i in (folded.find(edge, end) for edge in _EDGES) if i >= 0]
    high = min(stops) if stops else len(folded)
    return _ASIDE.search(folded, low, high) is not None
