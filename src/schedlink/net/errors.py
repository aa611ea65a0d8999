"""The two ways a guarded fetch can end without an answer; both messages are shown to people as they are."""

from __future__ import annotations


class FetchRefused(Exception):
    """Refused before or while connecting (policy): the message says why, plainly."""


class FetchFailed(Exception):
    """Tried and failed (timeout, too big, TLS, connection): the message says why, plainly."""
