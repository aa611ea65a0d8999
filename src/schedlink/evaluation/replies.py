"""Scoring the whole analysis against a labelled reply corpus, with the corpus' own comparison rules.

The rules (corpus/SCHEMA.md) are deliberately lenient where lenience is harmless (a link matches without
its query string; a zone matches another with the same offsets) and strict where it matters (``act``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.analysis import Analysis
from schedlink.corpus import Case
from schedlink.domain.providers.base import words

FIELDS = ("link", "provider", "intent", "act", "lead_timezone", "lead_windows")
_HALF_YEAR = timedelta(days=182)
# The corpus' provider vocabulary (corpus/SCHEMA.md): any provider it does not list is labelled ``other``.
CORPUS_PROVIDERS = words(
    """
    calendly calcom gohighlevel hubspot google microsoft acuity savvycal chilipiper youcanbookme tidycal
    zcal zoho oncehub doodle setmore square koalendar vyte motion reclaim vimcal zoom simplybook amie
    clockwise notion other
    """
)
_WINDOW_MATCH = 0.9


def same_link(a: str | None, b: str | None) -> bool:
    """Equal after lower-casing scheme/host/path, dropping ``www.``, query, fragment and trailing ``/``."""
    if a is None or b is None:
        return a is b
    return _link_key(a) == _link_key(b)


def _link_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{parts.scheme.lower()}://{host}{parts.path.lower()}".rstrip("/")


def same_provider(predicted: str | None, expected: str | None) -> bool:
    """Equal in the corpus' vocabulary: a provider it does not list (``appointlet``) reads as ``other``."""
    if predicted is not None and predicted not in CORPUS_PROVIDERS:
        predicted = "other"
    return predicted == expected


def same_zone(a: str | None, b: str | None, at: datetime) -> bool:
    """Same zone, or the same UTC offset at ``at`` and half a year later."""
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    try:
        za, zb = ZoneInfo(a), ZoneInfo(b)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return all(
        moment.astimezone(za).utcoffset() == moment.astimezone(zb).utcoffset()
        for moment in (at, at + _HALF_YEAR)
    )


Span = tuple[datetime, datetime]


def same_windows(predicted: list[Span], expected: list[Span] | None) -> bool:
    """Both empty, or the overlap of the two sets of time is at least 90% of their union."""
    if not expected:
        return not predicted
    if not predicted:
        return False
    a, b = _merge(predicted), _merge(expected)
    union = _length(_merge(a + b))
    overlap = sum(max(0.0, (min(e1, e2) - max(s1, s2)).total_seconds()) for s1, e1 in a for s2, e2 in b)
    return union > 0 and overlap / union >= _WINDOW_MATCH


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(spans: list[Span]) -> float:
    return sum((end - start).total_seconds() for start, end in spans)


def _parse_spans(raw: object) -> list[Span] | None:
    if not raw:
        return None
    assert isinstance(raw, list)
    return [(datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in raw]


@dataclass
class ReplyScores:
    """Per-field accuracy, act precision/recall and the intent confusion matrix."""

    total: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    act_tp: int = 0
    act_fp: int = 0
    act_fn: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.total if self.total else 0.0

    @property
    def act_precision(self) -> float:
        predicted = self.act_tp + self.act_fp
        return self.act_tp / predicted if predicted else 1.0

    @property
    def act_recall(self) -> float:
        actual = self.act_tp + self.act_fn
        return self.act_tp / actual if actual else 1.0

    def add(self, case: Case, analysis: Analysis) -> dict[str, Any]:
        """Score one case; returns the prediction line written by ``--predictions``."""
        prediction = prediction_of(case.id, analysis)
        expected = case.expected
        at = case.message.received_at
        checks = {
            "link": same_link(prediction["link"], expected.get("link")),
            "provider": same_provider(prediction["provider"], expected.get("provider")),
            "intent": prediction["intent"] == expected.get("intent"),
            "act": prediction["act"] == bool(expected.get("act")),
            "lead_timezone": same_zone(prediction["lead_timezone"], expected.get("lead_timezone"), at),
            "lead_windows": same_windows(
                [(w.start, w.end) for w in analysis.lead_windows], _parse_spans(expected.get("lead_windows"))
            ),
        }
        self.total += 1
        for name, ok in checks.items():
            if ok:
                self.correct[name] += 1
            else:
                self.misses.setdefault(name, []).append(case.id)
        want_act = bool(expected.get("act"))
        self.act_tp += prediction["act"] and want_act
        self.act_fp += prediction["act"] and not want_act
        self.act_fn += want_act and not prediction["act"]
        self.confusion[(str(expected.get("intent")), prediction["intent"])] += 1
        return prediction

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.total,
            "accuracy": {name: round(self.accuracy(name), 4) for name in FIELDS},
            "act_precision": round(self.act_precision, 4),
            "act_recall": round(self.act_recall, 4),
            "act_counts": {"tp": self.act_tp, "fp": self.act_fp, "fn": self.act_fn},
            "intent_confusion": {
                f"{want}->{got}": count for (want, got), count in sorted(self.confusion.items())
            },
            "misses": self.misses,
        }


def prediction_of(case_id: str, analysis: Analysis) -> dict[str, Any]:
    """The ``--predictions`` line for one case: ``{"id","link","provider","intent","act",...}``."""
    link = analysis.link
    return {
        "id": case_id,
        "link": link.url if link else None,
        "provider": link.provider if link else None,
        "intent": analysis.intent.intent.value,
        "act": analysis.act,
        "lead_timezone": analysis.lead_timezone,
        "lead_windows": [[w.start.isoformat(), w.end.isoformat()] for w in analysis.lead_windows] or None,
    }


def intents_in(scores: ReplyScores) -> list[str]:
    """Intent labels seen on either side of the confusion matrix, in a stable order."""
    labels: Iterable[str] = {label for pair in scores.confusion for label in pair}
    return sorted(labels)
