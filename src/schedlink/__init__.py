"""schedlink: when a lead answers with their own scheduler link, get the meeting booked, safely.

The analysis is imported on first use, so importing a single domain module stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schedlink.domain.message import LeadContact, Message, Workspace

if TYPE_CHECKING:
    from schedlink.analysis import Analysis, analyze

__all__ = ["Analysis", "LeadContact", "Message", "Workspace", "analyze"]


def __getattr__(name: str) -> Any:
    if name in ("Analysis", "analyze"):
        from schedlink import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'schedlink' has no attribute {name!r}")
