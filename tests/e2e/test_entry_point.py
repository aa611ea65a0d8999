"""The installed ``schedlink`` command, as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

_REPO = Path(__file__).resolve().parents[2]


def _schedlink() -> list[str]:
    installed = Path(sys.executable).parent / "schedlink"
    if installed.exists():
        return [str(installed)]
    found = shutil.which("schedlink")
    assert found, "the schedlink entry point is not installed"
    return [found]


def test_installed_command_scans_the_readme_sample() -> None:
    completed = subprocess.run(
        [*_schedlink(), "scan", str(_REPO / "examples" / "reply.eml"), "--timezone", "America/New_York",
         "--own-link", "https://calendly.com/acme-sales/intro", "--own-domain", "acme.io"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert completed.returncode == 0, completed.stderr
    analysis = json.loads(completed.stdout)
    assert analysis["link"] == "https://calendly.com/jordan-reyes/30min"
    assert analysis["intent"] == "book_via_link"
    assert analysis["act"] is True
    assert analysis["lead_timezone"] == "America/Chicago"
    assert len(analysis["lead_windows"]) == 2


def test_installed_command_prints_help() -> None:
    completed = subprocess.run(
        [*_schedlink(), "--help"], capture_output=True, text=True, timeout=60, check=False
    )

    assert completed.returncode == 0
    assert "scan" in completed.stdout
    assert "eval" in completed.stdout
