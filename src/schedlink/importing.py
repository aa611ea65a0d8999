"""Reading files of replies for ``schedlink import``: JSONL in the corpus format, or an mbox.

Each item comes with where it stood (line or message number), so a bad one is reported precisely and
the rest still go in. Items become ``Inbound`` deliveries for the same service code the API uses.
"""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from schedlink.corpus import message_from_json, scan_jsonl
from schedlink.errors import CorpusError, InvalidInput
from schedlink.normalise import message_from_eml
from schedlink.service.inbound import Inbound


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One reply read from the file, or the reason it could not be read."""

    where: str
    inbound: Inbound | None
    error: str | None = None


def is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def count_items(path: Path) -> int:
    """How many replies the file holds, for the progress bar (a cheap scan, no parsing)."""
    marker = b"From " if is_mbox(path) else None
    total = 0
    with path.open("rb") as handle:
        for line in handle:
            if marker is None:
                total += bool(line.strip())
            elif line.startswith(marker):
                total += 1
    return total


def read_items(path: Path) -> Iterator[ImportItem]:
    return _mbox_items(path) if is_mbox(path) else _jsonl_items(path)


def _jsonl_items(path: Path) -> Iterator[ImportItem]:
    for line_number, obj in scan_jsonl(path):
        where = f"{path.name}:{line_number}"
        if isinstance(obj, CorpusError):
            yield ImportItem(where=where, inbound=None, error=str(obj))
            continue
        try:
            message = message_from_json(obj, where=where)
        except InvalidInput as exc:
            yield ImportItem(where=where, inbound=None, error=str(exc))
            continue
        lead = obj.get("lead")
        external_id = lead.get("external_id") if isinstance(lead, dict) else None
        yield ImportItem(
            where=where, inbound=Inbound(message, external_id=str(external_id) if external_id else None)
        )


def _mbox_items(path: Path) -> Iterator[ImportItem]:
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            where = f"{path.name} message {number}"
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError) as exc:
                yield ImportItem(where=where, inbound=None, error=f"{where}: unreadable ({exc})")
                continue
            message = message_from_eml(raw)
            if not message.message_id:
                # Without a Message-ID the content is the identity, so importing the file twice adds nothing.
                message = replace(message, message_id="sha256:" + hashlib.sha256(raw).hexdigest())
            yield ImportItem(where=where, inbound=Inbound(message))
    finally:
        box.close()
