from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schedlink.evaluation.replies import same_link, same_windows, same_zone

pytestmark = pytest.mark.unit

_AT = datetime(2026, 3, 3, 15, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://calendly.com/jane/30min", "https://www.Calendly.com/Jane/30min/", True),
        ("https://calendly.com/jane/30min?utm_source=x", "https://calendly.com/jane/30min", True),
        ("https://x.zohobookings.com/#/a", "https://x.zohobookings.com/#/b", True),
        ("https://calendly.com/jane/30min", "https://calendly.com/jane/60min", False),
        ("http://calendly.com/jane", "https://calendly.com/jane", False),
        (None, None, True),
        ("https://calendly.com/jane", None, False),
    ],
)
def test_same_link_follows_the_corpus_rule(a: str | None, b: str | None, same: bool) -> None:
    assert same_link(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("America/Toronto", "America/New_York", True),
        ("America/Phoenix", "America/Denver", False),
        ("Europe/London", "Europe/Lisbon", True),
        ("Europe/Berlin", "Europe/Paris", True),
        ("Asia/Kolkata", "Asia/Kolkata", True),
        ("Not/AZone", "Europe/Paris", False),
        (None, "Europe/Paris", False),
        (None, None, True),
    ],
)
def test_same_zone_compares_offsets_now_and_half_a_year_later(
    a: str | None, b: str | None, same: bool
) -> None:
    assert same_zone(a, b, _AT) is same


def _span(start: str, end: str) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(start), datetime.fromisoformat(end)


def test_same_windows_needs_ninety_percent_overlap_of_the_union() -> None:
    expected = [_span("2026-03-05T14:00:00-06:00", "2026-03-05T17:00:00-06:00")]
    close = [_span("2026-03-05T14:00:00-06:00", "2026-03-05T16:50:00-06:00")]
    short = [_span("2026-03-05T14:00:00-06:00", "2026-03-05T16:00:00-06:00")]

    assert same_windows(close, expected)
    assert not same_windows(short, expected)


def test_same_windows_treats_empty_and_none_as_no_windows() -> None:
    assert same_windows([], None)
    assert not same_windows([_span("2026-03-05T14:00:00Z", "2026-03-05T15:00:00Z")], None)
    assert not same_windows([], [_span("2026-03-05T14:00:00Z", "2026-03-05T15:00:00Z")])


def test_same_windows_compares_instants_across_zones() -> None:
    expected = [_span("2026-03-05T14:00:00-06:00", "2026-03-05T15:00:00-06:00")]
    predicted = [_span("2026-03-05T20:00:00+00:00", "2026-03-05T21:00:00+00:00")]

    assert same_windows(predicted, expected)
