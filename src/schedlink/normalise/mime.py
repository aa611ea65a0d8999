"""Raw RFC 5322 / MIME messages (``.eml``) to a ``Message``.

Decoding is forgiving: unknown charsets, broken quoted-printable and malformed headers degrade to
replacement characters instead of errors, because a reply we cannot decode perfectly is still worth
scanning for a link.
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from schedlink.domain.message import LeadContact, Message

MAX_EML_BYTES = 10_000_000


def message_from_eml(raw: bytes) -> Message:
    """Parse a raw email; the first ``text/plain`` and ``text/html`` parts become the bodies."""
    parsed = email.message_from_bytes(raw[:MAX_EML_BYTES], policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    text = _part_text(parsed, "plain")
    html = _part_text(parsed, "html")
    name, address = _sender(parsed)
    return Message(
        text=text or "",
        html=html,
        subject=_header(parsed, "subject"),
        channel="email",
        received_at=_date(parsed),
        lead=LeadContact(name=name, email=address),
        message_id=_header(parsed, "message-id"),
    )


def _part_text(message: EmailMessage, subtype: str) -> str | None:
    try:
        part = message.get_body(preferencelist=(subtype,))
    except Exception:  # malformed MIME trees: treat as having no such part
        return None
    if part is None or part.get_content_subtype() != subtype:
        return None
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # a header the parser cannot decode is as good as absent
        return None
    return str(value).strip() if value is not None else None


def _sender(message: EmailMessage) -> tuple[str | None, str | None]:
    value = _header(message, "from")
    if not value:
        return None, None
    addresses = getaddresses([value])
    if not addresses:
        return None, None
    name, address = addresses[0]
    return name or None, address or None


def _date(message: EmailMessage) -> datetime:
    value = _header(message, "date")
    if value:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)
