"""Cue lexicons and text helpers behind intent classification.

Each language module (``en``, ``es``, ``de``, ``fr``, ``pt``, ``nl``, ``it``, ``sv``) declares its cues as regular
expression fragments over *folded* text (lower case, accents stripped, curly quotes and dashes made
plain, URLs and e-mail addresses masked), see ``text``. ``cues`` compiles all languages once into an
index keyed by the word each cue begins with (``anchors``), so a reply is scanned once whatever the
number of cues; ``booking`` decides whether a booking verb invites us to the lead's own page, and
``reading`` holds one reply's prepared words. Adding a language or a phrasing touches one list.
"""
