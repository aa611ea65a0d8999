"""Signed-in browsers of the Booking tab.

The cookie carries 256 random bits; the table keeps only their SHA-256, so reading the database does
not hand out sessions. A session lasts ``SESSION_LIFETIME``, ends at sign-out, and stops working as soon
as its user is disabled or its API key revoked. Each session has its own CSRF token for the forms it
posts.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from schedlink.service import audit
from schedlink.service.users import verify_user
from schedlink.service.workspaces import KEY_PREFIX, hash_key
from schedlink.store.db import Database
from schedlink.store.models import ApiKeyRow, UserRow, WebSessionRow

SESSION_LIFETIME = timedelta(hours=12)
# Ended or expired rows are kept this long (for the audit trail's sake), then removed at the next sign-in.
KEEP_ENDED = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class StartedSession:
    """A new session: the cookie token (never stored) and the session's CSRF token."""

    session_id: uuid.UUID
    token: str
    csrf_token: str
    workspace_id: uuid.UUID
    who: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class WebSession:
    """A live session as a request sees it."""

    session_id: uuid.UUID
    workspace_id: uuid.UUID
    who: str
    csrf_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def sign_in_with_password(db: Database, email: str, password: str, *, now: datetime) -> StartedSession | None:
    """A session for an invited user, or ``None`` when the email and password do not match an account."""
    user = verify_user(db, email, password)
    if user is None:
        return None
    who = f"{user.name} <{user.email}>" if user.name else user.email
    return _start(db, user.workspace_id, who=who, user_id=user.user_id, api_key_id=None, now=now)


def sign_in_with_key(db: Database, key: str, *, now: datetime) -> StartedSession | None:
    """A session for the holder of a working API key, or ``None`` for a missing, unknown or revoked key."""
    key = key.strip()
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    with db.read() as session:
        row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    return _start(db, row.workspace_id, who=f"api key {row.prefix}", user_id=None, api_key_id=row.id, now=now)


def _start(
    db: Database,
    workspace_id: uuid.UUID,
    *,
    who: str,
    user_id: uuid.UUID | None,
    api_key_id: uuid.UUID | None,
    now: datetime,
) -> StartedSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    with db.write() as session:
        session.execute(
            delete(WebSessionRow).where(
                WebSessionRow.workspace_id == workspace_id,
                or_(WebSessionRow.expires_at < now - KEEP_ENDED, WebSessionRow.ended_at < now - KEEP_ENDED),
            )
        )
        row = WebSessionRow(
            token_hash=token_hash(token),
            workspace_id=workspace_id,
            user_id=user_id,
            api_key_id=api_key_id,
            who=who[:200],
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, workspace_id, actor=who, action="session.started", object_type="web_session",
            object_id=row.id, method="password" if user_id else "api key",
        )  # fmt: skip
    return StartedSession(row.id, token, csrf, workspace_id, row.who, expires)


def find_session(db: Database, token: str | None, *, now: datetime) -> WebSession | None:
    """The live session the cookie token belongs to, else ``None`` (expired, ended, user disabled, key
    revoked, or never issued)."""
    if not token or len(token) > 200:
        return None
    query = (
        select(WebSessionRow, UserRow.disabled_at, ApiKeyRow.revoked_at)
        .outerjoin(UserRow, UserRow.id == WebSessionRow.user_id)
        .outerjoin(ApiKeyRow, ApiKeyRow.id == WebSessionRow.api_key_id)
        .where(WebSessionRow.token_hash == token_hash(token))
    )
    with db.read() as session:
        found = session.execute(query).first()
    if found is None:
        return None
    row, disabled_at, revoked_at = found
    if row.ended_at is not None or row.expires_at <= now or disabled_at is not None or revoked_at is not None:
        return None
    return WebSession(row.id, row.workspace_id, row.who, row.csrf_token, row.expires_at)


def end_session(db: Database, session_id: uuid.UUID, *, now: datetime) -> None:
    """Sign out: the session stops working at once, in every process."""
    with db.write() as session:
        row = session.get(WebSessionRow, session_id)
        if row is None or row.ended_at is not None:
            return
        row.ended_at = now
        audit.record(
            session, row.workspace_id, actor=row.who, action="session.ended", object_type="web_session",
            object_id=row.id,
        )  # fmt: skip
