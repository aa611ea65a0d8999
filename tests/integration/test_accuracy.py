"""The analysis meets its accuracy targets on the shared development corpora and on the real-mail sets
in ``tests/fixtures/corpora`` (signature calls to action, chat-style links, forwarded introductions):
a regression guard."""

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


_OWN_SETS = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"


def test_a_signature_call_to_action_never_acts() -> None:
    scores = _scores(_OWN_SETS / "signatures.jsonl")

    assert scores["cases"] >= 150
    assert scores["act_precision"] == 1.0
    assert scores["act_recall"] >= 0.95
    assert scores["accuracy"]["link"] >= 0.99
    assert scores["accuracy"]["intent"] >= 0.95


def test_chat_style_links_are_read() -> None:
    scores = _scores(_OWN_SETS / "chat_links.jsonl")

    assert scores["cases"] >= 50
    assert scores["act_precision"] == 1.0
    assert scores["act_recall"] >= 0.95
    assert scores["accuracy"]["link"] >= 0.98


def test_forwarded_introductions_act_on_the_colleagues_link() -> None:
    scores = _scores(_OWN_SETS / "forwarded_intros.jsonl")

    assert scores["cases"] >= 50
    assert scores["act_precision"] == 1.0
    assert scores["act_recall"] >= 0.9
    assert scores["accuracy"]["link"] >= 0.98
    assert scores["accuracy"]["intent"] >= 0.8


def test_time_words_read_fixed_offset_zones_foreign_zone_words_and_day_words() -> None:
    scores = _scores(_OWN_SETS / "time_words.jsonl")

    assert scores["cases"] >= 90
    assert scores["accuracy"]["lead_timezone"] >= 0.98
    assert scores["accuracy"]["lead_windows"] >= 0.95


def test_added_providers_are_recognised_and_their_near_misses_are_not() -> None:
    scores = _scores(_OWN_SETS / "providers_links.jsonl")

    assert scores["records"] >= 70
    assert scores["precision"] == 1.0
    assert scores["recall"] == 1.0
    assert scores["provider_accuracy"] == 1.0
    assert scores["context_agreement"] == 1.0
