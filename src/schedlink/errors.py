"""schedlink's exception tree. Expected business outcomes are results, not exceptions.

* SchedlinkError
  + InvalidInput      – input rejected at a boundary (bad file, bad field)
    - CorpusError     – a corpus or message file that does not follow the documented format
"""

from __future__ import annotations


class SchedlinkError(Exception):
    """Unexpected schedlink error."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class InvalidInput(SchedlinkError):
    """The input was rejected."""


class CorpusError(InvalidInput):
    """The file does not follow the corpus format."""
