"""The types of the values the API accepts, checked once at the edge.

Every request model (``schemas.Strict``) is strict: strings are strings, whole numbers are JSON integers
and booleans are ``true``/``false``. On top of that:

- ``CleanText``: text without NUL characters or unpaired surrogates (refused with 422). The reply's own
  text in ``POST /v1/inbound`` is the one exception: there they are stored as U+FFFD (see
  ``service/inbound.py``), since a reply must not be lost over one stray byte.
- ``Instant``: an ISO-8601 string with a UTC offset (``Z`` or ``±HH:MM``), nothing else (no Unix
  timestamps, numbers or dates alone), between 1970-01-01 and 2199-12-31 UTC.
- ``utf8_at_most``: a limit in bytes of UTF-8, for values that go into a unique index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from schedlink.domain.bounds import INSTANT_RANGE, UNSTORABLE_TEXT, in_range, storable

INSTANT_EXAMPLE = "2026-03-10T15:00:00Z"
_INSTANT = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?P<clock>[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)"
    r"(?:\.(?P<fraction>[0-9]{1,9}))?(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def clean_text(value: str) -> str:
    if not storable(value):
        raise PydanticCustomError("unstorable_text", UNSTORABLE_TEXT)
    return value


def instant(value: Any) -> datetime:
    """An aware ``datetime`` from an ISO-8601 string with offset, within ``bounds.INSTANT_RANGE``."""
    if isinstance(value, datetime):  # built in Python, not parsed from a request
        parsed = value
    elif isinstance(value, str) and (match := _INSTANT.fullmatch(value.strip())):
        fraction = (match["fraction"] or "")[:6].ljust(6, "0")
        offset = "+00:00" if match["offset"] in ("Z", "z") else match["offset"]
        try:
            parsed = datetime.fromisoformat(f"{match['date']}T{match['clock']}.{fraction}{offset}")
        except ValueError:
            raise _not_an_instant() from None
    else:
        raise _not_an_instant()
    try:
        return in_range(parsed)
    except ValueError as exc:
        raise PydanticCustomError("instant_range", str(exc)) from None


def _not_an_instant() -> PydanticCustomError:
    return PydanticCustomError(
        "instant_format",
        "must be an ISO-8601 date and time with a UTC offset, like {example}",
        {"example": INSTANT_EXAMPLE},
    )


def utf8_at_most(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value.encode("utf-8", "surrogatepass")) > limit:
            raise PydanticCustomError(
                "too_many_bytes", "must be at most {limit} bytes as UTF-8", {"limit": limit}
            )
        return value

    return check


CleanText = Annotated[str, AfterValidator(clean_text)]
Instant = Annotated[datetime, BeforeValidator(instant)]

__all__ = ["INSTANT_RANGE", "CleanText", "Instant", "clean_text", "instant", "utf8_at_most"]
