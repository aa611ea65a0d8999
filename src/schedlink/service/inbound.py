"""Receiving one reply: store it, capture the lead's link, and open or update the review task.

The analysis runs before the transaction (pure CPU, no locks held). Everything the reply changes —
message, lead, sighting, task and audit entries — then commits in one transaction or not at all.

Concurrency: the unique ``(workspace, message_id)`` constraint makes a redelivery fail to insert, and it
then answers with the stored answer of the first delivery (invariant 5). The lead row is locked before
its link or task is touched, so two replies of one lead apply one after the other; the partial unique
index on open tasks backs up invariant 4 if anything slips past. A lost race on creating the same new
lead retries the whole transaction, which then finds the lead.

This is the hot path of the service, so its transaction runs statements prepared once on the driver's
own connection (``store/statements.py``, ``store/direct.py``): a handful of statements per reply, the
audit entries in one batch, and neither unit-of-work nor per-statement bookkeeping.
The writes themselves are in ``reply_writer.py``. A server writes the replies that arrive together in one
transaction (``receive_together``, group commit; ``api/group_commit.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError

from schedlink.analysis import Analysis, analyze, confirmed_windows
from schedlink.domain.confirmations import Confirmation, recognise_confirmation
from schedlink.domain.contacts import LeadKeys, lead_keys
from schedlink.domain.intent import Intent, IntentVerdict
from schedlink.domain.message import Message
from schedlink.domain.timing import Window
from schedlink.service import jobs
from schedlink.service.cache import Expiring
from schedlink.service.confirmations import apply_confirmation
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.reply_writer import ReplyWriter, Team
from schedlink.service.workspaces import analysis_settings, team_link
from schedlink.store import statements
from schedlink.store.db import Database
from schedlink.store.direct import DirectTransaction
from schedlink.store.retry import is_transient, retry_pause

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
MAX_MESSAGE_ID = 998
# In bytes, too: the unique (workspace, message_id) index holds the id, and a PostgreSQL btree entry may not
# exceed about 2,700 bytes. 998 emoji would be 3,992; 1,000 bytes still fits any 998-character ASCII id.
MAX_MESSAGE_ID_BYTES = 1000


@dataclass(frozen=True, slots=True)
class Inbound:
    """One reply as the sender system delivers it; ``message.message_id`` is required."""

    message: Message
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer for a reply, and whether it is the stored answer of an earlier delivery."""

    answer: dict[str, Any]
    replayed: bool


@dataclass(frozen=True, slots=True)
class Analysed:
    """A reply checked and analysed, ready to write: everything ``receive`` works out before it opens a
    transaction, so that several replies can then be written in one (``receive_together``)."""

    workspace_id: uuid.UUID
    actor: str
    message_id: str
    message: Message
    keys: LeadKeys
    analysis: Analysis
    team: Team
    content: str
    confirmation: Confirmation | None

    @property
    def lock_key(self) -> tuple[str, str, str]:
        """The order replies written together take their leads' locks in (see ``receive_together``)."""
        keys = self.keys
        return (keys.external_id or "", keys.email or "", keys.phone or "")


def receive(db: Database, workspace_id: uuid.UUID, inbound: Inbound, *, actor: str = "api") -> Outcome:
    """Process one reply idempotently; the same ``message_id`` again answers the same, changing nothing."""
    return store(db, analysed(db, workspace_id, inbound, actor=actor))


def analysed(db: Database, workspace_id: uuid.UUID, inbound: Inbound, *, actor: str = "api") -> Analysed:
    """Check a reply and analyse it (pure CPU but for the cached settings read): bad input is refused
    here, before any transaction."""
    inbound = _storable(inbound)
    message_id = _message_id(inbound)
    team = _team(db, workspace_id)
    message = inbound.message
    keys = lead_keys(message.lead.email, message.lead.phone, inbound.external_id, team.phone_region)
    if not keys.any():
        raise InvalidRequest(_no_identifier(message, inbound.external_id))
    analysis = analyze(message, team.settings)
    confirmation = recognise_confirmation(message)
    if confirmation is not None:
        # A provider's confirmation names the lead's page and person: read as a reply, it could open a
        # task. It captures nothing and opens nothing; what it proves is applied after it is stored.
        analysis = replace(
            analysis, link=None, candidates=(), act=False,
            intent=IntentVerdict(Intent.ALREADY_BOOKED, 1.0, "a provider's booking confirmation"),
        )  # fmt: skip
    return Analysed(
        workspace_id, actor, message_id, message, keys, analysis, team, content_hash(inbound), confirmation
    )


def store(db: Database, reply: Analysed) -> Outcome:
    """Write one analysed reply in a transaction of its own, running it again on a lost race."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with db.write_direct() as transaction:
                answer, writer = _write(transaction, reply)
            _after_commit(db, reply, writer)
            return Outcome(answer, replayed=False)
        except IntegrityError:
            stored = _stored_answer(db, reply.workspace_id, reply.message_id)
            if stored is not None:
                answer, stored_content = stored
                if stored_content is not None and stored_content != reply.content:
                    raise MessageIdReused(
                        f"message_id: {reply.message_id[:80]!r} was already delivered with other content; "
                        "a new reply needs a new message_id"
                    ) from None
                return Outcome(answer, replayed=True)
        except DBAPIError as error:
            # A deadlock or serialization failure wrote nothing: run the transaction again (an outage
            # is raised and answered 503, so an unstored reply is never acknowledged).
            if not is_transient(error) or attempt == MAX_ATTEMPTS:
                raise
            time.sleep(retry_pause(attempt))
    raise Conflict("the lead was changed by other replies at the same time; deliver this reply again")


def receive_together(db: Database, replies: Sequence[Analysed]) -> list[Outcome | Exception]:
    """Write several replies in one transaction (group commit), answering each as ``store`` would.

    Under load a server writes the replies that arrived together in one transaction: one commit, one
    turn at SQLite's writer gate and, on PostgreSQL, one flush of the log instead of one each. Nothing
    of one reply depends on the others' outcome: if any of them fails — a redelivery, a lost race, a
    deadlock, an outage — the transaction is rolled back whole and every reply is written again on its
    own, where each gets its own answer or error. An answer is only given once its reply is committed.

    The leads are locked in the order of their identifiers, so two servers writing overlapping groups
    take them in the same order (docs/decisions/0007); each reply still takes its lead before its task.
    """
    if len(replies) == 1:
        return [_outcome_of(db, replies[0])]
    ordered = sorted(range(len(replies)), key=lambda index: replies[index].lock_key)
    written: dict[int, tuple[dict[str, Any], ReplyWriter]] = {}
    try:
        with db.write_direct() as transaction:
            for index in ordered:
                written[index] = _write(transaction, replies[index])
    except Exception:
        log.debug("a group of %d replies failed; writing each on its own", len(replies), exc_info=True)
        return [_outcome_of(db, reply) for reply in replies]
    outcomes: list[Outcome | Exception] = []
    for index, reply in enumerate(replies):
        answer, writer = written[index]
        _after_commit(db, reply, writer)
        outcomes.append(Outcome(answer, replayed=False))
    return outcomes


def _outcome_of(db: Database, reply: Analysed) -> Outcome | Exception:
    try:
        return store(db, reply)
    except Exception as error:  # handed to the reply's own request, which answers it as usual
        return error


def _write(transaction: DirectTransaction, reply: Analysed) -> tuple[dict[str, Any], ReplyWriter]:
    writer = ReplyWriter(transaction, reply.workspace_id, reply.actor)
    confirmation = reply.confirmation
    answer = writer.apply(
        reply.message_id, reply.message, reply.keys, reply.analysis, reply.team,
        content_sha256=reply.content,
        confirmation=None if confirmation is None else {
            "provider": confirmation.provider, "reference": confirmation.reference,
        },
    )  # fmt: skip
    return answer, writer


def _after_commit(db: Database, reply: Analysed, writer: ReplyWriter) -> None:
    """Nudge the queue for the jobs the reply asked for, and apply what a confirmation proves."""
    for job_id in writer.jobs:
        jobs.dispatch(db, job_id)
    if reply.confirmation is not None:
        windows = confirmed_windows(reply.analysis, reply.message, reply.team.settings)
        _confirm(db, reply.workspace_id, reply.confirmation, windows, reply.message_id)


def _confirm(
    db: Database,
    workspace_id: uuid.UUID,
    confirmation: Confirmation,
    windows: tuple[Window, ...],
    message_id: str,
) -> None:
    """Apply what a stored confirmation proves; a failure here is logged, never answered: the message
    is stored and acknowledged, and a person can still mark the task booked."""
    try:
        apply_confirmation(db, workspace_id, confirmation, windows, message_id)
    except Exception:
        log.exception("could not apply confirmation %s", message_id)


def _no_identifier(message: Message, external_id: str | None) -> str:
    """Why no usable identifier: name the field that was given but could not be used, if any."""
    lead = message.lead
    if lead.email and lead.email.strip():
        return f"lead.email: {lead.email.strip()[:80]!r} is not an email address"
    if lead.phone and lead.phone.strip():
        return (
            f"lead.phone: {lead.phone.strip()[:40]!r} is not a phone number (give it with its country code, "
            "e.g. +1 415 555 0100, or set the workspace's phone region)"
        )
    if external_id is not None:
        return "lead.external_id: must not be empty"
    return "lead: give at least one of email, phone (with country code) or external_id"


def _storable(inbound: Inbound) -> Inbound:
    """The reply with NUL characters and lone surrogates replaced by U+FFFD: neither database can store
    them as text, and in a reply they are never meaningful, so they must not cost the whole message."""
    message = inbound.message
    lead = message.lead
    texts = (
        message.text,
        message.html,
        message.subject,
        message.message_id,
        message.sentiment,
        message.channel,
    )
    people = (lead.name, lead.email, lead.phone, inbound.external_id)
    if all(_clean(value) == value for value in (*texts, *people)):
        return inbound
    return Inbound(
        replace(
            message,
            text=_clean(message.text) or "",
            html=_clean(message.html),
            subject=_clean(message.subject),
            message_id=_clean(message.message_id),
            sentiment=_clean(message.sentiment),
            channel=_clean(message.channel) or "email",
            lead=replace(lead, name=_clean(lead.name), email=_clean(lead.email), phone=_clean(lead.phone)),
        ),
        external_id=_clean(inbound.external_id),
    )


def _clean(value: str | None) -> str | None:
    if not value:
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def _message_id(inbound: Inbound) -> str:
    message_id = (inbound.message.message_id or "").strip()
    if not message_id:
        raise InvalidRequest("message_id: required, the sender system's id of this reply")
    if len(message_id) > MAX_MESSAGE_ID:
        raise InvalidRequest(f"message_id: at most {MAX_MESSAGE_ID} characters")
    if len(message_id.encode("utf-8")) > MAX_MESSAGE_ID_BYTES:
        raise InvalidRequest(f"message_id: at most {MAX_MESSAGE_ID_BYTES} bytes as UTF-8")
    return message_id


SETTINGS_CACHE_SECONDS = 5.0
_teams: Expiring[tuple[int, uuid.UUID], Team] = Expiring(SETTINGS_CACHE_SECONDS)


def forget_team(workspace_id: uuid.UUID) -> None:
    """Drop this process's cached settings of a workspace, so the next reply reads the new ones."""
    _teams.forget(lambda key, _team: key[1] == workspace_id)


def _team(db: Database, workspace_id: uuid.UUID) -> Team:
    """The workspace's settings, remembered for ``SETTINGS_CACHE_SECONDS``.

    A redelivery is not looked up first: the unique message constraint catches it inside the write
    transaction, so the common case of a new reply costs no extra round trip.
    """
    key = (id(db), workspace_id)
    cached = _teams.get(key)
    if cached is not None:
        return cached
    with db.read_once() as connection:
        row = connection.execute(statements.TEAM, {"workspace_id": workspace_id}).first()
    if row is None:
        raise NotFound(f"workspace {workspace_id} does not exist")
    team = Team(analysis_settings(row), team_link(row), row.default_phone_region)
    _teams.put(key, team)
    return team


def _stored_answer(
    db: Database, workspace_id: uuid.UUID, message_id: str
) -> tuple[dict[str, Any], str | None] | None:
    """The answer given to the first delivery, and the hash of what it carried."""
    with db.read_once() as connection:
        row = connection.execute(
            statements.STORED_ANSWER, {"workspace_id": workspace_id, "message_id": message_id}
        ).first()
    return None if row is None else (row.answer, row.content_sha256)


def content_hash(inbound: Inbound) -> str:
    """SHA-256 of what a delivery carries (the lead and the words): a redelivery has the same. The time is
    left out: a sender that omits ``received_at`` gets "now", which differs on every delivery."""
    message = inbound.message
    lead = message.lead
    parts = [
        message.channel, lead.email, lead.phone, lead.name, inbound.external_id,
        message.subject, message.text, message.html, message.sentiment,
    ]  # fmt: skip
    canonical = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class MessageIdReused(Conflict):
    """The same ``message_id`` arrived again with different content: not a redelivery."""

    code = "message_id_reused"
