"""Cross-site request forgery checks for the Booking tab's forms.

Signed-in forms carry the session's own token (stored with the session). The sign-in form, which has
no session yet, uses a double submit: a random value in a cookie and the same value in the form; a
foreign site can make a browser post the form but can neither read nor set that cookie.
"""

from __future__ import annotations

import hmac
import re
import secrets

SIGNIN_COOKIE = "schedlink_signin"
FIELD = "csrf_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class CsrfRejected(Exception):
    """The form's token is missing or does not match: the request is refused with a 403 page."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def usable_token(value: str | None) -> str | None:
    """``value`` if it looks like a token this module issued (so a cookie can be reused), else ``None``."""
    return value if value and _TOKEN.match(value) else None


def require_match(expected: str | None, submitted: str | None) -> None:
    """Refuse unless both tokens are present and equal (compared in constant time)."""
    if not expected or not submitted:
        raise CsrfRejected("missing form token")
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfRejected("form token does not match")
