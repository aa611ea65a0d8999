"""English cues, including the clipped style of SMS and chat ("pls", "thx", "u", "thru", "w/")."""

from __future__ import annotations

from schedlink.domain.intent_rules.lexicon import Lexicon, pairs, words

_LINK_NOUN = (
    r"(?:link|calendly|calendar|cal|page|scheduler|scheduling\s+page|booking\s+page|availability|diary)"
)

LEXICON = Lexicon(
    unsubscribe=(
        r"\bunsubscribe",
        r"\b(?:remove|delete|take)\s+(?:me|us|my\s+(?:e-?mail|address|number|details|data))\s+(?:off|from)\b",
        r"\bremove\s+me\b",
        r"\bopt(?:ing)?\s+(?:me\s+)?out\b",
        r"\bstop\s+(?:messaging|e-?mailing|texting|contacting|sending|calling|spamming|reaching\s+out|writing)",
        r"\b(?:do\s+not|(?:don't|dont)|never)\s+(?:contact|e-mail|email|message|text|call)\s+(?:me|us)\b",
        r"\bno\s+more\s+(?:e-?mails|messages|texts|calls)\b",
        r"\b(?:lose|delete)\s+my\s+(?:number|e-?mail|contact)",
        r"\bleave\s+me\s+alone\b",
    ),
    auto_reply_subject=(
        r"\bautomatic\s+reply\b",
        r"\bauto[\s-]?(?:matic\s+)?reply\b",
        r"\bautoreply\b",
        r"\bout\s+of\s+(?:the\s+)?office\b",
        r"\booo\b",
    ),
    out_of_office=(
        r"\bout\s+of\s+(?:the\s+)?office\b",
        r"\bautomatic\s+reply\b",
        r"\b(?:leave|vacation|holiday|holidays|pto|sabbatical)\b.{0,40}?\b(?:until|till|through|thru|returning|back\s+(?:on|in\s+the\s+office|at\s+work))\b",
        r"\bcurrently\s+(?:on\s+(?:\w+\s+)?leave|on\s+vacation|on\s+holiday|away|out\s+of\s+(?:the\s+)?office)\b",
        r"\b(?:(?:i'm|im)|i\s+am|i\s+will\s+be|currently)\s+(?:away|out|off|travell?ing|at\s+a\s+conference)\b"
        r".{0,40}?\b(?:until|till|through|thru)\b",
        r"\b(?:limited|no|without)\s+(?:access\s+to\s+)?(?:my\s+)?e-?mail(?:\s+access)?\b",
        r"\b(?:respond|reply|get\s+back\s+to\s+you|answer)\b.{0,30}?\b(?:when|once|upon|after)\s+"
        r"(?:(?:i'm|im)|i\s+am|my)\s+(?:back|return)",
        r"(?:(?<=is\s)|(?<=are\s))closed\s+(?:from|until|till|for)\b.{0,60}?\breopen",
    ),
    already_booked=(
        "\\b(?:sent|fired|shot|dropped)\\s+(?:you|u|over|across)\\s+(?:over\\s+)?(?:an?\\s+|the\\s+)?(?:calendar\\s+|meeting\\s+|teams\\s+|zoom\\s+)?invit(?:e|ation)\\b",
        "\\b(?:i|we)\\s+(?:already\\s+)?(?:have|'ve\\s+got|have\\s+got)\\s+(?:already\\s+)?(?:a|an|the|our)\\s+(?:\\w+\\s+)?(?:meeting|call|demo|appointment|chat)\\s+(?:already\\s+)?(?:scheduled|booked|set\\s+up|arranged|planned)\\s+with\\s+(?:you|u|your)\\b",
        "\\b(?:already|just)\\s+(?:set\\s+up|scheduled|booked|arranged)\\s+(?:a|an|the)\\s+(?:\\w+\\s+)?(?:meeting|call|demo|time|slot|chat)\\s+with\\s+(?:you|u|your)\\b",
        "\\b(?:colleague|assistant|coworker|co-worker|secretary|ea|pa)\\s+(?:(?!will\\b|can\\b|could\\b|should\\b|would\\b|may\\b|might\\b|to\\b)\\w+\\s+)?(?:already\\s+|just\\s+)?(?:set\\s+(?:it|this|that|one|us)\\s+up|booked|scheduled|arranged)\\b",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|(?:went|gone)\s+ahead\s+and\s+)?(?:put|added|dropped|placed|"
        r"created|blocked|pencil+ed)\s+(?:a|an|the|us|some|something|time|\d{1,3})\b[^.!?\n]{0,40}?\b(?:on|in|into|to)\s+"
        r"(?:your|ur)\s+(?:calendar|calender|cal|diary|schedule)",
        r"\b(?:here's|here\s+is|attached\s+is|find\s+attached)\s+(?:the|an?|my)\s+(?:calendar\s+|meeting\s+|teams\s+|zoom\s+)?"
        r"invit(?:e|ation)\b",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|now\s+|(?:went|gone)\s+ahead\s+and\s+)?"
        r"(?:booked|scheduled|reserved)\b(?!\s+(?:up|solid|out)\b)",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|(?:went|gone)\s+ahead\s+and\s+)?"
        r"(?:grabbed|snagged|picked|took|put\s+(?:us|myself|me)\s+(?:in|down))\s+(?:a|the|one|us)?\s*"
        r"(?:slot|time|spot|meeting|call|\d)",
        r"\b(?:done|just|already|all)\W{1,4}(?:booked|grabbed|snagged|scheduled|reserved|locked\s+in)\b"
        r"(?!\s+(?:up|solid|out)\b)",
        # "Booked Thursday", "booked us in": not "I'm booked", "fully booked", "once booked", "double booked".
        r"(?<!'m\s)(?<!im\s)(?<!am\s)(?<!'re\s)(?<!are\s)(?<!'s\s)(?<!is\s)(?<!be\s)(?<!been\s)(?<!was\s)"
        r"(?<!were\s)(?<!get\s)(?<!gets\s)(?<!got\s)(?<!you\s)(?<!once\s)(?<!if\s)(?<!when\s)(?<!fully\s)"
        r"(?<!pretty\s)(?<!quite\s)(?<!double\s)(?<!totally\s)(?<!completely\s)(?<!heavily\s)(?<!be\s)"
        r"\bbooked\b(?!\s+(?:up|solid|out|through|until)\b)(?!\s*\?)",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|(?:went|gone)\s+ahead\s+and\s+)?sent\s+"
        r"(?:you\s+|over\s+)?(?:an?\s+|the\s+)?(?:calendar\s+|meeting\s+|teams\s+|zoom\s+)?invit",
        r"\bjust\s+sent\s+(?:you\s+|over\s+)?(?:an?\s+|the\s+)?(?:calendar\s+)?invit",
        r"\b(?:just|already)\s+accepted\b",
        r"\binvit(?:e|ation)\s+(?:is\s+|has\s+been\s+)?accepted\b",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|(?:went|gone)\s+ahead\s+and\s+)?(?:put|added)\s+"
        r"(?:us|it|this|the\s+(?:call|meeting))\s+(?:on|in|into|to)\s+(?:the|our|my)\s+(?:calendar|calender|cal|diary|schedule)",
        r"\bconfirmed\s+for\b",
        # "Scheduled a time with you via your TidyCal", "booked through your link for Thursday".
        r"\b(?:scheduled|booked|reserved|grabbed|snagged|set\s+up)\b[^.!?\n]{0,40}?\b(?:via|through|thru|using|on|with)\s+"
        r"(?:your|ur)\s+(?:[\w.-]+\s+)?(?:link|calendly|tidycal|calendar|page|scheduler|cal|booking|scheduling|tool|site)\b"
        r"(?![^.!?\n]{0,40}\?)",
        # "my EA already put something on your calendar": someone on the lead's side has booked.
        r"\b(?:colleague|assistant|coworker|co-worker|secretary|ea|pa|already)\s+"
        r"(?:(?!will\b|can\b|could\b|should\b|would\b|may\b|might\b|to\b)\w+\s+){0,2}"
        r"(?:put|added|placed|dropped|blocked|pencil+ed)\s+(?:[\w-]+\s+){0,3}?(?:on|in|into|to)\s+"
        r"(?:your|ur)\s+(?:calendar|calender|cal|diary|schedule|agenda)\b",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+)?accepted\s+(?:the|your)\s+(?:\w+\s+)?invit",
        r"(?:(?<=meeting\s)|(?<=call\s)|(?<=booking\s)|(?<=appointment\s)|(?<=slot\s)|(?<=is\s)|(?<=been\s))"
        r"confirmed\b",
    ),
    disown_link=(
        r"\b(?:(?:don't|dont)|do\s+not|no\s+need\s+to|never)\s+(?:use|book\s+(?:on|via|through|thru))\s+"
        r"(?:my|our|the|that|this)\b",
        r"\bignore\s+(?:my|our|the|that|this)\s+(?:\w+\s+){0,2}" + _LINK_NOUN,
        r"\b(?:my|our)\s+(?:\w+\s+){0,2}(?:link|calendly|page|calendar)\s+(?:is|'s)\s+(?:\w+\s+)?"
        r"(?:broken|down|dead|outdated|wrong|old|not\s+working)",
        r"\bhold\s+off\s+(?:on\s+)?(?:booking|scheduling)",
        r"\b(?:(?:don't|dont)|do\s+not)\s+book\s+(?:anything\s+|yet|just\s+yet|until)",
        r"\bnot\s+a\s+fan\s+of\s+(?:booking|scheduling|calendar)\s+links",
    ),
    request_link=(
        "\\b(?:send|share)\\s+(?:me\\s+|us\\s+|over\\s+)?yours\\b",
        "\\b(?:what|which)\\s+(?:times?|days?|slots?|dates?|openings)\\s+(?:do|did|would|could|can)\\s+(?:you|u)\\s+(?:guys\\s+)?(?:have|got|offer)\\b",
        "\\b(?:what|which)\\s+(?:times?|days?|slots?|dates?|openings)\\s+(?:have|has)\\s+(?:you|u)\\s+(?:guys\\s+)?got\\b",
        "\\b(?:what|which)\\s+(?:times?|days?|slots?|dates?)\\s+(?:are|r)\\s+(?:you|u)\\s+(?:guys\\s+)?(?:free|available|open)\\b",
        r"\b(?:send|share)\s+(?:me\s+|us\s+|over\s+){0,2}(?:another|a\s+new|a\s+different|a\s+working|a\s+fresh)\s+(?:one|link)\b",
        r"\b(?:re-?send|send\s+again)\s+(?:me\s+|us\s+)?(?:the|your|ur|it)\b"
        r"(?!\s+(?:\w+\s+)?(?:invoice|receipt|contract|order|bill|statement|credit\s+note)\b)",
        r"\bsend\s+(?:me\s+|us\s+|over\s+|across\s+|through\s+|again\s+){0,2}(?:your|ur|the|a|an|some|a\s+few|few|"
        r"a\s+couple(?:\s+of)?|couple(?:\s+of)?|other|more|any|alternative)?\s*"
        r"(?:(?:booking|scheduling|calendar|calendly|meeting|available|open|free|new|alternative|possible)\s+){0,2}"
        r"(?:link|calendly|calendar|times|time\s+slots|slots|options|availability|dates|openings|booking\s+page)\b"
        r"(?![\s-]+invit)",
        r"\bsend\s+(?:me|us|over)\s+yours\b",
        r"\b(?:send|give)\s+(?:him|her|them)\s+(?:a\s+few|some|a\s+couple(?:\s+of)?|two\s+or\s+three|two|three)\s+"
        r"(?:\w+\s+)?(?:times|slots|dates|options)\b",
        # A broken link and a plea for one that works: "could you resend a working one?"
        r"\b(?:re-?send|send\s+again)\s+(?:me\s+|us\s+)?(?:a|an|another)\s+(?:working|new|fresh|valid|correct|"
        r"functioning|different)\s+(?:\w+\s+)?(?:one|link|url|calendly)\b",
        # "would you mind sending me a few times", "email me some times", "send me two or three proposals"
        r"\b(?:send(?:ing)?|e-?mail(?:ing)?|text(?:ing)?|shoot(?:ing)?|drop(?:ping)?)\s+(?:me|us)\s+(?:over\s+)?"
        r"(?:a\s+few|some|a\s+couple(?:\s+of)?|couple(?:\s+of)?|two|three|2|3|several|few)\s+"
        r"(?:(?:or|to|-)\s+(?:three|four|3|4)\s+)?(?:(?:\w+\s+){0,2})?"
        r"(?:times|slots|dates|options|proposals|suggestions|openings)\b",
        r"\b(?:send|share|give)\s+(?:me\s+|us\s+)?(?:the|a)\s+(?:actual|real|right|correct|proper|working)\s+link\b",
        r"\b(?:send|share)\s+(?:me\s+|us\s+)?(?:your|ur|the)\s+(?:\w+\s+)?link\s+again\b",
        r"\b(?:share|forward|drop|text|e-mail|email)\s+(?:me\s+|us\s+)?(?:your|ur)\s+(?:\w+\s+)?"
        r"(?:link|calendly|calendar|availability)",
        r"\b(?:do|does|would|could|can)\s+(?:you|u)\s+(?:guys\s+)?(?:have|got|share)\s+(?:a|an|any)\s+(?:\w+\s+)?"
        r"(?:link|calendly|calendar\s+link|booking\s+page)",
        r"\bwhat\s+(?:times?|days?|slots?|dates?)\s+(?:\w+\s+){0,2}(?:work|suit|are\s+good|is\s+good)\w*\s+"
        r"(?:for|on|with)\s+(?:you|your|u)\b",
        r"\bwhat(?:'s|\s+is|\s+does)\s+(?:your|ur)\s+(?:availability|calendar|schedule)",
        r"\bwhen\s+(?:are|would|will|r)\s+(?:you|u)\s+(?:\w+\s+)?(?:free|available)",
        r"\b(?:your|ur)\s+(?:calendly|booking\s+link|calendar\s+link|scheduling\s+link)\s*\?",
        r"\bnone\s+of\s+(?:the|your)\s+(?:\w+\s+)?(?:times|slots|options)\b",
        r"\b(?:what|when)\s+(?:works|suits|is\s+good|would\s+work|is\s+best)\s+(?:best\s+)?(?:for|with)\s+(?:you|u)\b",
        r"\bwhen\s+suits\s+(?:you|u)\b",
        r"\b(?:do|would)\s+(?:you|u)\s+have\s+(?:some\s+|any\s+)?(?:time|availability|a\s+slot|a\s+moment)\b",
        r"\b(?:propose|suggest|offer|share)\s+(?:me\s+|us\s+)?(?:a\s+few|some|a\s+couple\s+of|couple\s+of|two|three|few|your)?"
        r"\s*(?:times|slots|dates|options)\b",
    ),
    propose=(
        r"\bsend\s+(?:me\s+|us\s+|over\s+|through\s+){0,2}(?:an?\s+|the\s+)?(?:calendar\s+|meeting\s+|teams\s+|zoom\s+)?"
        r"invit(?:e|ation)",
        r"\b(?:could|can)\s+we\s+(?:do|say|meet|talk|chat)\b",
        r"\bhow\s+about\b",
        r"\b(?:works|work|suits?|is\s+good|are\s+good)\s+(?:for\s+me|best|well)\b",
        r"\b(?:i'm|im)\s+(?:free|available|open|wide\s+open)\b",
        r"\bi\s+(?:can|could)\s+do\b",
        r"\b(?:call|ring)\s+me\b",
    ),
    not_interested=(
        r"\b(?:just|recently|already)\s+(?:renewed|re-?signed|extended)\b",
        r"\b(?:locked|tied)\s+in(?:to)?\s+(?:with|a|an|our|for)\b",
        r"\bunder\s+contract\s+(?:with|until|for|through)\b",
        r"\b(?:isn't|is\s+not|isnt|wouldn't\s+be|won't\s+be)\s+(?:really\s+)?(?:a\s+)?(?:good\s+|great\s+|the\s+right\s+)?fit\b",
        r"\bnot\s+(?:\w+\s+)?interested\b",
        r"\bno\W{0,2}\s*(?:thanks|thank\s+you|thx|ty)\b(?!\s+for\b)",
        r"\bnot\s+for\s+(?:us|me)\b",
        r"\bnot\s+(?:looking|in\s+the\s+market)\b",
        r"\b(?:signed|went|going)\s+with\s+(?:another|a\s+different|someone\s+else|a\s+competitor)",
        r"\bsigned\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:deal|contract|agreement)\s+with\s+"
        r"(?:another|a\s+different|a\s+competitor|someone\s+else|an\s+other)\b",
        r"\b(?:we'll|(?:i'll|ill)|we\s+will|i\s+will)\s+pass\b",
        r"\bpass\s+on\s+this\b",
        r"\bno\s+(?:interest|budget|need)\b(?!\s+to\b)",
        r"\bjust\s+browsing\b",
        r"\b(?:nah|nope)\b",
        r"\b(?:isn't|is\s+not|isnt|aren't|are\s+not|arent|not)\s+(?:really\s+|very\s+|particularly\s+|all\s+that\s+)?"
        r"(?:relevant|applicable)\s+(?:for|to)\s+(?:us|me|our)\b",
        r"\birrelevant\s+(?:for|to)\s+(?:us|me)\b",
    ),
    settled=(
        "\\b(?:just|recently)\\s+(?:rolled\\s+out|implemented|introduced|switched\\s+to|migrated\\s+to|invested\\s+in|chose|picked)\\s+(?:a|an|another)\\b",
        r"\b(?:we're|we\s+are|(?:i'm|im)|i\s+am)\s+(?:all\s+)?(?:set|covered|sorted)\s+(?:with|for|on|here|thanks)\b",
        r"\balready\s+(?:have|use|using|work\s+with|working\s+with|signed|got|partnered)\b",
        r"\b(?:built|build|have)\s+our\s+own\b",
        r"\b(?:handle|do|manage)\s+(?:it|this|that|\w+)\s+in-house\b",
        r"\bin-house\b",
        r"\b(?:happy|satisfied|fine|content)\s+with\s+(?:our|the|my)\s+(?:current|existing|present)\b",
        r"\b(?:we're|we\s+are|i'm|im|i\s+am)\s+(?:all\s+)?good\b(?!\s+(?:to|for|with\s+(?:that|it|this)))",
    ),
    puzzled=(
        r"\bwho\s+(?:is|are)\s+(?:this|you)\b",
        r"\b(?:how|where)\s+did\s+(?:you|u)\s+get\s+my\b",
        r"\bwho\s+gave\s+(?:you|u)\s+my\b",
        r"\bdo\s+i\s+know\s+(?:you|u)\b",
        r"\bwrong\s+(?:number|person|email|address)\b",
        r"\bmean\s+to\s+(?:send|write|e-?mail|message)\s+(?:this\s+|that\s+|it\s+)?to\s+(?:someone|somebody)\s+else\b",
        r"\b(?:meant|intended)\s+for\s+(?:someone|somebody)\s+else\b",
        r"\b(?:you've|you\s+have|you)\s+(?:got\s+)?the\s+wrong\s+(?!(?:link|time|date|day|url|page)\b)[a-z]+\b",
        r"\bis\s+this\s+(?:spam|a\s+scam)\b",
    ),
    not_now=(
        r"\bnot\s+(?:the\s+)?(?:a\s+)?(?:right|good)\s+time\b",
        r"\bnot\s+(?:a\s+)?(?:priority|fit|good\s+fit)\b",
        r"\bnot\s+(?:right\s+)?now\b",
        r"\b(?:isn't|isnt|is\s+not)\s+(?:a\s+)?(?:priority|good\s+fit)\b",
        r"\b(?:we're|we\s+are|(?:i'm|im)|i\s+am)\s+(?:all\s+)?good\s+for\s+now\b",
        r"\bnot\s+(?:for\s+now|at\s+the\s+moment|this\s+(?:year|quarter))\b",
    ),
    later=(
        "\\b(?:let's|lets)\\s+(?:revisit|regroup|reconnect|circle\\s+back|pick\\s+(?:this|it)\\s+(?:back\\s+)?up)\\b",
        "\\b(?:revisit|pick\\s+(?:this|it)\\s+(?:back\\s+)?up)\\s+(?:again\\s+)?(?:in|next|after|later)\\b",
        r"\b(?:reach|circle|check)\s+(?:back\s+)?(?:out\s+)?(?:again\s+)?(?:in|after|around|next)\b",
        r"\bping\s+me\s+(?:then|in|after|later|next)\b",
        r"\b(?:get|come|circle)\s+back\s+to\s+you\b",
        r"\b(?:let's|lets)\s+(?:talk|chat|connect|speak|reconnect)\s+(?:in|after|once|when|next)\b",
        r"\b(?:follow\s+up|touch\s+base)\s+(?:in|after|next)\b",
        r"\b(?:maybe|perhaps|possibly)\s+(?:in\s+)?(?:next|the\s+new)\s+(?:quarter|year|month|spring|summer|fall|autumn)\b",
    ),
    interested=(
        "\\b(?:i'd|i\\s+would|we'd|we\\s+would|(?:i'm|im)|i\\s+am|we're|we\\s+are)\\s+(?:be\\s+)?(?:open|up)\\s+(?:to|for)\\s+(?:a|an|the)\\s+(?:\\w+\\s+)?(?:call|chat|conversation|demo|meeting|intro)\\b",
        "\\bcould\\s+be\\s+worth\\s+a\\s+(?:chat|call|look|conversation)\\b",
        r"\binterest(?:ed|ing)\b",
        r"\bsounds\s+(?:good|great|interesting|promising)\b",
        r"\bhappy\s+to\s+(?:talk|chat|hear|learn|connect|take\s+a\s+look|look|have\s+a\s+look)\b",
        r"\b(?:keen|curious)\b",
        r"\b(?:let's|lets)\s+(?:talk|chat|connect|do\s+it|set\s+(?:something|it)\s+up)\b",
        r"\b(?:i'd|i\s+would|we'd|we\s+would)\s+(?:love|like)\s+to\s+(?:learn|hear|see|talk|chat|know)\b",
        r"\btell\s+me\s+more\b",
        r"\bmore\s+info(?:rmation)?\b",
        r"\b(?:relevant|timely|good\s+timing|timing\s+is\s+good|definitely)\b",
        r"(?<=on\s)(?:our|my)\s+(?:list|radar|agenda|roadmap)\b",
        r"\b(?:pricing|price|quote|proposal|deck|one-pager|case\s+stud(?:y|ies)|demo)\b",
        r"\b(?:(?:i'll|ill)|i\s+will|we'll|we\s+will|will)\s+(?:\w+\s+)?(?:book|grab|schedule|pick|find)\b",
        r"\blooks?\s+(?:very\s+|really\s+|quite\s+)?(?:promising|interesting|compelling|useful)\b",
        r"\b(?:i|we|i'd|we'd|i\s+would|we\s+would)\s+(?:really\s+)?(?:like|love|want)\s+to\s+"
        r"(?:explore|dig\s+in|dig\s+into|look\s+into|find\s+out\s+more|learn\s+more)\b",
    ),
    referral=(
        r"\bforward(?:ing|ed)?\s+(?:this|it|you|your\s+\w+)\s+(?:on\s+)?to\b",
        r"\bnot\s+the\s+right\s+(?:person|contact)\b",
        r"\b(?:he|she|they)(?:'ll|\s+will)\s+(?:reach\s+out|be\s+in\s+touch|get\s+in\s+touch)\b",
        r"(?<=you\s)should\s+(?:talk|speak|reach\s+out)\s+to\b",
    ),
    off_topic=(
        "\\bpartnership\\b",
        "\\brefer\\s+(?:clients|customers|leads|business)\\b",
        "\\b(?:invoice|receipt|credit\\s+note)\\s+(?:for|from|of|on|number|no)\\b",
        "\\b(?:the|an|our|my|this|that|last)\\s+invoice\\b",
        "\\border\\s+(?:#|no\\.?\\s*|number\\s+)?\\d",
        "\\b(?:refund|support\\s+ticket|charged\\s+twice|double\\s+charged)\\b",
        # Job seekers, support and delivery questions, and a pitch of the lead's own services.
        r"\b(?:is|are)\s+(?:the|this|that|these|your)\s+(?:\w+\s+)?(?:role|position|job|opening|vacancy|vacancies)\s+"
        r"(?:still\s+)?(?:open|available|filled)\b",
        r"\b(?:my|our)\s+(?:resume|cv|portfolio)\b",
        r"\b(?:you(?:'re|\s+are)|(?:is|are)\s+\w+)\s+(?:still\s+|currently\s+)?hiring\b",
        r"\bjob\s+(?:opening|posting|application|offer|ad)s?\b",
        r"\bwhere\s+(?:is|are)\s+(?:my|our)\s+(?:package|parcel|order|shipment|delivery)\b",
        r"\b(?:package|parcel|shipment)\s+(?:still\s+)?(?:has\s+not|hasn't|hasnt|never|did\s+not|didn't|not)\s+"
        r"(?:\w+\s+)?(?:arrived|come|been\s+delivered|shown\s+up)\b",
        r"\btracking\s+(?:number|code|no)\b",
        r"\b(?:issue|problem|trouble)s?\s+with\s+(?:the|our|my)\s+(?:contact\s+form|login|account|order|website\s+form)\b",
        r"\bsame\s+company\s+(?:that|who)\s+(?:built|made|designed|did|sold|installed)\b",
        r"\b(?:is\s+this|are\s+you)\s+(?:the\s+|your\s+)?(?:support|customer\s+service|help\s*desk)\b",
        r"\b(?:would|are|could)\s+(?:you|u)\s+(?:be\s+)?open\s+to\s+(?:a|an|our)\s+(?:free\s+|quick\s+)?(?:[\w-]+\s+)?"
        r"(?:audit|assessment|review|analysis|consultation)\b",
        r"\bwe\s+help\s+(?:[\w-]+\s+){0,3}(?:companies|businesses|firms|brands|teams|agencies|startups)\s+"
        r"(?:\w+\s+){0,2}(?:\d+x|double|triple|grow|increase|boost|rank)",
    ),
    present_link=(
        r"\b(?:link|calendar|calendly|scheduler|page|availability)(?:\'s|\s+is)\s+in\s+my\s+(?:e-?mail\s+)?(?:signature|sig|footer)\b",
        r"\bany\s+(?:open\s+|free\s+)?(?:slot|time|spot|opening)\s+(?:there|on\s+(?:it|there|my\s+\w+))\s+(?:works|is\s+fine|is\s+good)",
        r"\bonly\s+way\s+(?:onto|into|on\s+to|to\s+get\s+on)\s+my\s+(?:calendar|diary|schedule)",
        r"\b(?:could|can|shall)\s+we\s+use\s+my\s+(?:\w+\s+)?(?:page|link|calendar|scheduler|calendly|booking\s+page|bookings\s+page)\b",
        r"\b(?:use|using|try|click|see)\s+(?:the|my|that)\s+(?:\w+\s+)?(?:link|calendly|booking\s+page|scheduling\s+page)\s+"
        r"(?:(?:that\s+)?i\s+(?:sent|shared|gave|included|pasted|posted|forwarded)|(?:in|from|on)\s+my\s+(?:\w+\s+){0,2}"
        r"(?:e-?mail|message|note|reply|signature|footer)|(?:from\s+)?(?:below|above|before|earlier))",
        r"\bhere(?:'s|\s+is|\s+are)\s+(?:my|our)\s+(?:\w+\s+){0,2}" + _LINK_NOUN,
        r"\b(?:my|our)\s+(?:\w+\s+){0,2}(?:link|calendly|page|scheduler)\s+is\b(?=\s*(?::|\ue000|here|below|hier|aqui|abajo|abaixo|ici|ci-dessous|hieronder|unten))",
        r"\b(?:i'd|i\s+would|we'd|we\s+would)\s+(?:rather|prefer(?:\s+to)?)\s+(?:use|go\s+with|stick\s+with)\s+"
        r"(?:my|our|mine)\b",
        r"\b(?:try|use)\s+mine\b",
        r"(?<=on\s)mine\b",
        r"\b(?:my|our)\s+(?:\w+\s+)?(?:calendar|diary|schedule|availability)\s+is\s+(?:open|here|below|at|linked)\b",
        r"\b(?:easiest|simplest|quickest|fastest|best)\b.{0,30}?\b(?:my|our)\s+(?:\w+\s+)?"
        r"(?:link|calendly|calendar|page|scheduler)\b",
    ),
    books_ours=(
        r"\b(?:(?:i\'ll|ill)|i\s+will|we\'ll|we\s+will|i\'m\s+going\s+to|im\s+going\s+to|i\s+am\s+going\s+to|i\'d\s+rather)\s+(?:\w+\s+){0,2}?(?:book|grab|pick|use|schedule|find|snag|take)\b[^.!?\n]{0,40}?\b(?:your|ur|yours)\b",
    ),
    times_declined=(
        r"\b(?:your|those|these|the)\s+(?:proposed\s+|suggested\s+|offered\s+)?(?:times?|slots?|dates?|options)\s+(?:you\s+(?:sent|suggested|proposed|offered)\s+)?(?:don\'t|dont|won\'t|wont|do\s+not|will\s+not|doesn\'t|can\'t)\s+(?:really\s+)?work",
        r"\b(?:times?|slots?|dates?)\s+you\s+(?:sent|suggested|proposed|offered)\s+(?:don\'t|dont|won\'t|wont|do\s+not|will\s+not|clash|conflict)",
    ),
    book_verbs=words("book schedule reserve bok boook shedule schedual sched"),
    choice_verbs=words("grab snag pick choose select"),
    slot_nouns=words(
        "time times tiem tyme slot slots spot call meeting chat min mins minutes session appointment consultation demo intro hour"
    ),
    generic_verbs=words("use try drop find set+up put throw go"),
    link_nouns=words(
        "link calendly calendar calender calandar cal page site scheduler diary booking bookings schedule agenda tool availability"
    ),
    own_targets=words(
        "my our mine here there below this this+link the+link w/+me with+me with+him with+her "
        "with+them his her directly"
    ),
    your_targets=words("your yours ur"),
    free_choice=(
        r"whatever",
        r"whichever",
        r"whenever",
        r"any(?:thing)?\s+(?:\w+\s+)?(?:slot|time|spot|opening)",
        r"any\s+of\s+the",
        r"what(?:ever)?\s+suits",
    ),
    first_person=words("i we i'll i'd i've i'm we'll we'd let's let+me ill"),
    second_person=words("you u ya y'all"),
    negators=words(
        "don't dont do+not never not no+need+to without ignore hold+off instead+of can't cannot "
        "couldn't haven't havent hasn't didn't didnt won't wont isn't aren't wasn't yet+to"
    ),
    determiners=words("my our your the a an his her their busy full on+the"),
    weekdays=(
        r"monday",
        r"tuesday",
        r"wednesday",
        r"thursday",
        r"friday",
        r"saturday",
        r"sunday",
        # Abbreviations only before a time ("thurs 8-10am"): "mon" is also French for "my".
        r"(?:mon|tue|tues|wed|thu|thur|thurs|fri)\.?(?=,?\s{0,3}(?:\d|am\b|pm\b|morning|afternoon|eve|after\b|before\b|between\b|from\b|or\b|and\b|&|/))",
    ),
    relative_days=(r"tomorrow", r"tmrw?", r"next\s+week", r"this\s+week", r"today"),
    day_parts=(r"morning", r"afternoon", r"evening", r"noon", r"midday", r"eod", r"lunch(?:time)?"),
    months=(
        r"january",
        r"february",
        r"march",
        r"april",
        r"june",
        r"july",
        r"august",
        r"september",
        r"october",
        r"november",
        r"december",
        r"(?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s?\d{1,2}(?:st|nd|rd|th)?",
    ),
    sole_words=pairs(
        "stop:unsubscribe unsubscribe:unsubscribe no:not_interested nope:not_interested "
        "nah:not_interested booked:already_booked"
    ),
)
