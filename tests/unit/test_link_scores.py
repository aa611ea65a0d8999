from __future__ import annotations

import pytest

from schedlink.evaluation.links import classify_raw, format_link_scores, score_links

pytestmark = pytest.mark.unit

RECORDS: list[dict[str, object]] = [
    {
        "raw": "https://calendly.com/ana-ruiz/30min).",
        "provider": "calendly",
        "is_booking_link": True,
        "context": "Book a call via [my page](https://calendly.com/ana-ruiz/30min).",
    },
    {
        "raw": "cal.com/ben-ode",
        "provider": "calcom",
        "is_booking_link": True,
        "context": "ping me: cal.com/ben-ode",
    },
    {"raw": "https://calendly.com/blog/tips", "provider": None, "is_booking_link": False, "context": ""},
    {"raw": "https://app.reclaim.ai/m/kai", "provider": "motion", "is_booking_link": True, "context": ""},
    {"raw": "https://example.org/book", "provider": "other", "is_booking_link": True, "context": ""},
    {"raw": "https://cal.com/jo/intro", "provider": None, "is_booking_link": False, "context": ""},
]


def test_score_links_counts_precision_recall_and_provider() -> None:
    scores = score_links(RECORDS)
    assert (
        scores.true_positives,
        scores.false_positives,
        scores.false_negatives,
        scores.true_negatives,
        scores.provider_correct,
        scores.context_checked,
        scores.context_agreed,
    ) == (3, 1, 1, 1, 2, 2, 2)
    assert (round(scores.precision, 3), round(scores.recall, 3), round(scores.provider_accuracy, 3)) == (
        0.75,
        0.75,
        0.667,
    )


def test_score_links_lists_misses_by_kind() -> None:
    kinds = [(m.kind, m.raw) for m in score_links(RECORDS).misses]
    assert kinds == [
        ("wrong_provider", "https://app.reclaim.ai/m/kai"),
        ("false_negative", "https://example.org/book"),
        ("false_positive", "https://cal.com/jo/intro"),
    ]


def test_link_scores_as_dict_and_table() -> None:
    scores = score_links(RECORDS[:3])
    as_dict = scores.as_dict()
    table = format_link_scores(scores)
    assert (as_dict["precision"], as_dict["recall"], as_dict["misses"], table.splitlines()[1]) == (
        1.0,
        1.0,
        [],
        "booking-link precision  1.000",
    )


def test_classify_raw_reads_the_first_url_through_debris() -> None:
    examined = classify_raw("<https://www.vyte.in/ana-ruiz</Frame>")
    assert examined is not None
    assert (examined.recognition.provider, examined.recognition.url) == (
        "vyte",
        "https://www.vyte.in/ana-ruiz",
    )


def test_score_links_empty_corpus() -> None:
    scores = score_links([])
    assert (scores.records, scores.precision, scores.recall, scores.provider_accuracy) == (0, 1.0, 1.0, 1.0)
