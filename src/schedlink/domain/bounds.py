"""What a value from outside must be before any of it is stored or computed with.

Two rules, shared by the API's models and the pages' forms so that both edges refuse the same things:

- Text must be storable: no NUL character (PostgreSQL text cannot hold one) and no unpaired surrogate
  (neither database can encode one as UTF-8).
- An instant must lie between ``EARLIEST`` and ``LATEST`` (UTC). Far inside what either database and
  Python's ``datetime`` can represent, so that arithmetic on it (a zone's offset, ``+ days_ahead``, a
  year of availability) can never run off the end of the calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
INSTANT_RANGE = "from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z"
UNSTORABLE_TEXT = "must not contain NUL characters or unpaired surrogates"

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> bool:
    """Whether ``text`` can be stored as it is: no NUL character and no unpaired surrogate."""
    return _UNSTORABLE.search(text) is None


def in_range(moment: datetime) -> datetime:
    """``moment`` (aware) if it lies between ``EARLIEST`` and ``LATEST``; ``ValueError`` if not."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("give a UTC offset, like 2026-03-10T15:00:00Z or 2026-03-10T10:00:00-05:00")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 moved across midnight by its offset
        raise ValueError(f"must be {INSTANT_RANGE}") from None
    if not EARLIEST <= utc <= LATEST:
        raise ValueError(f"must be {INSTANT_RANGE}")
    return moment
