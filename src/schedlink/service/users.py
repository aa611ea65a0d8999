"""People invited to a workspace's Booking tab, who sign in with an email and a password.

Passwords are kept only as argon2id hashes. A sign-in with an unknown email still spends one hash
verification, so the answer time does not tell which addresses have accounts.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from schedlink.domain.contacts import normal_email
from schedlink.service import audit
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.store.db import Database
from schedlink.store.models import UserRow, WebSessionRow, WorkspaceRow

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both paths cost one argon2 verification.
_DECOY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class CreatedUser:
    user_id: uuid.UUID
    email: str
    password: str
    generated: bool


@dataclass(frozen=True, slots=True)
class SignedInUser:
    user_id: uuid.UUID
    workspace_id: uuid.UUID
    email: str
    name: str


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def add_user(
    db: Database,
    workspace_id: uuid.UUID,
    email: str,
    *,
    name: str = "",
    password: str | None = None,
    actor: str = "cli",
) -> CreatedUser:
    """Invite a person to the workspace; without ``password`` one is generated (returned once)."""
    address = normal_email(email)
    if address is None:
        raise InvalidRequest(f"email: {email!r} is not an email address")
    generated = password is None
    secret = generate_password() if password is None else password
    check_password_strength(secret)
    try:
        with db.write() as session:
            if session.get(WorkspaceRow, workspace_id) is None:
                raise NotFound(f"workspace {workspace_id} does not exist")
            row = UserRow(
                workspace_id=workspace_id,
                email=address,
                name=name.strip()[:200],
                password_hash=_hasher.hash(secret),
            )
            session.add(row)
            session.flush()
            audit.record(
                session, workspace_id, actor=actor, action="user.created", object_type="user",
                object_id=row.id, email=address,
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(f"email: {address} already has an account in this workspace") from None
    return CreatedUser(row.id, address, secret, generated)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"password: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidRequest(f"password: at most {MAX_PASSWORD} characters")


def verify_user(db: Database, email: str, password: str) -> SignedInUser | None:
    """The active user with this email whose password matches, else ``None`` (never says which part was
    wrong). An address invited to several workspaces signs in to the oldest account it matches."""
    address = normal_email(email)
    candidates: list[UserRow] = []
    if address is not None and 0 < len(password) <= MAX_PASSWORD:
        with db.read() as session:
            candidates = list(
                session.scalars(
                    select(UserRow)
                    .where(UserRow.email == address, UserRow.disabled_at.is_(None))
                    .order_by(UserRow.created_at, UserRow.id)
                )
            )
    if not candidates:
        _matches(_DECOY_HASH, password or "-")
        return None
    for user in candidates:
        if _matches(user.password_hash, password):
            _rehash_if_needed(db, user, password)
            return SignedInUser(user.id, user.workspace_id, user.email, user.name)
    return None


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _rehash_if_needed(db: Database, user: UserRow, password: str) -> None:
    """Keep hashes at the current argon2 parameters as they are raised over time."""
    if not _hasher.check_needs_rehash(user.password_hash):
        return
    with db.write() as session:
        row = session.get(UserRow, user.id)
        if row is not None:
            row.password_hash = _hasher.hash(password)


def reset_password(
    db: Database, workspace_id: uuid.UUID, email: str, *, password: str | None = None, actor: str = "cli"
) -> CreatedUser:
    """Give an existing user a new password (generated when ``None``, returned once) and end their
    open sessions, so whoever knew the old password is signed out too."""
    address = normal_email(email)
    generated = password is None
    secret = generate_password() if password is None else password
    check_password_strength(secret)
    with db.write() as session:
        row = session.scalars(
            select(UserRow).where(UserRow.workspace_id == workspace_id, UserRow.email == address)
        ).first()
        if row is None:
            raise NotFound(f"email: no user {email!r} in this workspace")
        row.password_hash = _hasher.hash(secret)
        session.execute(
            update(WebSessionRow)
            .where(WebSessionRow.user_id == row.id, WebSessionRow.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC))
        )
        audit.record(
            session, workspace_id, actor=actor, action="user.password_reset", object_type="user",
            object_id=row.id,
        )  # fmt: skip
        return CreatedUser(row.id, row.email, secret, generated)


def find_user(db: Database, workspace_id: uuid.UUID, email: str) -> uuid.UUID | None:
    address = normal_email(email)
    with db.read() as session:
        return session.scalar(
            select(UserRow.id).where(UserRow.workspace_id == workspace_id, UserRow.email == address)
        )
