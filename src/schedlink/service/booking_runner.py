"""Running a booking: the guardrails, the one submit, the outcome — and reconciling an unknown one.

The submit rule: the booking is marked ``submitting`` and committed before the submitting request is
sent. A job that finds its booking ``submitting`` (a worker died, a lease ran out, a job ran twice) never
sends again: the booking becomes ``outcome_unknown`` and a reconcile job reads the provider to find out.
The generic retries apply only before ``submitting`` — reading calendars or the lead's page may be retried
freely, a booking never. Every write takes the locks in the documented order (lead, task, booking,
reservation), and every result — each guardrail, each request and answer — goes into the evidence.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.availability.rules import SchedulingRules, parse_working_hours
from schedlink.domain.availability.team import team_free
from schedlink.domain.booking import guardrails
from schedlink.domain.booking.automation import AutomationSettings
from schedlink.domain.booking.guardrails import GuardrailResult
from schedlink.domain.booking.outcome import BookingOutcome, BookingRequest, Verdict
from schedlink.domain.booking.page import PageJob, PageRun
from schedlink.domain.booking.states import BookingState, check_move
from schedlink.domain.http_plan import HttpRequest, HttpResponse
from schedlink.domain.providers import classify_url, provider_name, spec_by_slug
from schedlink.domain.providers.base import ProviderSpec
from schedlink.domain.providers.slot_reading import utc_iso
from schedlink.domain.slots import LinkNotReadable, SlotQuery, SlotReadError
from schedlink.net.errors import FetchFailed, FetchRefused
from schedlink.net.lead_pages import NoSlotReader, ProviderBusy, read_offered_slots
from schedlink.net.plans import Observer, SubmitUnanswered, TooManyRequests, drive
from schedlink.service import audit, jobs, team_calendars
from schedlink.service.bookings import (
    AUTO_ACTOR,
    BOOKING_JOB,
    BROWSER_BOOKING_JOB,
    RECONCILE_JOB,
    books_generically,
    live_booking_of_lead,
    page_recipe,
    release,
    reserved_time,
)
from schedlink.service.context import BROWSER_LANE, JobContext
from schedlink.service.errors import NotFound
from schedlink.service.evidence import EvidenceStore, capped, safe_headers
from schedlink.service.locking import lock_task
from schedlink.service.review_queue import later_reply
from schedlink.service.tenancy import owned_or_none
from schedlink.service.workspaces import DEFAULT_WORKING_HOURS
from schedlink.store.db import Database
from schedlink.store.models import BookingRow, EvidenceRow, LeadRow, ReviewTaskRow, WorkspaceRow
from schedlink.store.retry import retrying

log = logging.getLogger(__name__)
# A booking is asked for by a person who waits for it: retry a passing failure soon, and not for long.
BOOKING_RETRY = jobs.RetryRule(attempts=4, first=timedelta(seconds=5), longest=timedelta(seconds=40))
RECONCILE_RETRY = jobs.RetryRule(attempts=6, first=timedelta(seconds=10), longest=timedelta(minutes=5))
RECONCILE_AFTER = timedelta(seconds=5)
# How much of the lead's page is read around a start to see whether it is still offered.
OFFERED_AROUND = timedelta(hours=12)


class _Stop(Exception):
    """The booking is not to run (terminal, or handed to reconciliation)."""


@dataclass
class _Attempt:
    """What one run of a booking knows, gathered under the locks and then used without them."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    provider: str
    link: str
    start: datetime
    end: datetime
    dry_run: bool
    by_person: bool
    zone: str
    working_hours: dict[str, Any]
    rules: SchedulingRules
    settings: AutomationSettings
    identity: dict[str, Any]
    request_at: datetime
    later_reply: str | None
    task_status: str
    other_live: str | None
    method: str = "api"
    answers: tuple[tuple[str, str], ...] = ()
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    artifacts: list[tuple[str, bytes, str]] = field(default_factory=list)  # (kind, content, media type)
    store: EvidenceStore | None = None
    results: list[GuardrailResult] = field(default_factory=list)

    @property
    def slot(self) -> Interval:
        return Interval(self.start, self.end)

    def observe(self, request: HttpRequest, response: HttpResponse | None) -> None:
        """Keep every request and answer of this run for the evidence."""
        self.exchanges.append(_exchange(request, response))


def run_booking_job(db: Database, job: jobs.ClaimedJob, context: JobContext) -> None:
    try:
        attempt = _begin(db, job.workspace_id, uuid.UUID(job.key))
    except (_Stop, NotFound):
        return
    attempt.store = context.evidence
    spec = spec_by_slug(attempt.provider)
    if attempt.method == "browser" and page_recipe(spec) is not None:
        assert spec is not None
        if context.pages is None:  # only browser workers claim browser work; a stray run leaves it for one
            raise jobs.RetryLater("this worker has no browser; a worker started with --browsers books it")
        if not _guardrails_pass(db, attempt, context):
            return
        _submit_in_page(db, attempt, spec, context)
        return
    if spec is None or spec.book_by_api is None:  # checked when it was requested; the code may have changed
        _finish(
            db,
            attempt.workspace_id,
            attempt.id,
            BookingState.FAILED,
            attempt=attempt,
            error={
                "code": "no_booking_path",
                "message": "this provider can no longer be booked automatically",
            },
        )
        return
    if not _guardrails_pass(db, attempt, context):
        return
    _submit(db, attempt, spec, context)


def give_up_booking(db: Database, job: jobs.ClaimedJob, error: str) -> None:
    """The checks kept failing for a passing reason (a provider down): nothing was sent; say so."""
    _finish(
        db, job.workspace_id, uuid.UUID(job.key), BookingState.FAILED,
        error={"code": "unreachable", "message": f"gave up after several tries: {error}"[:1000]},
        only_from=(BookingState.REQUESTED, BookingState.CHECKING),
    )  # fmt: skip


def _begin(db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID) -> _Attempt:
    """Take the booking into ``checking`` — or, if it was already sending, into reconciliation."""
    reconcile: list[uuid.UUID] = []

    def work() -> _Attempt | None:
        reconcile.clear()
        with db.write() as session:
            booking, task = _locked(session, workspace_id, booking_id)
            state = BookingState(booking.state)
            now = jobs.now()
            if state in (BookingState.SUBMITTING, BookingState.OUTCOME_UNKNOWN):
                if state is BookingState.SUBMITTING:
                    # Something may have reached the provider before the last worker stopped: never again.
                    _move(booking, BookingState.OUTCOME_UNKNOWN, now, note="the run stopped while submitting")
                    _event(session, booking, "booking.outcome_unknown", actor="worker")
                reconcile.append(
                    jobs.request_job(
                        session.connection(),
                        workspace_id,
                        RECONCILE_JOB,
                        str(booking.id),
                        at=now + RECONCILE_AFTER,
                    )
                )
                return None  # committed: raising here would roll the change back
            if state not in (BookingState.REQUESTED, BookingState.CHECKING):
                return None
            _move(booking, BookingState.CHECKING, now)
            workspace = session.get(WorkspaceRow, workspace_id)
            assert workspace is not None
            history = audit.history(session, workspace_id, "task", task.id)
            newest_reply = later_reply(history)
            return _Attempt(
                id=booking.id,
                workspace_id=workspace_id,
                task_id=task.id,
                provider=booking.provider,
                link=booking.link,
                start=booking.start,
                end=booking.end,
                dry_run=booking.dry_run,
                by_person=booking.requested_by != AUTO_ACTOR,
                zone=workspace.timezone,
                working_hours=workspace.working_hours or DEFAULT_WORKING_HOURS,
                rules=SchedulingRules.from_json(workspace.scheduling),
                settings=AutomationSettings.from_json(workspace.automation),
                identity=dict(workspace.booking_identity or {}),
                request_at=task.request_at,
                later_reply=str(newest_reply.get("excerpt") or "(no text)") if newest_reply else None,
                task_status=task.status,
                other_live=None
                if booking.dry_run
                else live_booking_of_lead(session, task.lead_id, other_than=booking.id),
                method=booking.method,
                answers=_configured_answers(workspace.booking_identity),
            )

    attempt = retrying(work)
    for job_id in reconcile:
        jobs.dispatch(db, job_id, jobs.now() + RECONCILE_AFTER)
    if attempt is None:
        raise _Stop
    return attempt


def _guardrails_pass(db: Database, attempt: _Attempt, context: JobContext) -> bool:
    """Run every guardrail in order, record each result, and block at the first that fails."""
    now = jobs.now()
    config = context.config
    # Only pages the careful generic driver books wait for a person's Book (it was checked when asked too).
    generic = attempt.method == "browser" and books_generically(spec_by_slug(attempt.provider))

    def person() -> GuardrailResult:
        return guardrails.person_presses_book(by_person=attempt.by_person, dry_run=attempt.dry_run)

    checks: list[Callable[[], GuardrailResult]] = [
        lambda: guardrails.automation_on(
            attempt.settings, attempt.provider, operator_off=not config.automation_allowed,
            dry_run=attempt.dry_run, by_person=attempt.by_person, name=provider_name(attempt.provider),
        ),
        *([person] if generic else []),
        lambda: guardrails.intent(
            request_at=attempt.request_at, later_reply=attempt.later_reply, now=now,
            max_age_days=attempt.settings.intent_max_age_days,
        ),
        lambda: guardrails.lead_not_booked(task_status=attempt.task_status, other_live_booking=attempt.other_live),
        lambda: _slot_rules(attempt, now),
        lambda: _team_free(db, attempt, context),
        lambda: _rate_limit(db, attempt),
        lambda: _lead_offers_slot(attempt, context),
    ]  # fmt: skip
    for check in checks:
        result = check()
        attempt.results.append(result)
        if not result.passed:
            _finish(
                db, attempt.workspace_id, attempt.id, BookingState.BLOCKED, attempt=attempt,
                error={"code": result.name, "message": result.detail},
            )  # fmt: skip
            return False
    _record_guardrails(db, attempt)
    return True


def _slot_rules(attempt: _Attempt, now: datetime) -> GuardrailResult:
    working = team_free(
        zone=attempt.zone, working_hours=parse_working_hours(attempt.working_hours), rules=attempt.rules,
        busy=[], now=now, start=attempt.start, end=attempt.end,
    )  # fmt: skip
    return guardrails.slot_rules(attempt.slot, now=now, working_time=working)


def _team_free(db: Database, attempt: _Attempt, context: JobContext) -> GuardrailResult:
    """Read every calendar older than a minute now, then check them and the other bookings' time."""
    now = jobs.now()
    stale: list[str] = []
    for calendar in team_calendars.list_calendars(db, attempt.workspace_id):
        if calendar.refreshed_at is None or now - calendar.refreshed_at > guardrails.FRESH_CALENDAR:
            try:
                calendar = team_calendars.refresh_calendar(
                    db, attempt.workspace_id, calendar.id, context, at=now
                )
            except NotFound:
                continue
        if calendar.status != "ok":
            stale.append(f"{calendar.label or calendar.kind} ({calendar.error or calendar.status})")
    with db.read() as session:
        held = reserved_time(session, attempt.workspace_id, other_than=attempt.id)
    busy = [*team_calendars.cached_busy(db, attempt.workspace_id).busy, *(Interval(a, b) for a, b in held)]
    free = team_free(
        zone=attempt.zone, working_hours=parse_working_hours(attempt.working_hours), rules=attempt.rules,
        busy=busy, now=now, start=attempt.start, end=attempt.end,
    )  # fmt: skip
    reserved = any(a < attempt.end and attempt.start < b for a, b in held)
    return guardrails.team_free(attempt.slot, free_time=free, stale_calendars=stale, reserved=reserved)


def _rate_limit(db: Database, attempt: _Attempt) -> GuardrailResult:
    since = jobs.now() - timedelta(hours=1)
    with db.read() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(BookingRow)
            .where(
                BookingRow.workspace_id == attempt.workspace_id,
                BookingRow.provider == attempt.provider,
                BookingRow.submitted_at >= since,
                BookingRow.id != attempt.id,
            )
        )
    return guardrails.rate_limit(
        sent_last_hour=int(sent or 0), limit=attempt.settings.rate_limit_per_hour, provider=attempt.provider
    )


def _lead_offers_slot(attempt: _Attempt, context: JobContext) -> GuardrailResult:
    """Read the lead's page now: it must still offer exactly this start. A passing failure retries the
    job (nothing has been sent yet); anything else blocks."""
    spec = spec_by_slug(attempt.provider)
    on_page = attempt.method == "browser" and spec is not None and spec.read_slots is None
    if on_page:  # no reader: the browser itself finds the exact time on the page right before the submit
        return guardrails.offered_on_page()
    if not context.may_read_page(attempt.link):
        return guardrails.lead_offers_slot(
            attempt.start, offered=None, unreadable="reading leads' pages is off"
        )
    try:
        offered = _offered_around(attempt.link, attempt.start, attempt.zone, context, observe=attempt.observe)
    except ProviderBusy as error:
        delay = timedelta(seconds=error.retry_after) if error.retry_after else None
        raise jobs.RetryLater(f"their page is limiting requests: {error}", delay=delay) from None
    except LinkNotReadable as error:
        if attempt.method == "browser":  # the browser reads the exact time back on the page instead
            return guardrails.offered_on_page()
        return guardrails.lead_offers_slot(attempt.start, offered=None, unreadable=str(error))
    except (NoSlotReader, SlotReadError, FetchRefused) as error:
        return guardrails.lead_offers_slot(attempt.start, offered=None, unreadable=str(error))
    except FetchFailed as error:
        raise jobs.RetryLater(f"their page could not be read just now: {error}") from None
    return guardrails.lead_offers_slot(attempt.start, offered=sorted(offered), unreadable=None)


def _offered_around(
    link: str, start: datetime, zone: str, context: JobContext, *, observe: Observer | None = None
) -> set[datetime]:
    """The starts the lead's page offers within half a day of ``start``, read now; errors propagate for
    each caller to weigh (the guardrail retries or blocks, reconciliation retries or hands over)."""
    query = SlotQuery(start - OFFERED_AROUND, start + OFFERED_AROUND, zone)
    return {slot.start for slot in read_offered_slots(link, query, context.fetcher, observe=observe)}


def _booking_request(attempt: _Attempt) -> BookingRequest:
    return BookingRequest(
        link=attempt.link,
        start_utc_iso=utc_iso(attempt.start, millis=True),
        minutes=int((attempt.end - attempt.start).total_seconds() // 60),
        name=str(attempt.identity.get("name") or ""),
        email=str(attempt.identity.get("email") or ""),
        timezone=attempt.zone,
        notes=str(attempt.identity.get("notes") or ""),
        dry_run=attempt.dry_run,
        reference=str(attempt.id),
    )


def _configured_answers(identity: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """The workspace's answers to booking-form questions, by question text (``booking_identity.answers``)."""
    answers = (identity or {}).get("answers") or {}
    if not isinstance(answers, dict):
        return ()
    return tuple((str(q), str(a)) for q, a in answers.items() if str(q).strip() and str(a).strip())


def _submit(db: Database, attempt: _Attempt, spec: ProviderSpec, context: JobContext) -> None:
    assert spec.book_by_api is not None
    recognition = classify_url(attempt.link)
    request = _booking_request(attempt)
    sent = False

    def before_submit() -> None:
        nonlocal sent
        _mark_submitting(db, attempt)  # committed before a byte is sent
        sent = True

    hosts = spec.booking_hosts | spec.slot_hosts | {_host(attempt.link)}
    try:
        outcome = drive(
            spec.book_by_api(recognition, request), context.booking_fetcher, allowed_hosts=hosts,
            rate_key=f"book:{spec.slug}", observe=attempt.observe, on_submit=before_submit,
        )  # fmt: skip
    except _Stop:
        return
    except SubmitUnanswered as error:
        _unknown(db, attempt, f"no answer after submitting: {error}")
        return
    except (FetchFailed, TooManyRequests) as error:
        if sent:
            _unknown(db, attempt, f"the run broke off after submitting: {error}")
            return
        raise jobs.RetryLater(f"the provider could not be reached: {error}") from None
    except (FetchRefused, SlotReadError) as error:
        if sent:
            _unknown(db, attempt, str(error))
            return
        _finish(db, attempt.workspace_id, attempt.id, BookingState.FAILED, attempt=attempt,
                error={"code": "refused", "message": str(error)})  # fmt: skip
        return
    except Exception as error:
        if sent:  # whatever happened, it happened after the submit: never a blind retry
            log.exception("booking %s broke off after submitting", attempt.id)
            _unknown(db, attempt, f"the run broke off after submitting: {type(error).__name__}")
            return
        raise
    if not sent and outcome.code == "not_bookable" and spec.book_in_page is not None:
        _hand_to_browser(db, attempt, outcome.message)
        return
    _conclude(db, attempt, outcome)


def _hand_to_browser(db: Database, attempt: _Attempt, why: str) -> None:
    """The provider's API refused this page before anything was sent (a self-hosted instance without the
    public API): the same booking goes on through its page, on a worker with a browser."""
    job: list[uuid.UUID] = []

    def work() -> None:
        with db.write() as session:
            booking, _task = _locked(session, attempt.workspace_id, attempt.id)
            if booking.state != BookingState.CHECKING:
                return
            now = jobs.now()
            booking.method = "browser"
            _move(booking, BookingState.CHECKING, now, note=f"through the page in a browser: {why}")
            _event(session, booking, "booking.method_changed", actor="worker", method="browser")
            job.append(
                jobs.request_job(
                    session.connection(), attempt.workspace_id, BROWSER_BOOKING_JOB, str(booking.id), at=now
                )
            )

    retrying(work)
    for job_id in job:
        jobs.dispatch(db, job_id, lane=BROWSER_LANE)


def _submit_in_page(db: Database, attempt: _Attempt, spec: ProviderSpec, context: JobContext) -> None:
    """Book through the page in the browser pool; the core's submit mark is the driver's last step
    before the click, exactly as before an API's submitting request."""
    recipe = page_recipe(spec, attempt.link)
    assert recipe is not None
    assert context.pages is not None
    recognition = classify_url(attempt.link)
    marked = False

    def before_submit() -> bool:
        nonlocal marked
        try:
            _mark_submitting(db, attempt)  # committed before the click
        except _Stop:
            return False
        marked = True
        return True

    job = PageJob(
        recipe=recipe,
        recognition=recognition,
        request=_booking_request(attempt),
        allowed_hosts=frozenset({_host(attempt.link), *spec.hosts, *spec.domains, *recipe.page_hosts}),
        before_submit=before_submit,
        answers=attempt.answers,
        step_seconds=context.config.browser_step_seconds,
        deadline_seconds=context.config.browser_deadline_seconds,
    )
    try:
        run = context.pages.book(job)
    except Exception as error:
        if marked:
            log.exception("browser booking %s broke off after submitting", attempt.id)
            _unknown(db, attempt, f"the browser broke off after submitting: {type(error).__name__}")
            return
        raise jobs.RetryLater(f"the browser could not run the booking: {error}") from None
    _keep_page_evidence(attempt, run)
    if run.outcome is None:
        return  # the core said no at the last moment: the booking is already blocked
    verdict = run.outcome.verdict
    if books_generically(spec) and run.submitted and verdict in _CONFIRMATION_VERDICTS:
        attempt.results.append(
            GuardrailResult(
                guardrails.GENERIC_CONFIRMATION, verdict is not Verdict.UNKNOWN, run.outcome.message
            )
        )
    _conclude(db, attempt, run.outcome)


# The page's last word after a submit that the generic driver's ``generic_confirmation`` rule decided.
_CONFIRMATION_VERDICTS = frozenset({Verdict.BOOKED, Verdict.PENDING_CONFIRMATION, Verdict.UNKNOWN})


def _keep_page_evidence(attempt: _Attempt, run: PageRun) -> None:
    evidence = run.evidence
    for shot in evidence.screenshots:
        attempt.artifacts.append((f"screenshot_{shot.name}", shot.png, "image/png"))
    for exchange in evidence.wire:
        attempt.exchanges.append(
            {
                "at": jobs.now().isoformat(),
                "seen_on": "the page's own request",
                "request": {"method": exchange.method, "url": exchange.url, "body": exchange.request_body},
                "response": None
                if exchange.status is None
                else {"status": exchange.status, "body": exchange.response_body},
            }
        )
    page = {
        "final_url": evidence.final_url,
        "steps": evidence.steps,
        "blocked_requests": evidence.blocked[:200],
    }
    attempt.artifacts.append(("page_run", json.dumps(page, indent=1).encode(), "application/json"))
    if evidence.trace is not None:
        attempt.artifacts.append(("playwright_trace", evidence.trace, "application/zip"))


def _conclude(db: Database, attempt: _Attempt, outcome: BookingOutcome) -> None:
    if outcome.verdict is Verdict.UNKNOWN:
        _unknown(db, attempt, outcome.message)
        return
    state = {
        Verdict.READY: BookingState.DRY_RUN_PASSED,
        Verdict.BOOKED: BookingState.BOOKED,
        Verdict.PENDING_CONFIRMATION: BookingState.PENDING_CONFIRMATION,
        Verdict.SLOT_GONE: BookingState.FAILED,
        Verdict.NEEDS_REVIEW: BookingState.NEEDS_REVIEW,
        Verdict.REFUSED: BookingState.FAILED,
    }[outcome.verdict]
    if attempt.dry_run and state not in (BookingState.DRY_RUN_PASSED, BookingState.NEEDS_REVIEW):
        state = BookingState.FAILED
    error = None
    if state in (BookingState.FAILED, BookingState.NEEDS_REVIEW):
        error = {"code": outcome.code or outcome.verdict.value, "message": outcome.message}
    _finish(
        db, attempt.workspace_id, attempt.id, state, attempt=attempt, error=error,
        confirmation=outcome.confirmation, provider_booking_id=outcome.confirmation_id,
        slot_gone=outcome.verdict is Verdict.SLOT_GONE, note=outcome.message,
    )  # fmt: skip


def _mark_submitting(db: Database, attempt: _Attempt) -> None:
    """The last moment before sending: the switches are read once more under the locks."""

    def work() -> bool:
        with db.write() as session:
            booking, _task = _locked(session, attempt.workspace_id, attempt.id)
            if booking.state != BookingState.CHECKING:
                return False
            workspace = session.get(WorkspaceRow, attempt.workspace_id)
            assert workspace is not None
            settings = AutomationSettings.from_json(workspace.automation)
            if (
                settings.kill_switch
                or not guardrails.automation_on(
                    settings, attempt.provider, operator_off=False, dry_run=False, by_person=attempt.by_person
                ).passed
            ):
                result = GuardrailResult(
                    guardrails.AUTOMATION_ON, False, "automation was turned off just before submitting"
                )
                attempt.results.append(result)
                booking.guardrails = [r.to_json(jobs.now()) for r in attempt.results]
                _move(booking, BookingState.BLOCKED, jobs.now())
                booking.error = {"code": result.name, "message": result.detail}
                release(session, booking.id)
                _event(session, booking, "booking.blocked", actor="worker", reason=result.detail)
                return False
            now = jobs.now()
            _move(booking, BookingState.SUBMITTING, now)
            booking.submitted_at = now
            return True

    if not retrying(work):  # blocked at the last moment, or no longer ours to send
        raise _Stop


def _unknown(db: Database, attempt: _Attempt, why: str) -> None:
    job: list[uuid.UUID] = []

    def work() -> None:
        with db.write() as session:
            booking, _task = _locked(session, attempt.workspace_id, attempt.id)
            if booking.state != BookingState.SUBMITTING:
                return
            now = jobs.now()
            _move(booking, BookingState.OUTCOME_UNKNOWN, now, note=why)
            booking.error = {"code": "outcome_unknown", "message": why[:1000]}
            booking.guardrails = [r.to_json(now) for r in attempt.results]
            _store_evidence(session, booking, attempt, now)
            _event(session, booking, "booking.outcome_unknown", actor="worker", reason=why[:300])
            job.append(
                jobs.request_job(
                    session.connection(),
                    attempt.workspace_id,
                    RECONCILE_JOB,
                    str(booking.id),
                    at=now + RECONCILE_AFTER,
                )
            )

    retrying(work)
    for job_id in job:
        jobs.dispatch(db, job_id, jobs.now() + RECONCILE_AFTER)


def _record_guardrails(db: Database, attempt: _Attempt) -> None:
    def work() -> None:
        with db.write() as session:
            booking, _task = _locked(session, attempt.workspace_id, attempt.id)
            now = jobs.now()
            booking.guardrails = [r.to_json(now) for r in attempt.results]
            booking.steps = [*booking.steps, {"step": "checked", "at": now.isoformat()}]

    retrying(work)


def _finish(
    db: Database,
    workspace_id: uuid.UUID,
    booking_id: uuid.UUID,
    state: BookingState,
    *,
    attempt: _Attempt | None = None,
    error: dict[str, Any] | None = None,
    confirmation: dict[str, Any] | None = None,
    provider_booking_id: str | None = None,
    slot_gone: bool = False,
    note: str | None = None,
    only_from: tuple[BookingState, ...] | None = None,
    actor: str = "worker",
) -> None:
    """End the attempt in ``state``: release the time when nothing was kept, close the task when booked,
    send it back for review (with fresh suggestions when the time was taken) otherwise."""
    dispatched: list[uuid.UUID] = []

    def work() -> None:
        with db.write() as session:
            booking, task = _locked(session, workspace_id, booking_id)
            current = BookingState(booking.state)
            if only_from is not None and current not in only_from:
                return
            if current is state:
                return
            now = jobs.now()
            _move(booking, state, now, note=note)
            if attempt is not None:
                booking.guardrails = [r.to_json(now) for r in attempt.results]
                _store_evidence(session, booking, attempt, now)
            booking.error = error
            if confirmation is not None:
                booking.confirmation = confirmation
            if provider_booking_id:
                booking.provider_booking_id = provider_booking_id[:200]
            nothing_kept = state in (
                BookingState.BLOCKED,
                BookingState.FAILED,
                BookingState.DRY_RUN_PASSED,
            ) or (state is BookingState.NEEDS_REVIEW and booking.submitted_at is None)
            if nothing_kept:
                release(session, booking.id)
            if state in (BookingState.BOOKED, BookingState.PENDING_CONFIRMATION) and not booking.dry_run:
                _close_task(session, task, booking, state, now)
            if slot_gone and task.status == "open":
                task.suggestions_state = "waiting"
                dispatched.append(
                    jobs.request_job(
                        session.connection(), workspace_id, jobs.SUGGESTIONS_JOB, str(task.id), at=now
                    )
                )
            _event(
                session, booking, f"booking.{state.value}", actor=actor,
                reason=(error or {}).get("message"), confirmation=(confirmation or {}).get("id"),
            )  # fmt: skip

    retrying(work)
    for job_id in dispatched:
        jobs.dispatch(db, job_id)


def _close_task(
    session: Session, task: ReviewTaskRow, booking: BookingRow, state: BookingState, now: datetime
) -> None:
    if task.status != "open":
        return
    lead_row = session.get(LeadRow, task.lead_id)  # already locked: lead, then task
    if lead_row is not None and lead_row.open_task_id == task.id:
        lead_row.open_task_id = None
    task.status = "done"
    task.resolved_at = now
    task.resolved_by = "schedlink booking"
    task.booked_start = booking.start
    task.resolution_note = (
        "Booked on the lead's page."
        if state is BookingState.BOOKED
        else "Booked; waiting for the host to confirm."
    )


def confirm(db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID, *, actor: str) -> None:
    """The provider confirmed the booking (its confirmation email): an unknown, reviewed or pending
    outcome becomes ``booked``, and the task is closed."""
    _finish(
        db, workspace_id, booking_id, BookingState.BOOKED, note=f"confirmed: {actor}", actor=actor[:200],
        only_from=(BookingState.OUTCOME_UNKNOWN, BookingState.NEEDS_REVIEW, BookingState.PENDING_CONFIRMATION),
    )  # fmt: skip


# --- reconciliation ------------------------------------------------------------------------------


def run_reconcile_job(db: Database, job: jobs.ClaimedJob, context: JobContext) -> None:
    """Find out what became of a booking that may have been submitted; never submit it again."""
    booking_id = uuid.UUID(job.key)
    with db.read() as session:
        row = owned_or_none(session, BookingRow, booking_id, job.workspace_id)
        if row is None:
            return
        state, link, provider, start, uid = (
            BookingState(row.state),
            row.link,
            row.provider,
            row.start,
            row.provider_booking_id,
        )
        zone = (
            session.scalar(select(WorkspaceRow.timezone).where(WorkspaceRow.id == job.workspace_id)) or "UTC"
        )
    if state is BookingState.SUBMITTING:
        _begin_safely(db, job.workspace_id, booking_id)
        return
    if state is not BookingState.OUTCOME_UNKNOWN:
        return
    spec = spec_by_slug(provider)
    recognition = classify_url(link)
    if uid and spec is not None and spec.read_booking is not None:
        try:
            found = drive(
                spec.read_booking(recognition, uid), context.booking_fetcher,
                allowed_hosts=spec.booking_hosts | {_host(link)}, rate_key=f"book:{spec.slug}",
            )  # fmt: skip
        except (FetchFailed, SlotReadError) as error:
            raise jobs.RetryLater(f"the provider could not be asked: {error}") from None
        if found is not None and found.verdict in (Verdict.BOOKED, Verdict.PENDING_CONFIRMATION):
            _finish(db, job.workspace_id, booking_id, BookingState.BOOKED, confirmation=found.confirmation,
                    note="reconciled: the provider has the booking", actor="reconcile")  # fmt: skip
            return
    if not context.may_read_page(link):
        _review(db, job.workspace_id, booking_id, "could not be checked: reading leads' pages is off")
        return
    try:
        offered = _offered_around(link, start, zone, context)
    except (NoSlotReader, SlotReadError, FetchRefused) as error:
        _review(
            db, job.workspace_id, booking_id, f"could not be checked ({error}); look at the lead's calendar"
        )
        return
    except FetchFailed as error:
        raise jobs.RetryLater(f"their page could not be read: {error}") from None
    if start in offered:
        _review(
            db, job.workspace_id, booking_id,
            "their page still offers this time, so the booking most likely did not go through; "
            "nothing is sent again automatically",
        )  # fmt: skip
    else:
        _review(
            db, job.workspace_id, booking_id,
            "their page no longer offers this time: it may be our booking; the provider's confirmation "
            "email closes this, or check with the lead",
        )  # fmt: skip


def _begin_safely(db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID) -> None:
    try:
        _begin(db, workspace_id, booking_id)
    except (_Stop, NotFound):
        return


def _review(db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID, why: str) -> None:
    _finish(db, workspace_id, booking_id, BookingState.NEEDS_REVIEW, error={"code": "outcome_unknown", "message": why},
            note=why, only_from=(BookingState.OUTCOME_UNKNOWN,), actor="reconcile")  # fmt: skip


def give_up_reconcile(db: Database, job: jobs.ClaimedJob, error: str) -> None:
    _review(db, job.workspace_id, uuid.UUID(job.key), f"could not be checked after several tries ({error})")


# --- helpers ----------------------------------------------------------------------------------------


def _locked(
    session: Session, workspace_id: uuid.UUID, booking_id: uuid.UUID
) -> tuple[BookingRow, ReviewTaskRow]:
    """Lead, then task, then the booking itself: the documented order."""
    task_id = session.scalar(
        select(BookingRow.task_id).where(BookingRow.id == booking_id, BookingRow.workspace_id == workspace_id)
    )
    if task_id is None:
        raise NotFound(f"booking {booking_id} not found")
    task = lock_task(session, workspace_id, task_id).task
    booking = session.get(BookingRow, booking_id, with_for_update=True, populate_existing=True)
    if booking is None:
        raise NotFound(f"booking {booking_id} not found")
    return booking, task


def _move(booking: BookingRow, state: BookingState, at: datetime, *, note: str | None = None) -> None:
    check_move(BookingState(booking.state), state)
    booking.state = state.value
    step: dict[str, Any] = {"step": state.value, "at": at.isoformat()}
    if note:
        step["note"] = note[:500]
    booking.steps = [*booking.steps, step]
    booking.updated_at = at


def _event(session: Session, booking: BookingRow, action: str, *, actor: str, **details: Any) -> None:
    audit.record(
        session, booking.workspace_id, actor=actor, action=action, object_type="task", object_id=booking.task_id,
        booking_id=str(booking.id), start=booking.start.isoformat(), dry_run=booking.dry_run,
        **{k: v for k, v in details.items() if v is not None},
    )  # fmt: skip


def _store_evidence(session: Session, booking: BookingRow, attempt: _Attempt, now: datetime) -> None:
    """The provider exchanges and a summary of the attempt, as pieces in the content-addressed store."""
    store = attempt.store
    if store is None:
        return
    pieces: list[tuple[str, bytes, str]] = []
    for exchange in attempt.exchanges:
        pieces.append(("provider_exchange", json.dumps(exchange, indent=1).encode(), "application/json"))
    summary = {
        "booking": str(booking.id),
        "provider": booking.provider,
        "link": booking.link,
        "slot": {
            "start": booking.start.isoformat(),
            "end": booking.end.isoformat(),
            "team_zone": attempt.zone,
        },
        "dry_run": booking.dry_run,
        "state": booking.state,
        "guardrails": [r.to_json(now) for r in attempt.results],
        "steps": booking.steps,
        "confirmation": booking.confirmation,
        "error": booking.error,
    }
    pieces.extend(attempt.artifacts)
    pieces.append(("attempt", json.dumps(summary, indent=1, default=str).encode(), "application/json"))
    existing = set(session.scalars(select(EvidenceRow.sha256).where(EvidenceRow.booking_id == booking.id)))
    for kind, content, media_type in pieces:
        stored = store.put(content)
        if stored.sha256 in existing:
            continue
        existing.add(stored.sha256)
        session.add(
            EvidenceRow(
                workspace_id=booking.workspace_id, booking_id=booking.id, kind=kind, sha256=stored.sha256,
                size=stored.size, media_type=media_type, created_at=now,
            )
        )  # fmt: skip
    attempt.exchanges.clear()
    attempt.artifacts.clear()


def _exchange(request: HttpRequest, response: HttpResponse | None) -> dict[str, Any]:
    return {
        "at": jobs.now().isoformat(),
        "request": {
            "method": request.method, "url": request.url, "headers": safe_headers(request.headers),
            "body": capped(request.body), "submits": request.submits,
        },
        "response": None if response is None else {
            "status": response.status, "headers": safe_headers(response.headers), "body": capped(response.body),
        },
    }  # fmt: skip


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


# A short lease, renewed while the job runs: a worker that dies mid-booking is noticed within ~20 s and
# the booking carried on (before submitting) or reconciled (after) by another worker.
BOOKING_LEASE = timedelta(seconds=20)
BOOKING_KIND = jobs.JobKind(
    BOOKING_JOB, run_booking_job, give_up=give_up_booking, retry=BOOKING_RETRY, lease=BOOKING_LEASE
)
# Browser bookings run only on workers with a browser; a page run takes longer than an API call, and its
# lease is renewed by the same heartbeat.
BROWSER_BOOKING_KIND = jobs.JobKind(
    BROWSER_BOOKING_JOB, run_booking_job, give_up=give_up_booking, retry=BOOKING_RETRY,
    lease=BOOKING_LEASE, lane=BROWSER_LANE,
)  # fmt: skip
RECONCILE_KIND = jobs.JobKind(
    RECONCILE_JOB, run_reconcile_job, give_up=give_up_reconcile, retry=RECONCILE_RETRY, lease=BOOKING_LEASE
)
