"""The analysis meets its accuracy targets on the shared development corpora (a regression guard)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from schedlink.cli import app

pytestmark = pytest.mark.integration

runner = CliRunner()


def _scores(corpus: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    scores: dict[str, Any] = json.loads(result.stdout)
    return scores


def test_replies_corpus_meets_every_target(shared_corpus: Path) -> None:
    scores = _scores(shared_corpus / "replies_dev.jsonl")
    accuracy = scores["accuracy"]

    assert accuracy["link"] >= 0.97
    assert accuracy["provider"] >= 0.97
    assert accuracy["intent"] >= 0.90
    assert accuracy["lead_timezone"] >= 0.90
    assert accuracy["lead_windows"] >= 0.80
    assert scores["act_precision"] >= 0.99
    assert scores["act_recall"] >= 0.95


def test_links_corpus_meets_every_target(shared_corpus: Path) -> None:
    scores = _scores(shared_corpus / "links_dev.jsonl")

    assert scores["precision"] >= 0.97
    assert scores["recall"] >= 0.97
    assert scores["provider_accuracy"] >= 0.97
