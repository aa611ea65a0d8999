"""The lead's time zone and the availability windows they wrote in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ZoneHint:
    """The lead's IANA zone and the evidence for it (a phrase in the text, or the phone region)."""

    zone: str
    source: str
    phrase: str


@dataclass(frozen=True, slots=True)
class Window:
    """A span the lead said they are free, as aware datetimes; ``phrase`` is the words it came from."""

    start: datetime
    end: datetime
    phrase: str
