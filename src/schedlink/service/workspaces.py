"""Workspaces and their API keys.

A key is ``sl_`` followed by 256 random bits; only its SHA-256 is stored. A fast hash is enough for a
random secret of that size (nothing to brute-force), and it lets a request find its key with one indexed
lookup instead of a slow password hash per request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, func, select

from schedlink.domain.contacts import normal_email
from schedlink.domain.message import Workspace
from schedlink.service import audit
from schedlink.service.cache import Expiring
from schedlink.service.errors import InvalidRequest, NotFound, Unauthorized
from schedlink.store.db import Database
from schedlink.store.models import ApiKeyRow, WorkspaceRow

KEY_PREFIX = "sl_"
DEFAULT_WORKING_HOURS: dict[str, list[list[str]]] = {
    day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")
}
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_REGION = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class NewWorkspace:
    """What creating a workspace needs; everything else has a sensible default."""

    name: str
    timezone: str
    own_links: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = ()
    fallback_link: str | None = None
    default_phone_region: str | None = None
    working_hours: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_WORKING_HOURS))
    # Who bookings on a lead's page are made as (name, email), for the automation to come.
    booking_name: str | None = None
    booking_email: str | None = None


@dataclass(frozen=True, slots=True)
class CreatedWorkspace:
    workspace_id: uuid.UUID
    api_key: str


def create_workspace(db: Database, spec: NewWorkspace, *, actor: str = "cli") -> CreatedWorkspace:
    """Create a workspace and its first API key (returned once, never stored in clear)."""
    name = spec.name.strip()
    if not name or len(name) > 200:
        raise InvalidRequest("name: must be 1–200 characters")
    timezone = check_timezone(spec.timezone)
    links = tuple(check_link(link, "own link") for link in spec.own_links)
    domains = tuple(check_domain(domain) for domain in spec.own_domains)
    fallback = check_link(spec.fallback_link, "fallback link") if spec.fallback_link else None
    region = spec.default_phone_region.upper() if spec.default_phone_region else None
    if region is not None and not _REGION.match(region):
        raise InvalidRequest("default phone region: must be a two-letter country code such as US")
    identity = {}
    if spec.booking_name:
        identity["name"] = spec.booking_name.strip()[:200]
    if spec.booking_email:
        email = normal_email(spec.booking_email)
        if email is None:
            raise InvalidRequest(f"booking email: {spec.booking_email!r} is not an email address")
        identity["email"] = email
    with db.write() as session:
        row = WorkspaceRow(
            name=name,
            timezone=timezone,
            own_links=list(links),
            own_domains=list(domains),
            fallback_link=fallback,
            default_phone_region=region,
            working_hours=spec.working_hours,
            booking_identity=identity,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            row.id,
            actor=actor,
            action="workspace.created",
            object_type="workspace",
            object_id=row.id,
        )
        key = _add_key(session, row.id, actor=actor, label="initial")
    return CreatedWorkspace(workspace_id=row.id, api_key=key)


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    workspace_id: uuid.UUID
    name: str
    timezone: str
    created_at: datetime
    active_keys: int


def list_workspaces(db: Database) -> list[WorkspaceSummary]:
    """Every workspace, oldest first, with how many of its keys work (for operators, not tenants)."""
    keys = (
        select(ApiKeyRow.workspace_id, func.count().label("active"))
        .where(ApiKeyRow.revoked_at.is_(None))
        .group_by(ApiKeyRow.workspace_id)
        .subquery()
    )
    query = (
        select(
            WorkspaceRow.id, WorkspaceRow.name, WorkspaceRow.timezone, WorkspaceRow.created_at, keys.c.active
        )
        .outerjoin(keys, keys.c.workspace_id == WorkspaceRow.id)
        .order_by(WorkspaceRow.created_at, WorkspaceRow.id)
    )
    with db.read() as session:
        return [
            WorkspaceSummary(row[0], row[1], row[2], row[3], row[4] or 0) for row in session.execute(query)
        ]


def create_api_key(db: Database, workspace_id: uuid.UUID, *, actor: str, label: str = "") -> str:
    with db.write() as session:
        if session.get(WorkspaceRow, workspace_id) is None:
            raise NotFound(f"workspace {workspace_id} does not exist")
        return _add_key(session, workspace_id, actor=actor, label=label)


def revoke_api_key(db: Database, workspace_id: uuid.UUID, prefix: str, *, actor: str) -> int:
    """Revoke the workspace's working keys that start with ``prefix`` (the first 10+ characters shown at
    creation); answers how many. Other processes stop accepting them within ``KEY_CACHE_SECONDS``."""
    if len(prefix) < len(KEY_PREFIX) + 7 or not prefix.startswith(KEY_PREFIX):
        raise InvalidRequest(f"prefix: give at least the first {len(KEY_PREFIX) + 7} characters of the key")
    with db.write() as session:
        keys = list(
            session.scalars(
                select(ApiKeyRow).where(
                    ApiKeyRow.workspace_id == workspace_id,
                    ApiKeyRow.prefix == prefix[:10],
                    ApiKeyRow.revoked_at.is_(None),
                )
            )
        )
        for key in keys:
            key.revoked_at = now()
            audit.record(
                session, workspace_id, actor=actor, action="api_key.revoked", object_type="api_key",
                object_id=key.id, prefix=key.prefix,
            )  # fmt: skip
    _key_cache.forget(lambda _key, owner: owner == workspace_id)
    return len(keys)


def _add_key(session: Any, workspace_id: uuid.UUID, *, actor: str, label: str) -> str:
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(workspace_id=workspace_id, key_hash=hash_key(key), prefix=key[:10], label=label)
    session.add(row)
    session.flush()
    audit.record(
        session,
        workspace_id,
        actor=actor,
        action="api_key.created",
        object_type="api_key",
        object_id=row.id,
        prefix=row.prefix,
    )
    return key


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


_KEY_LOOKUP = select(ApiKeyRow.workspace_id, ApiKeyRow.revoked_at).where(
    ApiKeyRow.key_hash == bindparam("key_hash")
)
KEY_CACHE_SECONDS = 10.0
_key_cache: Expiring[tuple[int, str], uuid.UUID] = Expiring(KEY_CACHE_SECONDS)


def authenticate(db: Database, key: str | None) -> uuid.UUID:
    """The workspace an API key belongs to; ``Unauthorized`` for a missing, unknown or revoked key.

    Answers are remembered for ``KEY_CACHE_SECONDS`` (so a revoked key stops working within that time):
    looking the key up again for every request of a busy sender is pure overhead.
    """
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        raise Unauthorized("a valid API key is required: Authorization: Bearer sl_…")
    digest = hash_key(key)
    cache_key = (id(db), digest)
    cached = _key_cache.get(cache_key)
    if cached is not None:
        return cached
    with db.read_once() as connection:
        row = connection.execute(_KEY_LOOKUP, {"key_hash": digest}).first()
    if row is None or row.revoked_at is not None:
        raise Unauthorized("unknown or revoked API key")
    workspace_id: uuid.UUID = row.workspace_id
    _key_cache.put(cache_key, workspace_id)
    return workspace_id


class LinkSettings(Protocol):
    """The workspace columns that say which links are the team's (a model row or a selected row)."""

    timezone: str
    own_links: list[Any]
    own_domains: list[Any]
    fallback_link: str | None


def analysis_settings(row: LinkSettings) -> Workspace:
    """The part of the workspace the analysis reads; the fallback link is one of the team's own too."""
    own_links = tuple(row.own_links) + ((row.fallback_link,) if row.fallback_link else ())
    return Workspace(timezone=row.timezone, own_links=own_links, own_domains=tuple(row.own_domains))


def team_link(row: LinkSettings) -> str | None:
    """The link a lead is offered when theirs does not work: the fallback, else the first own link."""
    return row.fallback_link or (row.own_links[0] if row.own_links else None)


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRequest(
            f"timezone: {name!r} is not an IANA time zone (for example Europe/Berlin)"
        ) from None
    except OSError:  # a folder of zones, such as "America"
        raise InvalidRequest(
            f"timezone: {name!r} is a region, not a time zone: choose one from the list "
            "(for example America/New_York)"
        ) from None
    return name


def check_link(url: str, what: str) -> str:
    value = url.strip()
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+", value) or len(value) > 2048:
        raise InvalidRequest(f"{what}: {url!r} is not an http(s) URL")
    return value


def check_domain(domain: str) -> str:
    value = domain.strip().lower().removeprefix("@")
    if not _DOMAIN.match(value):
        raise InvalidRequest(f"own domain: {domain!r} is not a domain name (for example acme.io)")
    return value


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class WorkspaceHeader:
    """What every page's header shows of its workspace."""

    name: str
    timezone: str
    team_link: str | None
    booking_name: str | None
    booking_email: str | None


def workspace_header(db: Database, workspace_id: uuid.UUID) -> WorkspaceHeader:
    with db.read() as session:
        row = session.get(WorkspaceRow, workspace_id)
        if row is None:
            raise NotFound(f"workspace {workspace_id} does not exist")
        identity = dict(row.booking_identity or {})
        return WorkspaceHeader(
            row.name, row.timezone, team_link(row), identity.get("name"), identity.get("email")
        )
