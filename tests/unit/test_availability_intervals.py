"""UTC intervals: validation, JSON form, and the set operations free time is built from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from schedlink.domain.availability import Interval, clip, intersect, merge, subtract, total_seconds

pytestmark = pytest.mark.unit


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def iv(start_hour: float, end_hour: float) -> Interval:
    """An interval on 2026-03-10 given in (possibly fractional) hours."""
    base = at(0)
    return Interval(base + timedelta(hours=start_hour), base + timedelta(hours=end_hour))


class TestInterval:
    def test_other_zones_are_converted_to_utc(self) -> None:
        berlin = datetime(2026, 3, 10, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        interval = Interval(berlin, berlin + timedelta(hours=1))
        assert interval.start == at(14)
        assert interval.start.tzinfo is UTC
        assert interval.end.tzinfo is UTC

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            (datetime(2026, 3, 10, 9), at(10), "time zone"),
            (at(9), datetime(2026, 3, 10, 10), "time zone"),
            (at(10), at(10), "end after it starts"),
            (at(11), at(10), "end after it starts"),
        ],
    )
    def test_bad_intervals_are_refused(self, start: datetime, end: datetime, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            Interval(start, end)

    def test_a_date_is_not_a_datetime(self) -> None:
        with pytest.raises(ValueError, match="must be a datetime"):
            Interval(at(9).date(), at(10))  # type: ignore[arg-type]

    def test_order_is_by_start_then_end(self) -> None:
        assert sorted([iv(2, 3), iv(1, 5), iv(1, 2)]) == [iv(1, 2), iv(1, 5), iv(2, 3)]

    def test_json_uses_z_and_whole_seconds(self) -> None:
        interval = Interval(at(14), at(14, 30) + timedelta(seconds=5, microseconds=999))
        assert interval.to_json() == {"start": "2026-03-10T14:00:00Z", "end": "2026-03-10T14:30:05Z"}

    @pytest.mark.parametrize(
        "data",
        [
            {"start": "2026-03-10T14:00:00Z", "end": "2026-03-10T15:00:00Z"},
            {"start": "2026-03-10T14:00:00+00:00", "end": "2026-03-10T15:00:00+00:00"},
            {"start": "2026-03-10T10:00:00-04:00", "end": "2026-03-10T20:45:00+05:45"},
        ],
    )
    def test_json_accepts_any_offset(self, data: dict[str, str]) -> None:
        interval = Interval.from_json(data)
        assert interval == Interval(at(14), at(15))
        assert interval.start.tzinfo is UTC
        assert Interval.from_json(interval.to_json()) == interval

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"start": "2026-03-10T14:00:00Z"}, "needs 'end'"),
            ({}, "needs 'start' and 'end'"),
            ({"start": "2026-03-10T14:00:00", "end": "2026-03-10T15:00:00Z"}, "needs a UTC offset"),
            ({"start": "yesterday", "end": "2026-03-10T15:00:00Z"}, "not an ISO 8601"),
            ({"start": 1773151200, "end": "2026-03-10T15:00:00Z"}, "must be an ISO 8601 string"),
            ({"start": "2026-03-10T15:00:00Z", "end": "2026-03-10T14:00:00Z"}, "end after it starts"),
            (["2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z"], "must be an object"),
        ],
    )
    def test_bad_json_is_a_value_error(self, data: object, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            Interval.from_json(data)  # type: ignore[arg-type]


class TestMerge:
    def test_empty(self) -> None:
        assert merge([]) == []

    def test_overlapping_touching_and_contained_are_joined(self) -> None:
        assert merge([iv(5, 6), iv(1, 3), iv(3, 4), iv(2, 2.5), iv(8, 9), iv(8, 9)]) == [
            iv(1, 4),
            iv(5, 6),
            iv(8, 9),
        ]

    def test_a_gap_of_one_second_keeps_intervals_apart(self) -> None:
        first = Interval(at(9), at(10))
        second = Interval(at(10) + timedelta(seconds=1), at(11))
        assert merge([second, first]) == [first, second]

    def test_accepts_any_iterable(self) -> None:
        assert merge(x for x in (iv(3, 4), iv(1, 2))) == [iv(1, 2), iv(3, 4)]


class TestSubtract:
    def test_nothing_busy_merges_free(self) -> None:
        assert subtract([iv(9, 12), iv(11, 17)], []) == [iv(9, 17)]

    def test_nothing_free(self) -> None:
        assert subtract([], [iv(9, 10)]) == []

    def test_busy_touching_the_edges_changes_nothing(self) -> None:
        assert subtract([iv(9, 17)], [iv(8, 9), iv(17, 18)]) == [iv(9, 17)]

    def test_busy_inside_splits_free(self) -> None:
        assert subtract([iv(9, 17)], [iv(12, 13), iv(10, 10.5)]) == [iv(9, 10), iv(10.5, 12), iv(13, 17)]

    def test_busy_covering_everything_leaves_nothing(self) -> None:
        assert subtract([iv(9, 12), iv(13, 17)], [iv(8, 18)]) == []

    def test_one_busy_across_two_free_stretches(self) -> None:
        assert subtract([iv(9, 12), iv(13, 17)], [iv(11, 14)]) == [iv(9, 11), iv(14, 17)]

    def test_busy_at_start_and_end(self) -> None:
        assert subtract([iv(9, 17)], [iv(8, 9.5), iv(16.5, 20)]) == [iv(9.5, 16.5)]

    def test_overlapping_busy_is_handled_after_merging(self) -> None:
        assert subtract([iv(9, 17)], [iv(10, 12), iv(11, 13), iv(12.5, 12.75)]) == [iv(9, 10), iv(13, 17)]


class TestIntersect:
    def test_disjoint_and_touching_give_nothing(self) -> None:
        assert intersect([iv(9, 10)], [iv(10, 11)]) == []
        assert intersect([iv(9, 10)], [iv(12, 13)]) == []
        assert intersect([], [iv(9, 10)]) == []

    def test_contained_and_partial(self) -> None:
        assert intersect([iv(9, 17)], [iv(10, 11), iv(16, 18), iv(8, 9.5)]) == [
            iv(9, 9.5),
            iv(10, 11),
            iv(16, 17),
        ]

    def test_is_symmetric(self) -> None:
        a = [iv(1, 4), iv(6, 9), iv(10, 12)]
        b = [iv(3, 7), iv(8, 11)]
        assert intersect(a, b) == intersect(b, a) == [iv(3, 4), iv(6, 7), iv(8, 9), iv(10, 11)]


class TestClipAndTotal:
    def test_clip_keeps_the_parts_inside(self) -> None:
        assert clip([iv(1, 3), iv(5, 9)], at(2), at(6)) == [iv(2, 3), iv(5, 6)]

    def test_clip_to_an_empty_range(self) -> None:
        assert clip([iv(1, 3)], at(3), at(3)) == []
        assert clip([iv(1, 3)], at(3), at(2)) == []

    def test_clip_accepts_other_zones(self) -> None:
        plus_two = timezone(timedelta(hours=2))
        assert clip([iv(1, 9)], datetime(2026, 3, 10, 4, tzinfo=plus_two), at(5)) == [iv(2, 5)]

    def test_total_counts_overlaps_once(self) -> None:
        assert total_seconds([iv(1, 3), iv(2, 4), iv(6, 6.5)]) == 3.5 * 3600
        assert total_seconds([]) == 0
