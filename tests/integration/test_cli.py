"""The command line over real files: scan and eval, including their error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schedlink.cli import app

pytestmark = pytest.mark.integration

_REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

_CASES: list[dict[str, object]] = [
    {
        "id": "c-1",
        "channel": "email",
        "received_at": "2026-11-10T16:42:00Z",
        "workspace": {
            "timezone": "America/New_York",
            "own_links": ["https://calendly.com/acme-sales/intro"],
            "own_domains": ["acme.io"],
        },
        "lead": {"name": "Jo Reyes", "email": "jo@reyes.example", "phone": None},
        "subject": "Re: intro",
        "text": (
            "Hi Sam,\n\nPlease book through my calendar instead: https://calendly.com/jo-reyes/30min\n\nJo\n\n"
            "On Mon, Nov 9, 2026 at 9:15 AM Sam Lee <sam@acme.io> wrote:\n> Grab a time: https://calendly.com/acme-sales/intro"
        ),
        "html": None,
        "expected": {
            "link": "https://calendly.com/jo-reyes/30min",
            "provider": "calendly",
            "intent": "book_via_link",
            "act": True,
            "lead_timezone": None,
            "lead_windows": None,
        },
    },
    {
        "id": "c-2",
        "channel": "sms",
        "received_at": "2026-11-10T16:42:00Z",
        "workspace": {"timezone": "America/New_York", "own_links": [], "own_domains": []},
        "lead": {"name": None, "email": None, "phone": "+13125550148"},
        "subject": None,
        "text": "STOP",
        "html": None,
        "expected": {
            "link": None,
            "provider": None,
            "intent": "unsubscribe",
            "act": False,
            "lead_timezone": None,
            "lead_windows": None,
        },
    },
]


def _corpus(tmp_path: Path, cases: list[dict[str, object]] = _CASES) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(case) for case in cases) + "\n")
    return path


def test_scan_reads_eml_and_prints_the_analysis_as_json() -> None:
    result = runner.invoke(
        app,
        [
            "scan",
            str(_REPO / "examples" / "reply.eml"),
            "--own-link",
            "https://calendly.com/acme-sales/intro",
        ],
    )

    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert (analysis["link"], analysis["provider"], analysis["region"]) == (
        "https://calendly.com/jordan-reyes/30min",
        "calendly",
        "new",
    )
    assert analysis["act"] is True
    assert any(c["kept"] is False and "acme-sales" in c["raw"] for c in analysis["candidates"])


def test_scan_reads_a_json_message_with_its_workspace_from_stdin() -> None:
    result = runner.invoke(app, ["scan", "-"], input=json.dumps(_CASES[0]))

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["link"] == "https://calendly.com/jo-reyes/30min"


def test_scan_reads_plain_text_from_stdin() -> None:
    result = runner.invoke(app, ["scan", "-"], input="not now, thanks")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["link"] is None


def test_scan_reports_a_missing_file_clearly() -> None:
    result = runner.invoke(app, ["scan", "/nonexistent/reply.eml"])

    assert result.exit_code == 2
    assert "no such file" in result.output


def test_eval_prints_scores_and_writes_predictions(tmp_path: Path) -> None:
    predictions = tmp_path / "out.jsonl"

    result = runner.invoke(app, ["eval", str(_corpus(tmp_path)), "--json", "--predictions", str(predictions)])

    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["cases"] == 2
    assert scores["accuracy"]["link"] == 1.0
    assert scores["act_counts"] == {"tp": 1, "fp": 0, "fn": 0}
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c-1", "c-2"]
    assert set(lines[0]) == {"id", "link", "provider", "intent", "act", "lead_timezone", "lead_windows"}


def test_eval_table_output_names_every_field(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(_corpus(tmp_path))])

    assert result.exit_code == 0, result.output
    for name in ("link", "provider", "intent", "act precision", "act recall", "lead_windows", "confusion"):
        assert name in result.stdout


def test_eval_names_the_bad_line_of_a_malformed_corpus(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_CASES[0]) + "\n{oops\n")

    result = runner.invoke(app, ["eval", str(path)])

    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output


def test_eval_scores_a_links_corpus(tmp_path: Path) -> None:
    path = tmp_path / "links.jsonl"
    records = [
        {"url": "https://calendly.com/jo/30min", "raw": "calendly.com/jo/30min", "provider": "calendly",
         "is_booking_link": True, "context": "book at calendly.com/jo/30min", "flags": []},
        {"url": "https://calendly.com/blog/x", "raw": "https://calendly.com/blog/x", "provider": None,
         "is_booking_link": False, "context": "read https://calendly.com/blog/x", "flags": []},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records))

    result = runner.invoke(app, ["eval", str(path), "--json"])

    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout


def test_version_option_prints_the_installed_version() -> None:
    result = runner.invoke(app, ["--version"])

    assert result.exit_code == 0
    assert result.stdout.startswith("schedlink ")


def test_eval_handles_a_large_corpus_with_progress(tmp_path: Path) -> None:
    path = _corpus(tmp_path, _CASES * 300)

    result = runner.invoke(app, ["eval", str(path), "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases"] == 600
