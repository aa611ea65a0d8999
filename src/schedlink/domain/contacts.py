"""Lead identifiers in the one form the database compares: lower-case email, E.164 phone, trimmed id.

A lead is matched by any of the three, so each must have exactly one spelling; two spellings of the same
address would split one person into two leads and two review tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@[^@\s<>()\[\],;:\"]{1,255}$")
MAX_ID_LENGTH = 255


@dataclass(frozen=True, slots=True)
class LeadKeys:
    """The identifiers a lead is found by; at least one is set for a usable lead."""

    email: str | None = None
    phone: str | None = None
    external_id: str | None = None

    def any(self) -> bool:
        return bool(self.email or self.phone or self.external_id)


def normal_email(value: str | None) -> str | None:
    """The address lower-cased and trimmed, or ``None`` when it is not an email address at all."""
    if value is None:
        return None
    address = value.strip().lower()
    if address.startswith("mailto:"):
        address = address[len("mailto:") :]
    return address if _EMAIL.match(address) else None


def e164_phone(value: str | None, default_region: str | None = None) -> str | None:
    """The number in E.164 (``+14155550100``), or ``None`` when it is not a possible number.

    Numbers without a country code need the workspace's default region; without one they cannot be
    told apart from numbers of another country, so they do not identify anyone.
    """
    if value is None or not value.strip() or len(value) > 64:
        return None
    try:
        number = phonenumbers.parse(value, default_region.upper() if default_region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normal_external_id(value: str | None) -> str | None:
    """The sender system's id, trimmed; blank means none."""
    if value is None:
        return None
    trimmed = value.strip()
    return trimmed[:MAX_ID_LENGTH] if trimmed else None


def lead_keys(
    email: str | None, phone: str | None, external_id: str | None, default_region: str | None = None
) -> LeadKeys:
    """All three identifiers in their compared form."""
    return LeadKeys(
        email=normal_email(email),
        phone=e164_phone(phone, default_region),
        external_id=normal_external_id(external_id),
    )
