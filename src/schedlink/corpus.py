"""Reading the shared JSONL corpus format (one reply per line with its expected verdict).

Every line is untrusted input: a malformed one raises ``CorpusError`` naming the line and the field, so
an evaluation never silently scores a partial file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schedlink.domain.message import LeadContact, Message, Workspace
from schedlink.errors import CorpusError


@dataclass(frozen=True, slots=True)
class Case:
    """One corpus line: the reply, its workspace and what a correct system concludes."""

    id: str
    message: Message
    workspace: Workspace
    expected: dict[str, Any]


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for every non-blank line; bad JSON is a ``CorpusError``."""
    for number, obj in scan_jsonl(path):
        if isinstance(obj, CorpusError):
            raise obj
        yield number, obj


def scan_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | CorpusError]]:
    """Like ``read_jsonl``, but a bad line is yielded as its error and reading goes on past it."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, CorpusError(f"{path}:{number}: not valid JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                yield number, CorpusError(f"{path}:{number}: expected a JSON object")
                continue
            yield number, obj


def message_from_json(obj: dict[str, Any], *, where: str = "message") -> Message:
    """Build a ``Message`` from the corpus / inbound JSON shape."""
    lead = obj.get("lead") or {}
    if not isinstance(lead, dict):
        raise CorpusError(f"{where}: 'lead' must be an object")
    text = obj.get("text")
    html = obj.get("html")
    if text is not None and not isinstance(text, str):
        raise CorpusError(f"{where}: 'text' must be a string")
    if html is not None and not isinstance(html, str):
        raise CorpusError(f"{where}: 'html' must be a string")
    if not text and not html:
        raise CorpusError(f"{where}: needs 'text' or 'html'")
    return Message(
        text=text or "",
        html=html,
        subject=_optional_str(obj, "subject", where),
        channel=_optional_str(obj, "channel", where) or "email",
        received_at=_timestamp(obj.get("received_at"), where),
        lead=LeadContact(
            name=_optional_str(lead, "name", where),
            email=_optional_str(lead, "email", where),
            phone=_optional_str(lead, "phone", where),
        ),
        sentiment=_optional_str(obj, "sentiment", where),
        message_id=_optional_str(obj, "message_id", where) or _optional_str(obj, "id", where),
    )


def workspace_from_json(obj: object, *, where: str = "workspace") -> Workspace:
    """Build a ``Workspace`` from ``{"timezone", "own_links", "own_domains"}``."""
    if obj is None:
        return Workspace()
    if not isinstance(obj, dict):
        raise CorpusError(f"{where}: 'workspace' must be an object")
    return Workspace(
        timezone=_optional_str(obj, "timezone", where) or "UTC",
        own_links=_str_tuple(obj, "own_links", where),
        own_domains=_str_tuple(obj, "own_domains", where),
    )


def read_cases(path: Path) -> Iterator[Case]:
    """Every reply case of a corpus file, validated."""
    for number, obj in read_jsonl(path):
        where = f"{path}:{number}"
        expected = obj.get("expected")
        if not isinstance(expected, dict):
            raise CorpusError(f"{where}: 'expected' must be an object")
        yield Case(
            id=str(obj.get("id") or number),
            message=message_from_json(obj, where=where),
            workspace=workspace_from_json(obj.get("workspace"), where=where),
            expected=expected,
        )


def _optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise CorpusError(f"{where}: '{key}' must be a string or null")


def _str_tuple(obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CorpusError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _timestamp(value: object, where: str) -> datetime:
    if value is None:
        return datetime.now(UTC)
    if not isinstance(value, str):
        raise CorpusError(f"{where}: 'received_at' must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise CorpusError(f"{where}: 'received_at' is not ISO 8601: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
