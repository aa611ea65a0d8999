"""Cross-layer test fixtures, and where the shared third-party fixtures and corpora live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from db_fixtures import database_url, db, postgres_template, sqlite_template

# Command output is read back by the tests: a wide terminal keeps long temporary paths (longer still
# under parallel workers) on one line instead of wrapped where the console's width happens to fall.
os.environ["COLUMNS"] = "400"
from queue_fixtures import redis_url

__all__ = ["database_url", "db", "postgres_template", "redis_url", "sqlite_template"]

_REPO = Path(__file__).resolve().parents[1]
SHARED_ENV = "SCHEDLINK_SHARED"
DEFAULT_SHARED = _REPO.parent / "shared"


class SharedNotFound(RuntimeError):
    """The shared folder is not where the one setting says."""


def shared_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The shared folder (``corpus/`` and ``fixtures/``), read in place rather than copied. One setting
    says where: ``$SCHEDLINK_SHARED`` (``make test SHARED=…`` sets it), else ``../shared`` beside the
    repository."""
    configured = environ.get(SHARED_ENV, "").strip()
    folder = Path(configured).expanduser() if configured else DEFAULT_SHARED
    source = f"${SHARED_ENV}" if configured else f"the default (${SHARED_ENV} is not set)"
    missing = [part for part in ("corpus", "fixtures") if not (folder / part).is_dir()]
    if missing:
        raise SharedNotFound(
            f"shared folder {folder} from {source} has no {' or '.join(f'{part}/' for part in missing)}: "
            f"set {SHARED_ENV} (or `make test SHARED=DIR`) to the folder holding corpus/ and fixtures/"
        )
    return folder


def _shared() -> Path:
    try:
        return shared_dir()
    except SharedNotFound as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def email_fixtures() -> Path:
    return _shared() / "fixtures" / "email"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    return _shared() / "corpus"


# Files whose tests start many processes of their own (workers killed and restarted, servers by the
# dozen): in a split run they share one test process, one after another, never beside each other.
MANY_PROCESSES = frozenset(
    {
        "tests/e2e/test_booking_chaos.py",
        "tests/e2e/test_browser_chaos.py",
        "tests/e2e/test_browser_worker.py",
        "tests/e2e/test_concurrent_delivery.py",
    }
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadfile`` (``make test``): a file's tests stay together, in their order, in one
    process — its module-scoped servers and browsers start once, and no test depends on which process
    its neighbours ran in — and the files of :data:`MANY_PROCESSES` form one unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    # In collection order (tests/e2e first), not largest file first: the many-process unit, the longest
    # of all but few tests, then starts at once beside the rest instead of running alone at the end.
    config.option.loadscopereorder = False

    class FilesTogether(LoadScopeScheduling):  # type: ignore[misc]  # xdist ships no types
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "many-processes" if path in MANY_PROCESSES else path

    return FilesTogether(config, log)
