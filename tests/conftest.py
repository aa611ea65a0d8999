"""Cross-layer test fixtures: where the shared third-party fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from db_fixtures import database_url, db, postgres_template, sqlite_template
from queue_fixtures import redis_url

__all__ = ["database_url", "db", "postgres_template", "redis_url", "sqlite_template"]

_REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared fixtures folder; tests read third-party files in place rather than copying them."""
    candidates = [os.environ.get("SCHEDLINK_SHARED_DIR"), _REPO.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate)
    raise RuntimeError("shared fixtures not found: set SCHEDLINK_SHARED_DIR to the folder holding fixtures/")


@pytest.fixture(scope="session")
def email_fixtures() -> Path:
    return shared_dir() / "fixtures" / "email"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    return shared_dir() / "corpus"
