from __future__ import annotations

import json
from pathlib import Path

import pytest

from schedlink.corpus import read_cases
from schedlink.errors import CorpusError

pytestmark = pytest.mark.unit

_CASE = {
    "id": "t-1",
    "channel": "sms",
    "received_at": "2026-03-03T15:04:00Z",
    "workspace": {
        "timezone": "America/New_York",
        "own_links": ["https://calendly.com/acme/intro"],
        "own_domains": [],
    },
    "lead": {"name": "Jo", "email": None, "phone": "+13125550148"},
    "subject": None,
    "text": "book me at cal.com/jo",
    "html": None,
    "expected": {"link": "https://cal.com/jo", "intent": "book_via_link", "act": True},
}


def _write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines))
    return path


def test_read_cases_builds_message_and_workspace(tmp_path: Path) -> None:
    (case,) = read_cases(_write(tmp_path, _CASE, ""))

    assert case.id == "t-1"
    assert case.message.channel == "sms"
    assert case.message.lead.phone == "+13125550148"
    assert case.message.received_at.isoformat() == "2026-03-03T15:04:00+00:00"
    assert case.workspace.own_links == ("https://calendly.com/acme/intro",)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", ":1: not valid JSON"),
        ("[1, 2]", ":1: expected a JSON object"),
        (json.dumps({**_CASE, "expected": None}), ":1: 'expected' must be an object"),
        (json.dumps({**_CASE, "text": 5}), ":1: 'text' must be a string"),
        (json.dumps({**_CASE, "received_at": "yesterday"}), ":1: 'received_at' is not ISO 8601"),
        (json.dumps({**_CASE, "workspace": {"own_links": "x"}}), ":1: 'own_links' must be a list of strings"),
        (json.dumps({**_CASE, "text": None, "html": None}), ":1: needs 'text' or 'html'"),
    ],
    ids=["bad-json", "not-object", "no-expected", "text-type", "bad-time", "own-links-type", "no-body"],
)
def test_read_cases_rejects_malformed_lines_with_their_location(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(CorpusError, match=message):
        list(read_cases(_write(tmp_path, line)))
