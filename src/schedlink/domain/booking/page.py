"""How a provider's booking page is walked, as data: the browser package interprets it, the provider
module declares it.

A recipe never decides whether to submit — the core does, right before the click — it only says where
things are on one provider's page: how to open the link with the slot preselected, where the page says
its time zone and the meeting's length, how to reach the day and the time, which button carries the
time and in what form (an ISO instant, epoch milliseconds, or wall-clock text in the page's zone), the
form's fields, the submit, and what a confirmation, a taken slot or an error look like, on the page and
on the wire. Selectors are strings in Playwright's selector syntax; nothing here touches a browser.

Also here, pure: reading a time button's value back into an instant, a page's zone from its text, and a
meeting length from words — the checks that stop a driver before it picks a time nobody chose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from schedlink.domain.booking.outcome import BookingOutcome, BookingRequest

if TYPE_CHECKING:
    from schedlink.domain.providers.base import Recognition


class TimeForm(StrEnum):
    """How a time button says which time it is."""

    ISO_INSTANT = "iso_instant"  # an ISO 8601 instant with its offset (Cal.com's data-time)
    EPOCH_MS = "epoch_ms"  # milliseconds since the epoch (Google's data-date-time)
    WALL_CLOCK = "wall_clock"  # "9:30am" in the page's zone, on the day chosen (Calendly, most others)


@dataclass(frozen=True, slots=True)
class WireRule:
    """The provider's own booking call, as the page sends it: seeing its answer is the surest
    confirmation (or refusal) there is."""

    url_pattern: str  # a regular expression over the request URL
    method: str = "POST"
    id_keys: tuple[str, ...] = ("uid", "uuid", "id")  # where the booking's id sits in a 2xx JSON answer
    slot_gone_words: tuple[str, ...] = ()  # words in a refusal that mean the time was taken
    # Words in any answer that mean a person must act first (an email code): submitted, nothing booked.
    person_words: tuple[str, ...] = ()
    also_methods: tuple[str, ...] = ()  # other methods the call may use ("PUT")
    # Only calls sent once the submit was clicked count (a page's calls while it was filled do not).
    after_submit: bool = False
    # ``booked`` needs both a 2xx answer to this call and the page's confirmation text; either alone is an
    # unknown outcome (the generic recipe on a page no recipe knows: ``generic_confirmation``).
    with_page_text: bool = False

    def matches_method(self, method: str) -> bool:
        return method.upper() in (self.method, *self.also_methods)


@dataclass(frozen=True, slots=True)
class PageRecipe:
    """One provider's booking page; see the module docstring. ``day`` and ``time`` build the selector of
    one day / one time (given the page's zone), so a driver only ever clicks the exact thing it checked."""

    name: str
    open_url: Callable[[Recognition, BookingRequest], str]
    day: Callable[[date], str]
    time: Callable[[datetime, ZoneInfo], str]
    time_form: TimeForm
    form: str  # present once the details form shows
    submit: str
    success: tuple[str, ...]
    page_hosts: frozenset[str] = frozenset()  # hosts the page loads from besides the link's own
    time_value: str | None = None  # the time button's attribute holding its time (None: its text)
    zone: str | None = None  # the element naming the page's zone (its data-zone, else its text)
    duration: str | None = None  # the element saying the meeting's length
    calendar: str | None = None  # present once days can be chosen
    month_title: str | None = None  # the shown month, "March 2026"
    next_month: str | None = None
    after_time: Callable[[datetime, ZoneInfo], str] | None = None  # a button pressed after the time
    full_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    notes: str | None = None
    success_path: str | None = None  # a regular expression the confirmation page's path matches
    slot_gone: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    cookie_accept: tuple[str, ...] = ()
    wire: WireRule | None = None
    # Why a link of this provider cannot be booked in a browser at all (known before opening it), or None.
    unbookable: Callable[[Recognition], str | None] | None = None
    preselects: bool = False  # the opened URL may already show the form for the slot (no walking)
    chosen: str | None = None  # on a preselected form: the element stating the chosen day and time


# What stops any driver before it submits, whatever the provider: named for the person who takes over.
OBSTACLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "captcha",
        "the page shows a captcha; schedlink never answers one",
        (
            "iframe[title*='recaptcha' i]", "iframe[src*='recaptcha']", ".g-recaptcha", ".h-captcha",
            "iframe[src*='hcaptcha']", ".cf-turnstile", "iframe[title*='security challenge' i]",
        ),
    ),
    (
        "email_code",
        "the page asks for a code sent to the invitee's email",
        (
            "input[autocomplete='one-time-code']", "input[name*='code' i]:not([type=hidden])",
            "input[aria-label*='verification code' i]", "text=/(enter|verify).{0,40}code|verify your email/i",
        ),
    ),
    (
        "sign_in",
        "the page asks the invitee to sign in",
        ("input[type=password]", "text=/sign in (with|to) /i"),
    ),
    (
        "payment",
        "the page asks for a payment",
        (
            "[data-testid='payment-form']", "iframe[title*='card' i]", "input[autocomplete='cc-number']",
            "text=/pay and (book|schedule)/i",
        ),
    ),
)  # fmt: skip

COMMON_COOKIE_BUTTONS = (
    "#onetrust-accept-btn-handler",
    "#accept-recommended-btn-handler",
    "button:text-matches('^\\\\s*(accept all|allow all|accept|i understand|got it)\\\\s*$', 'i')",
)


# --- reading what a page shows ------------------------------------------------------------------------

_WALL_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?\s*$|^\s*(\d{1,2}):(\d{2})\s*$", re.I)
_ZONE_NAMES = {name.lower(): name for name in available_timezones() if "/" in name or name == "UTC"}


def wall_clock(text: str) -> time | None:
    """``"9:30am"``, ``"9:30 PM"``, ``"3 pm"``, ``"14:30"`` → a time; anything else → ``None``."""
    match = _WALL_CLOCK.match(text)
    if match is None:
        return None
    if match.group(4) is not None:
        hour, minute = int(match.group(4)), int(match.group(5))
    else:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def instant_of(value: str, form: TimeForm, day: date | None, zone: ZoneInfo | None) -> datetime | None:
    """The instant a time button stands for, or ``None`` when it cannot be known for certain (wall-clock
    text needs the day and the page's zone; a time skipped or repeated by a clock change is refused)."""
    value = value.strip()
    if form is TimeForm.ISO_INSTANT:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone(UTC) if moment.utcoffset() is not None else None
    if form is TimeForm.EPOCH_MS:
        if not value.isascii() or not value.isdigit():
            return None
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    clock = wall_clock(value)
    if clock is None or day is None or zone is None:
        return None
    local = datetime.combine(day, clock, tzinfo=zone)
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        return None  # the hour happens twice: the text alone does not say which
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None  # the hour is skipped by the clock change
    return moment


_MONTHS = {name.lower(): number for number, name in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"), start=1)}  # fmt: skip
_MONTH_WORD = "|".join(_MONTHS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_WORD}),?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORD})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"^\s*({_MONTH_WORD})\s+(\d{{4}})\s*$", re.I)
_FIRST_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|\b\d{1,2}:\d{2}\b", re.I)


def month_of(text: str) -> tuple[int, int] | None:
    """``"March 2026"`` → ``(2026, 3)``: the month a calendar shows, from its title."""
    match = _MONTH_YEAR.match(text)
    return None if match is None else (int(match.group(2)), _MONTHS[match.group(1).lower()])


def instant_from_summary(text: str, zone: ZoneInfo) -> datetime | None:
    """The start a form's summary states (``"9:30am - 10:00am, Thursday, March 12, 2026"``) in the
    page's ``zone``: the first clock time and a full date with its year; ``None`` unless both are there."""
    clock_match = _FIRST_CLOCK.search(text)
    date_match = _MONTH_DAY_YEAR.search(text)
    if date_match is not None:
        month, day_number, year = (
            _MONTHS[date_match.group(1).lower()],
            date_match.group(2),
            date_match.group(3),
        )
    else:
        other = _DAY_MONTH_YEAR.search(text)
        if other is None:
            return None
        day_number, month, year = other.group(1), _MONTHS[other.group(2).lower()], other.group(3)
    if clock_match is None:
        return None
    try:
        day = date(int(year), month, int(day_number))
    except ValueError:
        return None
    return instant_of(clock_match.group(0), TimeForm.WALL_CLOCK, day, zone)


def zone_from_text(text: str) -> ZoneInfo | None:
    """A page's zone from what it shows: an IANA name anywhere in the text (``"Pacific Time -
    America/Los_Angeles"``, ``data-zone``); ``None`` when none is named — a label alone is ambiguous."""
    for token in re.findall(r"[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+|\bUTC\b", text):
        name = _ZONE_NAMES.get(token.lower())
        if name is not None:
            try:
                return ZoneInfo(name)
            except ZoneInfoNotFoundError:  # pragma: no cover - listed by available_timezones
                continue
    return None


_DURATION = re.compile(r"(\d{1,3})\s*(h|hr|hrs|hour|hours|m|min|mins|minute|minutes)\b", re.I)


def minutes_from_text(text: str) -> int | None:
    """``"30 min"``, ``"1 hr 15 min"``, ``"45 minutes"``, ``"30 min appointments"`` → minutes."""
    total = 0
    found = False
    for amount, unit in _DURATION.findall(text):
        found = True
        total += int(amount) * (60 if unit.lower().startswith("h") else 1)
    return total if found and total > 0 else None


def wall_clock_forms(moment: datetime, zone: ZoneInfo) -> tuple[str, ...]:
    """The ways pages write ``moment``'s local time: ``9:30am``, ``9:30 am``, ``09:30``, ``9:30``."""
    local = moment.astimezone(zone)
    hour12 = local.hour % 12 or 12
    half = "am" if local.hour < 12 else "pm"
    clock = f"{hour12}:{local.minute:02d}"
    return (
        f"{clock}{half}",
        f"{clock} {half}",
        f"{local.hour:02d}:{local.minute:02d}",
        f"{local.hour}:{local.minute:02d}",
    )


def time_text_selector(moment: datetime, zone: ZoneInfo) -> str:
    """A button whose whole text is ``moment``'s local time in one of the usual forms."""
    local = moment.astimezone(zone)
    hour12 = local.hour % 12 or 12
    half = "a" if local.hour < 12 else "p"
    pattern = (
        f"^\\s*(0?{hour12}:{local.minute:02d}\\s*{half}\\.?\\s*m\\.?|0?{local.hour}:{local.minute:02d})\\s*$"
    )
    return text_matches("button", pattern)


def text_matches(tag: str, pattern: str) -> str:
    """``tag`` whose whole text matches the regular expression ``pattern`` (case ignored). The pattern's
    backslashes are escaped for the CSS string Playwright reads it from (``\\s`` would become ``s``)."""
    return f"{tag}:text-matches('{pattern.replace(chr(92), chr(92) * 2)}', 'i')"


@dataclass(frozen=True, slots=True)
class Screenshot:
    name: str  # "slot", "form", "confirmation", "obstacle", "error"
    png: bytes


@dataclass(frozen=True, slots=True)
class WireExchange:
    """One of the provider's own calls the page made, as seen on the wire (bodies capped)."""

    method: str
    url: str
    status: int | None
    request_body: str
    response_body: str


@dataclass
class PageEvidence:
    """Everything a page run leaves for the person who looks at it later."""

    screenshots: list[Screenshot] = field(default_factory=list)
    wire: list[WireExchange] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests to hosts the page may not reach
    steps: list[str] = field(default_factory=list)
    final_url: str | None = None
    trace: bytes | None = None  # a Playwright trace, kept when the run did not book


BROWSER_STEP = timedelta(seconds=15)
BROWSER_DEADLINE = timedelta(seconds=90)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One booking for a browser: the recipe, the page, what to book, where it may go, and the core's
    last word before the click (``before_submit`` commits ``submitting`` and says whether to go on)."""

    recipe: PageRecipe
    recognition: Recognition
    request: BookingRequest
    allowed_hosts: frozenset[str]
    before_submit: Callable[[], bool]
    answers: tuple[tuple[str, str], ...] = ()  # the workspace's answers to questions, by question text
    step_seconds: float = BROWSER_STEP.total_seconds()
    deadline_seconds: float = BROWSER_DEADLINE.total_seconds()


@dataclass
class PageRun:
    """What a page run came to: the outcome (``None`` when the core said not to submit), whether the
    submit was pressed, and the evidence."""

    outcome: BookingOutcome | None
    submitted: bool
    evidence: PageEvidence


def answer_for(question: str, answers: tuple[tuple[str, str], ...]) -> str | None:
    """The workspace's answer to ``question``: matched by its text, ignoring case, punctuation and a
    trailing asterisk; ``None`` when nobody configured one."""
    wanted = _question_key(question)
    for text, answer in answers:
        if _question_key(text) == wanted:
            return answer
    return None


def _question_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
