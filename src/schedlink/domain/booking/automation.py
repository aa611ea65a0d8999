"""The automation switches of a workspace: a mode per provider, a kill switch, and the limits.

Everything is off unless a person turns it on (invariant 8): ``off`` is every provider's default, and an
operator's ``SCHEDLINK_AUTOMATION=off`` overrides whatever a workspace says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    OFF = "off"  # nothing runs; the task waits for a person to book by hand
    DRY_RUN = "dry_run"  # every step runs, nothing is submitted
    APPROVE = "approve"  # a person presses Book on a suggested time
    AUTO = "auto"  # booked without a person when the intent is clear and a suggested time exists


DEFAULT_INTENT_MAX_AGE_DAYS = 14
DEFAULT_RATE_LIMIT_PER_HOUR = 20


class InvalidAutomation(ValueError):
    """Settings that cannot be stored; the message names the field."""


@dataclass(frozen=True, slots=True)
class AutomationSettings:
    kill_switch: bool = False
    providers: Mapping[str, Mode] = field(default_factory=dict)
    intent_max_age_days: int = DEFAULT_INTENT_MAX_AGE_DAYS
    rate_limit_per_hour: int = DEFAULT_RATE_LIMIT_PER_HOUR

    def mode_for(self, provider: str) -> Mode:
        return self.providers.get(provider, Mode.OFF)

    def active(self) -> dict[str, Mode]:
        """Providers whose mode is not ``off``, by slug."""
        return {slug: mode for slug, mode in sorted(self.providers.items()) if mode is not Mode.OFF}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AutomationSettings:
        """Read stored settings; anything unreadable counts as off (never as on)."""
        data = data or {}
        providers: dict[str, Mode] = {}
        for slug, mode in dict(data.get("providers") or {}).items():
            try:
                providers[str(slug)] = Mode(mode)
            except ValueError:
                continue
        return cls(
            kill_switch=data.get("kill_switch") is True,
            providers=providers,
            intent_max_age_days=_positive(data.get("intent_max_age_days"), DEFAULT_INTENT_MAX_AGE_DAYS),
            rate_limit_per_hour=_positive(data.get("rate_limit_per_hour"), DEFAULT_RATE_LIMIT_PER_HOUR),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kill_switch": self.kill_switch,
            "providers": {slug: mode.value for slug, mode in sorted(self.providers.items())},
            "intent_max_age_days": self.intent_max_age_days,
            "rate_limit_per_hour": self.rate_limit_per_hour,
        }

    def changed(
        self,
        *,
        known_providers: Iterable[str],
        kill_switch: bool | None = None,
        providers: Mapping[str, str] | None = None,
        intent_max_age_days: int | None = None,
        rate_limit_per_hour: int | None = None,
    ) -> AutomationSettings:
        """These settings with the given changes, validated whole (every bad field named at once)."""
        known = set(known_providers)
        problems: list[str] = []
        modes = dict(self.providers)
        for slug, value in (providers or {}).items():
            if slug not in known:
                problems.append(f"providers.{slug}: not a known provider")
                continue
            try:
                modes[slug] = Mode(value)
            except ValueError:
                problems.append(f"providers.{slug}: one of {', '.join(m.value for m in Mode)}, not {value!r}")
        for name, number, top in (
            ("intent_max_age_days", intent_max_age_days, 365),
            ("rate_limit_per_hour", rate_limit_per_hour, 1000),
        ):
            if number is not None and not 1 <= number <= top:
                problems.append(f"{name}: a whole number from 1 to {top}")
        if problems:
            raise InvalidAutomation("; ".join(problems))
        return AutomationSettings(
            kill_switch=self.kill_switch if kill_switch is None else kill_switch,
            providers={slug: mode for slug, mode in modes.items() if mode is not Mode.OFF},
            intent_max_age_days=intent_max_age_days or self.intent_max_age_days,
            rate_limit_per_hour=rate_limit_per_hour or self.rate_limit_per_hour,
        )


def _positive(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def allows(mode: Mode, *, dry_run: bool, by_person: bool) -> bool:
    """Whether ``mode`` lets this attempt run: a dry run in any mode but off; a real booking when a person
    asked in ``approve`` or ``auto``, or on its own only in ``auto``."""
    if mode is Mode.OFF:
        return False
    if dry_run:
        return True
    if mode is Mode.DRY_RUN:
        return False
    return by_person or mode is Mode.AUTO
