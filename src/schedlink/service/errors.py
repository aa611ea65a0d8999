"""Outcomes the API turns into HTTP statuses; each carries a stable machine-readable code."""

from __future__ import annotations

from schedlink.errors import InvalidInput, SchedlinkError


class NotFound(SchedlinkError):
    """No such object in this workspace."""

    code = "not_found"


class Conflict(SchedlinkError):
    """The object is not in a state that allows this."""

    code = "conflict"


class InvalidRequest(InvalidInput):
    """The request is well-formed but its content cannot be used."""

    code = "invalid_request"


class Unauthorized(SchedlinkError):
    """Missing, unknown or revoked API key."""

    code = "unauthorized"
