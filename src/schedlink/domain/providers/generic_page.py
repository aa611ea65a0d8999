"""The careful generic booking page driver: text and roles only, for providers without their own recipe
and for pages whose markup changed under a provider's recipe.

It trusts nothing it cannot read back: the shown month from a "March 2026" heading, the day by its
number in a grid, the time by its whole text in the zone the page names (an IANA name must appear), the
length from words like "30 min". Anything it cannot establish stops it before the form is submitted.

On a page no recipe knows (``on_its_own``) it is stricter still after the submit: ``booked`` needs both
the page's confirmation text and a 2xx answer to a POST or PUT the page sent to the link's own host (or
the provider's) once the submit was clicked, and none of its calls refused; either half alone, or a
refused call beside them, is an unknown outcome for a person (``generic_confirmation``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule, time_text_selector
from schedlink.domain.providers.base import Recognition


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    return recognition.url or request.link


def day(local: date) -> str:
    """A bookable day by its number in a grid, or by a label naming its full date."""
    enabled = ":not([disabled]):not([aria-disabled='true'])"
    return ", ".join(
        (
            f"[role='grid'] button{enabled}:text-is('{local.day}')",
            f"[role='gridcell']{enabled}:text-is('{local.day}')",
            f"button{enabled}[aria-label*='{local:%B} {local.day}, {local.year}']",
            f"button{enabled}[aria-label*='{local:%A}, {local:%B} {local.day}']",
        )
    )


RECIPE = PageRecipe(
    name="generic",
    open_url=open_url,
    calendar="[role='grid'], button[aria-label*='next month' i], button[aria-label*='next' i]",
    month_title="text=/^\\s*(January|February|March|April|May|June|July|August|September|October|November|December)\\s+\\d{4}\\s*$/",
    next_month="button[aria-label*='next' i], button:text-matches('^\\\\s*(next|›|>|→)\\\\s*$', 'i')",
    day=day,
    time=time_text_selector,
    time_form=TimeForm.WALL_CLOCK,
    zone="text=/\\b[A-Z][a-z]+\\/[A-Z][A-Za-z_]+/",
    duration="text=/\\b\\d{1,3}\\s*(min|mins|minutes|hr|hour|hours)\\b/i",
    after_time=lambda _moment, _zone: "button:text-matches('^\\\\s*(next|continue)\\\\s*$', 'i')",
    form="input[type='email'], input[name*='email' i]",
    full_name="input[name*='full_name' i], input[name='name'], input[aria-label='Name' i], input[autocomplete='name']",
    first_name="input[name*='first' i], input[aria-label*='first name' i]",
    last_name="input[name*='last' i], input[aria-label*='last name' i]",
    email="input[type='email'], input[name*='email' i]",
    submit="button[type='submit'], button:text-matches('^\\\\s*(schedule event|schedule|book|confirm|book now)\\\\s*$', 'i')",
    success=(
        "text=/you are scheduled|this meeting is scheduled|booking confirmed|you're booked|is confirmed/i",
    ),
    slot_gone=("text=/no longer available|already (been )?(booked|taken)/i",),
    failed=("[role='alert']",),
)


SLOT_GONE_WORDS = ("no longer available", "already booked", "already been booked", "already taken")


def on_its_own(
    host: str, provider_hosts: Iterable[str] = (), provider_domains: Iterable[str] = ()
) -> PageRecipe:
    """The recipe for a page at ``host`` whose provider has no recipe (nor API) of its own: any POST or PUT
    the page sends, once the submit was clicked, to ``host`` or to the provider's own hosts (its listed
    hosts, any host under its domains — a booking call often goes to ``api.`` of the provider) is taken as
    its booking call, and the outcome is ``booked`` only when such a call answered 2xx *and* the page
    shows its confirmation text."""
    exact = sorted({host.lower(), *(name.lower() for name in provider_hosts)} - {""})
    under = sorted({domain.lower() for domain in provider_domains} - {""})
    names = [re.escape(name) for name in exact] + [
        rf"(?:[a-z0-9-]+\.)*{re.escape(domain)}" for domain in under
    ]
    wire = WireRule(
        url_pattern=rf"^https?://(?:{'|'.join(names)})(?::\d+)?/",
        method="POST",
        also_methods=("PUT",),
        slot_gone_words=SLOT_GONE_WORDS,
        after_submit=True,
        with_page_text=True,
    )
    return replace(RECIPE, wire=wire)
