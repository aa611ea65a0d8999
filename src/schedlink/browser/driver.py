"""One booking on one page: open, check, fill, ask the core, submit once, recognise what happened.

The driver follows a provider's recipe (``domain/booking/page.py``), and the careful generic recipe
when the provider's markup is not what the recipe knows. Before the submit, anything it cannot read back
for certain — the page's zone, the exact instant of the time it is about to pick, the meeting's length —
or anything only a person may do (a captcha, an email code, a sign-in, a payment, a required question
nobody configured an answer for) stops it with the reason named and a screenshot. After the submit it
never presses again: the provider's answer on the wire or the page's own confirmation decides, and a page
that says nothing before the deadline is an unknown outcome for the core to reconcile.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import tempfile
import time
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, BrowserContext, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from schedlink.browser.network import NetworkGuard
from schedlink.domain.booking.guardrails import GENERIC_CONFIRMATION, generic_confirmation
from schedlink.domain.booking.outcome import BookingOutcome, Verdict
from schedlink.domain.booking.page import (
    COMMON_COOKIE_BUTTONS,
    OBSTACLES,
    PageEvidence,
    PageJob,
    PageRecipe,
    PageRun,
    Screenshot,
    TimeForm,
    WireExchange,
    WireRule,
    answer_for,
    instant_from_summary,
    instant_of,
    minutes_from_text,
    month_of,
    zone_from_text,
)
from schedlink.domain.providers.generic_page import RECIPE as GENERIC

log = logging.getLogger(__name__)
TRACE_CAP = 20_000_000
POLL = 0.15
# After the provider said yes on the wire, how long the page has to show a confirmation or an obstacle.
CONFIRMATION_GRACE = 3.0
SETTLE_MS = 600


class Stop(Exception):
    """The run ends before the submit, for a reason a person can act on."""

    def __init__(self, code: str, message: str, verdict: Verdict = Verdict.NEEDS_REVIEW) -> None:
        super().__init__(message)
        self.code = code
        self.verdict = verdict


class _NotThisMarkup(Exception):
    """The recipe's selectors found nothing where they should: the page's markup is not the one known."""


async def book_on_page(browser: Browser, job: PageJob, sandbox: Mapping[str, str]) -> PageRun:
    """Run ``job`` in a fresh context (no cookies carried between leads); always returns a run."""
    evidence = PageEvidence()
    started = time.monotonic()
    context = await browser.new_context(
        timezone_id=job.request.timezone or "UTC",
        locale="en-US",
        service_workers="block",
        viewport={"width": 1280, "height": 900},
    )
    guard = NetworkGuard(
        job.allowed_hosts, sandbox, evidence, job.recipe.wire, request_seconds=job.step_seconds
    )
    run = PageRun(outcome=None, submitted=False, evidence=evidence)
    keep_trace = True
    walk: _Walk | None = None
    try:
        await context.tracing.start(screenshots=False, snapshots=True)
        await context.route("**/*", guard.handle)
        page = await context.new_page()
        page.set_default_timeout(job.step_seconds * 1000)
        walk = _Walk(page, job, evidence, guard, started)
        run.outcome = await walk.run()
        run.submitted = walk.submitted
        keep_trace = run.outcome is None or run.outcome.verdict not in (Verdict.BOOKED, Verdict.READY)
        evidence.final_url = page.url
    except Exception as error:  # the browser crashed, the page died: say what is known
        log.warning("page run broke off: %s", error, exc_info=True)
        run.submitted = guard.submit_sent or (walk is not None and walk.submitted)
        evidence.steps.append(f"broke off: {type(error).__name__}: {str(error)[:300]}")
        if run.outcome is None:
            run.outcome = BookingOutcome(
                Verdict.UNKNOWN if run.submitted else Verdict.NEEDS_REVIEW,
                f"the browser broke off: {str(error)[:300]}",
                code="browser_error",
            )
    finally:
        await _close(context, evidence, keep_trace)
    return run


async def _close(context: BrowserContext, evidence: PageEvidence, keep_trace: bool) -> None:
    try:
        if keep_trace:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "trace.zip"
                await context.tracing.stop(path=str(path))
                data = path.read_bytes()
                evidence.trace = data if len(data) <= TRACE_CAP else None
        else:
            await context.tracing.stop()
    except PlaywrightError:
        pass
    with contextlib.suppress(PlaywrightError):
        await context.close()


class _Walk:
    def __init__(self, page: Page, job: PageJob, evidence: PageEvidence, guard: NetworkGuard, started: float):
        self.page = page
        self.job = job
        self.evidence = evidence
        self.guard = guard
        self.started = started
        self.start = datetime.fromisoformat(job.request.start_utc_iso.replace("Z", "+00:00"))
        self.submitted = False
        # The provider's own booking call, whichever recipe walks its page (the generic one included).
        self.wire = job.recipe.wire

    # --- the run -----------------------------------------------------------------------------------

    async def run(self) -> BookingOutcome | None:
        recipe = self.job.recipe
        refused = recipe.unbookable(self.job.recognition) if recipe.unbookable is not None else None
        if refused:
            return BookingOutcome(Verdict.NEEDS_REVIEW, refused, code="not_bookable")
        url = recipe.open_url(self.job.recognition, self.job.request)
        try:
            try:
                await self._reach_form(recipe, url)
            except _NotThisMarkup as why:
                self._step(f"{recipe.name} markup not found ({why}); trying the generic text-based path")
                recipe = GENERIC
                try:
                    await self._reach_form(recipe, GENERIC.open_url(self.job.recognition, self.job.request))
                except _NotThisMarkup as again:
                    raise Stop(
                        "page_not_understood",
                        f"the page is not laid out as expected ({again}); nothing was sent",
                    ) from None
            await self._fill(recipe)
            await self._obstacles()
            await self._shot("form")
        except Stop as stop:
            await self._shot("obstacle")
            return BookingOutcome(stop.verdict, str(stop), code=stop.code)
        if self.job.request.dry_run:
            self._step("dry run: stopped at the filled form")
            return BookingOutcome(Verdict.READY, "dry run: the form was filled; nothing was sent")
        go_on = await asyncio.get_running_loop().run_in_executor(None, self.job.before_submit)
        if not go_on:
            self._step("the core said not to submit")
            return None
        return await self._submit(recipe)

    async def _reach_form(self, recipe: PageRecipe, url: str) -> None:
        self._step(f"open {url[:300]}")
        self._left()
        try:
            await self.page.goto(url, wait_until="domcontentloaded")
        except PlaywrightTimeout as error:
            raise Stop("page_unreachable", f"the page did not load: {str(error)[:200]}") from None
        except PlaywrightError as error:
            raise Stop("page_unreachable", f"the page could not be opened: {str(error)[:200]}") from None
        await self._accept_cookies(recipe)
        await self._obstacles(before_form=True)
        if recipe.preselects and recipe.chosen is not None:
            landed = await self._first_visible(
                (recipe.form, recipe.calendar or recipe.form, *_OBSTACLE_SELECTORS)
            )
            if landed == recipe.form and await self._visible(recipe.chosen):
                zone = await self._page_zone(recipe, required=True)
                text = await self._loc(recipe.chosen).inner_text()
                shown = instant_from_summary(text, zone)
                if shown != self.start:
                    raise Stop(
                        "time_mismatch",
                        f"the page opened on {text.strip()[:120]!r}, not on the chosen time",
                    )
                self._step(f"the form is for {text.strip()[:120]!r} ({zone.key}): the chosen time")
                await self._check_length(recipe)
                await self._shot("slot")
                return
        await self._walk_to_time(recipe)

    async def _walk_to_time(self, recipe: PageRecipe) -> None:
        if (
            recipe.calendar is not None
            and await self._first_visible((recipe.calendar, *_OBSTACLE_SELECTORS)) != recipe.calendar
        ):
            await self._obstacles(before_form=True)
            raise _NotThisMarkup("no calendar")
        zone = await self._page_zone(recipe, required=recipe.time_form is TimeForm.WALL_CLOCK)
        local_day = self.start.astimezone(zone).date()
        await self._show_month(recipe, local_day)
        day = self._loc(recipe.day(local_day))
        if not await self._wait_visible(recipe.day(local_day)):
            raise _NotThisMarkup(f"no bookable {local_day:%B} {local_day.day}")
        await day.click()
        self._step(f"chose {local_day:%A %d %B %Y}")
        selector = recipe.time(self.start, zone)
        if not await self._wait_visible(selector):
            raise Stop(
                "slot_not_on_page",
                f"the page does not offer {self.start.astimezone(zone):%H:%M} ({zone.key}) on that day",
            )
        button = self._loc(selector)
        value = (
            await button.get_attribute(recipe.time_value) if recipe.time_value else await button.inner_text()
        ) or ""
        instant = instant_of(value, recipe.time_form, local_day, zone)
        if instant != self.start:
            raise Stop("time_mismatch", f"the time button says {value.strip()[:60]!r}, not the chosen time")
        self._step(f"the time button {value.strip()[:60]!r} is exactly {self.start.isoformat()}")
        await self._check_length(recipe)
        await button.click()
        await self._shot("slot")
        if recipe.after_time is not None and not await self._visible(recipe.form):
            follow = self._loc(recipe.after_time(self.start, zone))
            if await self._wait_visible(recipe.after_time(self.start, zone)):
                await follow.click()
        if await self._first_visible((recipe.form, *_OBSTACLE_SELECTORS)) != recipe.form:
            await self._obstacles()
            raise _NotThisMarkup("no form after choosing the time")

    async def _show_month(self, recipe: PageRecipe, local_day: date) -> None:
        """Page forward to the month of ``local_day`` (a year at most), reading the title when there is one."""
        if recipe.next_month is None:
            return
        for _ in range(13):
            if await self._visible(recipe.day(local_day)):
                return
            if recipe.month_title is not None and await self._visible(recipe.month_title):
                shown = month_of(await self._loc(recipe.month_title).inner_text())
                if shown is not None and shown >= (local_day.year, local_day.month):
                    return
            nav = self._loc(recipe.next_month)
            if not await self._visible(recipe.next_month) or not await _enabled(nav):
                return  # the last month the page offers
            await nav.click()
            await self.page.wait_for_timeout(250)

    async def _page_zone(self, recipe: PageRecipe, *, required: bool) -> ZoneInfo:
        """The zone the page shows its times in, as the page itself names it."""
        if recipe.zone is not None and await self._wait_visible(recipe.zone, quick=True):
            element = self._loc(recipe.zone)
            named = await element.get_attribute("data-zone") or await element.inner_text()
            zone = zone_from_text(named or "")
            if zone is not None:
                self._step(f"the page shows times in {zone.key}")
                return zone
        if required:
            raise Stop("zone_unknown", "could not tell which time zone the page shows its times in")
        return ZoneInfo(self.job.request.timezone or "UTC")

    async def _check_length(self, recipe: PageRecipe) -> None:
        if recipe.duration is None or not await self._wait_visible(recipe.duration, quick=True):
            raise Stop("length_unknown", "could not read the meeting's length on the page")
        text = await self._loc(recipe.duration).inner_text()
        minutes = minutes_from_text(text)
        if minutes != self.job.request.minutes:
            raise Stop(
                "length_mismatch",
                f"the page's meeting lasts {text.strip()[:40]!r}; the chosen slot is {self.job.request.minutes} min",
            )

    # --- the form ----------------------------------------------------------------------------------

    async def _fill(self, recipe: PageRecipe) -> None:
        request = self.job.request
        if not request.name or not request.email:
            raise Stop("booking_identity", "the workspace has no booking name and email")
        full_name = await self._field(recipe.full_name, _FULL_NAME_LABEL)
        first_name = await self._field(recipe.first_name, _FIRST_NAME_LABEL)
        if first_name is not None:
            first, _, last = request.name.partition(" ")
            await first_name.fill(first)
            last_name = await self._field(recipe.last_name, _LAST_NAME_LABEL)
            if last_name is not None:
                await last_name.fill(last or first)
        elif full_name is not None:
            await full_name.fill(request.name)
        email = await self._field(recipe.email, _EMAIL_LABEL)
        if email is None:
            raise _NotThisMarkup("no email field")
        await email.fill(request.email)
        notes = await self._field(recipe.notes, _NOTES_LABEL)
        if request.notes and notes is not None:
            await notes.fill(request.notes)
        await self._obstacles()  # a payment or a captcha is named as such, not as a question
        for question in await self._unanswered():
            answer = answer_for(question["label"], self.job.answers)
            if answer is None:
                raise Stop(
                    "unknown_question",
                    f"the page asks {question['label'][:200]!r}; no answer is configured for it",
                )
            await self.page.locator(f"[data-schedlink-question='{question['index']}']").fill(answer)
            self._step(f"answered {question['label'][:120]!r} with the configured answer")
        if await self._unanswered():
            raise Stop("unknown_question", "a required field stays empty after filling the form")

    async def _field(self, selector: str | None, label: re.Pattern[str]) -> Locator | None:
        """A form field by the recipe's selector, else by the words of its label (markup changes, labels
        stay); ``None`` when neither finds a visible one."""
        if selector is not None and await self._visible(selector):
            return self._loc(selector)
        by_label = self.page.get_by_label(label).filter(visible=True).first
        try:
            return by_label if await by_label.is_visible() else None
        except PlaywrightError:
            return None

    async def _unanswered(self) -> list[dict[str, str]]:
        """Visible required fields still empty, each with the text that asks it."""
        found: list[dict[str, str]] = await self.page.evaluate(_UNANSWERED_JS)
        return found

    async def _obstacles(self, *, before_form: bool = False) -> None:
        """Stop at the first person-only step the page shows. One look at all of them first (one round
        trip to the browser), then, only if something is there, which one it is."""
        if not await self._visible_any(_OBSTACLE_SELECTORS):
            return
        for code, message, selectors in OBSTACLES:
            if before_form and code == "payment":
                continue
            for selector in selectors:
                if await self._visible(selector):
                    raise Stop(code, message)

    async def _visible_any(self, selectors: tuple[str, ...]) -> bool:
        combined = self.page.locator(selectors[0])
        for selector in selectors[1:]:
            combined = combined.or_(self.page.locator(selector))
        try:
            return await combined.filter(visible=True).count() > 0  # hidden matches never hide a visible one
        except PlaywrightError:
            return False

    # --- the submit --------------------------------------------------------------------------------

    async def _submit(self, recipe: PageRecipe) -> BookingOutcome:
        self.submitted = True
        self._step("submit")
        self.guard.submit_clicked = True  # from now on, the page's calls may be its booking call
        try:
            await self._loc(recipe.submit).click(no_wait_after=True)
        except PlaywrightError as error:
            if not self.guard.submit_sent and self.wire is not None:
                # The click itself failed; the page may still have acted on it. Never press twice.
                self._step(f"the click did not complete: {str(error)[:200]}")
        outcome = await self._watch(recipe)
        await self._shot("confirmation" if outcome.verdict is Verdict.BOOKED else "after_submit")
        if outcome.verdict in (Verdict.BOOKED, Verdict.PENDING_CONFIRMATION):
            # Where the page goes next (an owner's thank-you page elsewhere) is noted, never followed.
            await self.page.wait_for_timeout(SETTLE_MS)
            if self.evidence.blocked:
                self._step(
                    f"after the confirmation the page tried to leave for {self.evidence.blocked[-1][:200]}"
                )
        return outcome

    async def _watch(self, recipe: PageRecipe) -> BookingOutcome:
        """Watch the wire and the page until one of them says what happened, or the deadline passes."""
        if self.wire is not None and self.wire.with_page_text:
            return await self._watch_both(recipe)
        wire_yes_at: float | None = None
        wire_id: str | None = None
        while self._remaining() > 0:
            answer = self._wire_answer()
            if answer is not None:
                status, body = answer
                if self.wire is not None and any(word in body for word in self.wire.person_words):
                    return BookingOutcome(
                        Verdict.NEEDS_REVIEW,
                        "submitted; the provider now asks the invitee to verify their email, nothing is booked",
                        code="email_code",
                    )
                if status is None:
                    return BookingOutcome(Verdict.UNKNOWN, "the booking call got no answer", code="no_answer")
                if status >= 500:
                    return BookingOutcome(
                        Verdict.UNKNOWN, f"the provider answered {status}", code=str(status)
                    )
                if 400 <= status < 500:
                    return self._refusal(status, body)
                if wire_yes_at is None:
                    wire_yes_at, wire_id = time.monotonic(), _booking_id(body, self.wire)
                    if _pending(body):
                        return self._booked(
                            Verdict.PENDING_CONFIRMATION, wire_id, "booked; the host must confirm"
                        )
            try:
                await self._obstacles()
            except Stop as stop:
                return BookingOutcome(
                    Verdict.NEEDS_REVIEW, f"submitted, and then {stop}; nothing is confirmed", code=stop.code
                )
            if await self._any_visible(recipe.success) or _path_matches(recipe.success_path, self.page.url):
                text = await self._success_text(recipe)
                latest = self._wire_answer()  # the answer may have arrived while the page was being read
                if wire_id is None and latest is not None and latest[0] is not None and latest[0] < 300:
                    wire_id = _booking_id(latest[1], self.wire)
                return self._booked(Verdict.BOOKED, wire_id, text or "the page confirmed the booking")
            if await self._any_visible(recipe.slot_gone):
                return BookingOutcome(Verdict.SLOT_GONE, "the page says the time is no longer available")
            if wire_yes_at is not None and time.monotonic() - wire_yes_at > CONFIRMATION_GRACE and wire_id:
                return self._booked(Verdict.BOOKED, wire_id, "the provider accepted the booking")
            if await self._any_visible(recipe.failed) and wire_yes_at is None and self.wire is None:
                text = await self._first_text(recipe.failed)
                return BookingOutcome(Verdict.REFUSED, f"the page refused: {text[:300]}", code="page_error")
            await asyncio.sleep(POLL)
        if wire_yes_at is not None and wire_id:
            return self._booked(Verdict.BOOKED, wire_id, "the provider accepted the booking")
        return BookingOutcome(
            Verdict.UNKNOWN, "the page neither confirmed nor refused before the deadline", code="deadline"
        )

    async def _watch_both(self, recipe: PageRecipe) -> BookingOutcome:
        """A page no recipe knows: ``booked`` only when the page's confirmation text *and* a 2xx answer to a
        call it sent to its own host after the click were both seen (``generic_confirmation``); likewise
        refused (or the time gone) only when the page says so and its call was refused. Once one half is
        there and every call sent has its answer, the other half has ``CONFIRMATION_GRACE`` seconds; then,
        or at the deadline, the outcome is unknown — never decided on half the evidence."""
        text: str | None = None
        half_at: float | None = None
        while True:
            calls = list(self.evidence.wire)
            broken = next((call for call in calls if call.status is None or call.status >= 500), None)
            if broken is not None:  # something may have been booked; nothing says what
                if broken.status is None:
                    return BookingOutcome(Verdict.UNKNOWN, "the booking call got no answer", code="no_answer")
                return BookingOutcome(
                    Verdict.UNKNOWN, f"the page's call answered {broken.status}", code=str(broken.status)
                )
            answered = [call for call in calls if call.status is not None and call.status < 300]
            # The call whose answer carries a booking id, where one does (a beacon's answer carries none).
            with_id = [call for call in answered if _booking_id(call.response_body, self.wire)]
            yes = (with_id or answered)[0] if answered else None
            try:
                await self._obstacles()
            except Stop as stop:
                return BookingOutcome(
                    Verdict.NEEDS_REVIEW, f"submitted, and then {stop}; nothing is confirmed", code=stop.code
                )
            if text is None and (
                await self._any_visible(recipe.success) or _path_matches(recipe.success_path, self.page.url)
            ):
                text = await self._success_text(recipe) or "the page confirmed the booking"
            refused = [call for call in calls if call.status is not None and 400 <= call.status < 500]
            if text is not None and yes is not None and not refused:  # a refused call contradicts the text
                verdict = Verdict.PENDING_CONFIRMATION if _pending(yes.response_body) else Verdict.BOOKED
                check = generic_confirmation(page_text=text, call=_call_words(yes))
                return self._booked(verdict, _booking_id(yes.response_body, self.wire), check.detail)
            # Not booked only when the page says so *and* its call was refused (either alone: unknown).
            gone = await self._any_visible(recipe.slot_gone)
            said_no = gone or await self._any_visible(recipe.failed)
            settled = self.guard.calls_sent <= len(calls)  # every call sent has its answer (or none)
            if text is None and yes is None and refused and said_no and settled:
                if gone:
                    return BookingOutcome(Verdict.SLOT_GONE, "the page says the time is no longer available")
                return self._refusal(refused[0].status or 400, refused[0].response_body)
            now = time.monotonic()
            if half_at is None and (text is not None or yes is not None or refused or said_no):
                half_at = now
            if half_at is not None and settled and now - half_at > CONFIRMATION_GRACE:
                break
            if self._remaining() <= 0:
                break
            await asyncio.sleep(POLL)
        check = generic_confirmation(page_text=text, call=_call_words(yes) if yes is not None else None)
        return BookingOutcome(Verdict.UNKNOWN, check.detail, code=GENERIC_CONFIRMATION)

    def _refusal(self, status: int, body: str) -> BookingOutcome:
        words = self.wire.slot_gone_words if self.wire is not None else ()
        message = _message(body) or f"HTTP {status}"
        if any(word.lower() in body.lower() for word in words):
            return BookingOutcome(Verdict.SLOT_GONE, f"the time was taken: {message[:300]}", code="slot_gone")
        return BookingOutcome(Verdict.REFUSED, f"the provider refused: {message[:300]}", code=str(status))

    def _booked(self, verdict: Verdict, booking_id: str | None, text: str) -> BookingOutcome:
        url = self.page.url if not self.page.url.startswith("chrome-error") else None
        if self.evidence.blocked:
            text = f"{text} (then the page tried to leave for {self.evidence.blocked[-1][:120]}: blocked)"
        return BookingOutcome(verdict, text[:500], confirmation_id=booking_id, confirmation_url=url)

    def _wire_answer(self) -> tuple[int | None, str] | None:
        for exchange in self.evidence.wire:
            return exchange.status, exchange.response_body
        return None

    async def _success_text(self, recipe: PageRecipe) -> str:
        for selector in recipe.success:
            if await self._visible(selector):
                return (await self._loc(selector).inner_text()).strip()[:300]
        return ""

    # --- small helpers -----------------------------------------------------------------------------

    async def _accept_cookies(self, recipe: PageRecipe) -> None:
        for selector in (*recipe.cookie_accept, *COMMON_COOKIE_BUTTONS):
            if await self._visible(selector):
                await self._loc(selector).click()
                self._step("accepted the cookie banner")
                return

    def _loc(self, selector: str) -> Locator:
        """The first *visible* element ``selector`` matches: a hidden template or a closed dialog that
        happens to come first in the page never hides (or stands in for) the one a person sees."""
        return self.page.locator(selector).filter(visible=True).first

    async def _visible(self, selector: str) -> bool:
        try:
            return await self.page.locator(selector).filter(visible=True).count() > 0
        except PlaywrightError:
            return False

    async def _any_visible(self, selectors: tuple[str, ...]) -> bool:
        for selector in selectors:
            if await self._visible(selector):
                return True
        return False

    async def _first_text(self, selectors: tuple[str, ...]) -> str:
        for selector in selectors:
            if await self._visible(selector):
                return (await self._loc(selector).inner_text()).strip()
        return ""

    async def _wait_visible(self, selector: str, *, quick: bool = False) -> bool:
        timeout = min(self.job.step_seconds, 2.0 if quick else self.job.step_seconds, self._remaining())
        try:
            await self._loc(selector).wait_for(state="visible", timeout=max(timeout, 0.1) * 1000)
            return True
        except PlaywrightError:
            return False

    async def _first_visible(self, selectors: tuple[str, ...]) -> str | None:
        until = time.monotonic() + min(self.job.step_seconds, self._remaining())
        while time.monotonic() < until:
            for selector in selectors:
                if await self._visible(selector):
                    return selector
            await asyncio.sleep(POLL)
        return None

    async def _shot(self, name: str) -> None:
        try:
            png = await self.page.screenshot(full_page=True, timeout=5000)
        except PlaywrightError:
            return
        shots = self.evidence.screenshots
        if shots and shots[-1].png == png:  # nothing changed since: one picture, named for what it shows now
            shots[-1] = Screenshot(name, png)
            return
        shots.append(Screenshot(name, png))

    def _step(self, text: str) -> None:
        self.evidence.steps.append(text[:500])

    def _remaining(self) -> float:
        return self.job.deadline_seconds - (time.monotonic() - self.started)

    def _left(self) -> None:
        if self._remaining() <= 0:
            raise Stop("deadline", "the page took longer than the whole run may")


async def _enabled(locator: Locator) -> bool:
    try:
        return await locator.is_enabled() and await locator.get_attribute("aria-disabled") != "true"
    except PlaywrightError:
        return False


def _booking_id(body: str, wire: WireRule | None) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    keys = wire.id_keys if wire is not None else ()
    for container in (data, data.get("data") if isinstance(data, dict) else None):
        if isinstance(container, dict):
            for key in keys:
                value = container.get(key)
                if isinstance(value, str | int) and str(value):
                    return str(value)[:200]
    return None


def _call_words(call: WireExchange) -> str:
    """``its call POST savvycal.com/api/bookings answered 201``."""
    parts = urlsplit(call.url)
    return f"its call {call.method} {parts.hostname}{parts.path[:120]} answered {call.status}"


def _pending(body: str) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    status = data.get("status") if isinstance(data, dict) else None
    return isinstance(status, str) and status.lower() == "pending"


def _message(body: str) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        return body.strip()[:300] or None
    if isinstance(data, dict):
        for key in ("message", "error"):
            value = data.get(key)
            if isinstance(value, str):
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return str(value["message"])
    return None


def _path_matches(pattern: str | None, url: str) -> bool:
    return pattern is not None and re.search(pattern, urlsplit(url).path) is not None


# Anything that ends a wait early: the page put a person-only step where the next element should be.
_OBSTACLE_SELECTORS = tuple(selector for _code, _message, selectors in OBSTACLES for selector in selectors)
_FULL_NAME_LABEL = re.compile(r"^\s*(your |full )?name\b", re.I)
_FIRST_NAME_LABEL = re.compile(r"^\s*first name\b", re.I)
_LAST_NAME_LABEL = re.compile(r"^\s*(last name|surname)\b", re.I)
_EMAIL_LABEL = re.compile(r"^\s*(your )?e-?mail( address)?\b", re.I)
_NOTES_LABEL = re.compile(r"^\s*(additional notes|notes)\b", re.I)

_UNANSWERED_JS = """
() => {
  const found = [];
  const fields = document.querySelectorAll('input, textarea, select');
  let index = 0;
  for (const field of fields) {
    const required = field.required || field.getAttribute('aria-required') === 'true';
    if (!required || field.type === 'hidden' || field.disabled) continue;
    const box = field.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const empty = (field.type === 'checkbox' || field.type === 'radio') ? !field.checked : !field.value;
    if (!empty) continue;
    let label = field.getAttribute('aria-label') || '';
    if (!label && field.id) {
      const tag = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (tag) label = tag.textContent;
    }
    if (!label && field.closest('label')) label = field.closest('label').textContent;
    if (!label) label = field.placeholder || field.name || 'an unnamed required field';
    field.setAttribute('data-schedlink-question', String(index));
    found.push({index: String(index), label: label.trim().replace(/\\s+/g, ' ')});
    index += 1;
  }
  return found;
}
"""
