"""The evidence store: content-addressed files under the data directory, named by their sha256.

A piece is written once, atomically (temporary file, then rename), and referenced from the database by
its hash; the same bytes twice are one file. Nothing here trusts a hash it is given: reads accept only
64 lower-case hex digits, so a request can never name a path outside the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Provider bodies in the evidence are capped: enough to read what happened, never a whole download.
BODY_CAP = 64_000
# Request headers that never go into evidence.
_SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})


@dataclass(frozen=True, slots=True)
class StoredPiece:
    sha256: str
    size: int


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, content: bytes) -> StoredPiece:
        digest = hashlib.sha256(content).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(content)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return StoredPiece(digest, len(content))

    def put_json(self, value: Any) -> StoredPiece:
        return self.put(json.dumps(value, indent=1, sort_keys=True, default=str).encode())

    def get(self, sha256: str) -> bytes | None:
        if not _SHA256.fullmatch(sha256):
            return None
        try:
            return self._path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, sha256: str) -> None:
        if _SHA256.fullmatch(sha256):
            self._path(sha256).unlink(missing_ok=True)

    def _path(self, sha256: str) -> Path:
        return self.root / "evidence" / sha256[:2] / sha256


def capped(body: bytes | None) -> str | None:
    """A body as text for the evidence, cut at ``BODY_CAP`` bytes (and saying so)."""
    if body is None:
        return None
    text = body[:BODY_CAP].decode("utf-8", "replace")
    return text + f"\n… ({len(body) - BODY_CAP} more bytes not kept)" if len(body) > BODY_CAP else text


def safe_headers(headers: Any) -> dict[str, str]:
    return {
        str(k): ("(hidden)" if str(k).lower() in _SECRET_HEADERS else str(v))
        for k, v in dict(headers).items()
    }
