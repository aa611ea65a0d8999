"""A lead who shows their own page but asks for ours: which of the two they want.

"Here's my calendly if it helps, but honestly I'd rather you send me a few times" presents the page and
then asks us to propose. Acting on the page would be wrong, so a request for our times or link after
the page decides, unless it is only a fallback ("if none of it works, send me your link").
"""

from __future__ import annotations

import re

from schedlink.domain.intent_rules.reading import Reading, negated

# Words that turn a reply from the lead's page to what they would rather have: "but", "rather", "lieber".
_CONTRAST = re.compile(
    r"(?<![\w'])(?:but|rather|instead|prefer(?:red|ably)?|though|although|however|actually|pero|prefiero|"
    r"preferiria|mejor|aber|lieber|stattdessen|eher|mais|plutot|prefere|prefererais|mas|prefiro|preferia|"
    r"melhor|maar|liever|eigenlijk)(?![\w'])"
)
_CONDITION_WORD = re.compile(
    r"(?<![\w'])(?:if|unless|otherwise|si|sino|wenn|falls|sonst|sinon|se|senao|als|anders)(?![\w'])"
)
_CONTRAST_REACH = 200


def request_vetoes_page(text: Reading, start: int, *, presented_only: bool) -> bool:
    """Whether a request for our times or link, after the lead's page, outweighs the page.

    "Here's my calendly if it helps, but I'd rather you send me a few times": a page that is only
    presented gives way to any request; an invitation to book gives way only to a request after a
    contrast ("but", "rather", "lieber"). A request offered as a fallback ("if none of it works, send me
    your link") leaves the page in charge.
    """
    for request in text.found.get("request_link", ()):
        at = request.start()
        if at < start or negated(text.folded, at):
            continue
        sentence = max(text.folded.rfind(edge, start, at) for edge in ".!?\n") + 1
        sentence = max(sentence, start)
        contrast = _last(_CONTRAST, text.folded, max(start, at - _CONTRAST_REACH), at)
        condition = _last(_CONDITION_WORD, text.folded, max(sentence, at - _CONTRAST_REACH), at)
        if condition >= 0 and condition >= contrast:
            continue
        if contrast >= 0 or presented_only:
            return True
    return False


def _last(pattern: re.Pattern[str], folded: str, low: int, high: int) -> int:
    """The start of the last match of ``pattern`` in ``folded[low:high]``, or -1."""
    last = -1
    for match in pattern.finditer(folded, low, high):
        last = match.start()
    return last
