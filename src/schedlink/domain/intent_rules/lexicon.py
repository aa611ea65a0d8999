"""The shape of one language's cue lexicon.

Fragments are regular expressions over folded text (see ``text.fold``): lower case, no accents, ``'``
for every apostrophe, ``-`` for every dash. Keep each fragment linear: bounded gaps (``.{0,40}?``), no
nested unbounded repeats, so a hostile message cannot make matching slow.

Two kinds of entries live here. *Phrases* (most fields) are matched anywhere and decide on their own.
*Words* (``book_verbs`` and the fields after it) feed the clause check in ``booking``, which decides
whether a booking verb is an invitation to use the lead's own page (imperative or addressed to us, aimed
at "my/our/here/<link>") rather than the lead saying they will book on ours.
"""

from __future__ import annotations

from dataclasses import dataclass

Fragments = tuple[str, ...]


def words(text: str) -> Fragments:
    """A compact word list: entries separated by spaces, "+" joining the words of one phrase ("let+me")."""
    return tuple(entry.replace("+", " ") for entry in text.split())


def pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Compact ``word:field`` pairs separated by spaces."""
    return tuple((word, field) for word, _, field in (entry.partition(":") for entry in text.split()))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Cue fragments of one language; every field may be empty."""

    # Phrases.
    unsubscribe: Fragments = ()
    auto_reply_subject: Fragments = ()
    out_of_office: Fragments = ()
    already_booked: Fragments = ()
    disown_link: Fragments = ()  # "don't use my link", "ignore my calendly", "hold off booking"
    request_link: Fragments = ()  # "send me your link / some times"
    propose: Fragments = ()  # "send me an invite", "could we do", "works for me"
    not_interested: Fragments = ()
    settled: Fragments = ()  # "we already use X": a refusal unless the lead asks or plans on
    not_now: Fragments = ()  # softer refusals that a stated later plan turns into interest
    later: Fragments = ()  # "reach back out in January", "I'll come back to you"
    interested: Fragments = ()
    referral: Fragments = ()  # "forwarding this to", "not the right person"
    puzzled: Fragments = ()  # "who is this?", "how did you get my number?"
    off_topic: Fragments = ()  # invoices, orders, a partnership pitch: no sales conversation to book
    present_link: Fragments = ()  # "here's my calendly", "I'd rather use my own page"
    books_ours: Fragments = ()  # "I'll grab a time on your calendar": the lead will book on the team's page
    times_declined: Fragments = ()  # "your proposed times don't work": a constraint, not an absence
    # Words for the clause check.
    book_verbs: Fragments = ()  # verbs of booking: any own target will do ("book with me")
    choice_verbs: Fragments = ()  # "grab", "pick": only when a time or slot is what is picked
    slot_nouns: Fragments = ()  # "time", "slot", "créneau": what a choice verb must pick
    generic_verbs: Fragments = ()  # "use", "drop": only with a scheduling noun or the link itself
    final_verbs: Fragments = ()  # infinitives that end their clause, target before: "... mit mir buchen."
    link_nouns: Fragments = ()
    own_targets: Fragments = ()  # my/our/here/there/with him... (the masked link counts too)
    your_targets: Fragments = ()  # your/yours: the team's own page
    free_choice: Fragments = ()  # "whatever works", "any slot"
    first_person: Fragments = ()  # subjects that make a booking verb the lead's own action
    second_person: Fragments = ()  # the nearest of the two decides ("I'd rather you book")
    negators: Fragments = ()
    determiners: Fragments = ()  # "my agenda", "the schedule": the verb form is really a noun
    # Time words for proposals written in words.
    weekdays: Fragments = ()
    relative_days: Fragments = ()
    day_parts: Fragments = ()
    months: Fragments = ()
    # Whole replies of one word ("STOP", "nope"), as (word, field of the intent it means).
    sole_words: tuple[tuple[str, str], ...] = ()
