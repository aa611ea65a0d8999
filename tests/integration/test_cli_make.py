"""The Makefile's settings a newcomer reaches for: ``make run PORT=…`` and where the shared corpora are
(one setting, ``SHARED=`` or ``$SCHEDLINK_SHARED``, with a clear stop when they are not there)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DEFAULT_SHARED, SHARED_ENV, SharedNotFound, shared_dir

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.fail("make is not installed", pytrace=False)
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    environment.pop(SHARED_ENV, None)
    environment.pop("PORT", None)
    environment.pop("HOST", None)
    environment.update(env or {})
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=REPO, env=environment, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


def _shared_folder(root: Path) -> Path:
    (root / "corpus").mkdir(parents=True)
    (root / "fixtures").mkdir()
    return root


def test_make_run_serves_on_the_port_given() -> None:
    dry = _make("-n", "run", "PORT=8123")
    assert dry.returncode == 0, dry.stderr
    assert "schedlink demo --host 127.0.0.1 --port 8123" in dry.stdout
    assert "--port 8000" in _make("-n", "run").stdout


def test_make_eval_reads_the_shared_folder_from_one_setting(tmp_path: Path) -> None:
    folder = _shared_folder(tmp_path / "elsewhere")
    by_variable = _make("-n", "eval", f"SHARED={folder}")
    by_environment = _make("-n", "eval", env={SHARED_ENV: str(folder)})
    for dry in (by_variable, by_environment):
        assert dry.returncode == 0, dry.stderr
        assert f"schedlink eval {folder}/corpus/replies_dev.jsonl" in dry.stdout


def test_make_eval_stops_clearly_without_the_shared_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    for run in (_make("eval", f"SHARED={missing}"), _make("eval", env={SHARED_ENV: str(missing)})):
        assert run.returncode != 0
        assert f"shared folder '{missing}' has no corpus/ and fixtures/" in run.stderr
        assert "SHARED=DIR" in run.stderr
        assert SHARED_ENV in run.stderr


def test_make_test_hands_the_setting_to_the_tests(tmp_path: Path) -> None:
    folder = _shared_folder(tmp_path / "elsewhere")
    dry = _make("-n", "-p", "test", f"SHARED={folder}")
    assert f"SCHEDLINK_SHARED := {folder}" in dry.stdout


def test_the_tests_take_the_shared_folder_from_the_setting(tmp_path: Path) -> None:
    folder = _shared_folder(tmp_path / "elsewhere")
    assert shared_dir({SHARED_ENV: str(folder)}) == folder
    if (DEFAULT_SHARED / "corpus").is_dir() and (DEFAULT_SHARED / "fixtures").is_dir():
        assert shared_dir({}) == DEFAULT_SHARED  # ../shared beside the repository, when not set
    else:
        with pytest.raises(SharedNotFound, match=f"{SHARED_ENV} is not set"):
            shared_dir({})
    with pytest.raises(SharedNotFound) as caught:
        shared_dir({SHARED_ENV: str(tmp_path / "missing")})
    message = str(caught.value)
    assert str(tmp_path / "missing") in message
    assert f"set {SHARED_ENV}" in message
    assert "corpus/" in message
