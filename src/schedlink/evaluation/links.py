"""Scoring URL classification against a labelled links corpus (``corpus/LINKS.md`` format).

Each record holds one URL occurrence as written (``raw``, with whatever debris surrounded it), whether it
is a booking link and its provider. The classifier reads ``raw`` the way detection reads prose: extract the
first URL, unwrap it, classify it. Shape-valid placeholders (``calendly.com/yourname``) count as booking
links here, as the corpus labels them; detection still never captures them. As a second check, detection
run on the record's ``context`` must meet the same canonical URL whenever ``raw`` stands in that context.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schedlink.domain.detect import Examined, detect_links, examine, link_key
from schedlink.domain.message import LeadContact, NormalisedBody, Workspace
from schedlink.domain.providers import bare_link_plausible
from schedlink.domain.urls import find_urls


@dataclass(frozen=True, slots=True)
class LinkMiss:
    """One record the classifier got wrong, or where detection on the context disagreed."""

    kind: str  # false_positive | false_negative | wrong_provider | context_disagrees
    raw: str
    expected_provider: str | None
    predicted_provider: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "expected_provider": self.expected_provider,
            "predicted_provider": self.predicted_provider,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class LinkScores:
    """Booking-link precision and recall, provider accuracy on true positives, context agreement, misses."""

    records: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    provider_correct: int
    context_checked: int
    context_agreed: int
    misses: tuple[LinkMiss, ...] = field(default=())

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def provider_accuracy(self) -> float:
        return self.provider_correct / self.true_positives if self.true_positives else 1.0

    @property
    def context_agreement(self) -> float:
        return self.context_agreed / self.context_checked if self.context_checked else 1.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "records": self.records,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "provider_accuracy": round(self.provider_accuracy, 4),
            "context_agreement": round(self.context_agreement, 4),
            "counts": {
                "tp": self.true_positives,
                "fp": self.false_positives,
                "fn": self.false_negatives,
                "tn": self.true_negatives,
                "provider_correct": self.provider_correct,
                "context_checked": self.context_checked,
                "context_agreed": self.context_agreed,
            },
            "misses": [miss.as_dict() for miss in self.misses],
        }


def classify_raw(raw: str) -> Examined | None:
    """The first URL in ``raw``, unwrapped and classified; ``None`` when ``raw`` holds no URL."""
    found = find_urls(raw, bare_host_ok=bare_link_plausible)
    return examine(found[0].url, found[0].raw) if found else None


def score_links(records: Iterable[dict[str, object]]) -> LinkScores:
    """Score the URL classifier (and detection on each context) against labelled records."""
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "provider": 0, "checked": 0, "agreed": 0}
    misses: list[LinkMiss] = []
    total = 0
    for record in records:
        total += 1
        raw = str(record.get("raw") or record.get("url") or "")
        expected = bool(record.get("is_booking_link"))
        expected_provider = _text(record.get("provider"))
        examined = classify_raw(raw)
        verdict = examined.recognition if examined else None
        predicted = bool(verdict and verdict.accepted)
        provider = verdict.provider if verdict and predicted else None
        reason = verdict.reason if verdict else "no URL found"
        if predicted and expected:
            counts["tp"] += 1
            if provider == expected_provider:
                counts["provider"] += 1
            else:
                misses.append(LinkMiss("wrong_provider", raw, expected_provider, provider, reason))
        elif predicted:
            counts["fp"] += 1
            misses.append(LinkMiss("false_positive", raw, expected_provider, provider, reason))
        elif expected:
            counts["fn"] += 1
            misses.append(LinkMiss("false_negative", raw, expected_provider, None, reason))
        else:
            counts["tn"] += 1
        context = str(record.get("context") or "")
        if examined is not None and raw and raw in context:
            counts["checked"] += 1
            if _context_agrees(context, examined):
                counts["agreed"] += 1
            else:
                misses.append(
                    LinkMiss(
                        "context_disagrees",
                        raw,
                        expected_provider,
                        provider,
                        "detection on the context differs",
                    )
                )
    return LinkScores(
        records=total,
        true_positives=counts["tp"],
        false_positives=counts["fp"],
        false_negatives=counts["fn"],
        true_negatives=counts["tn"],
        provider_correct=counts["provider"],
        context_checked=counts["checked"],
        context_agreed=counts["agreed"],
        misses=tuple(misses),
    )


def _context_agrees(context: str, examined: Examined) -> bool:
    wanted = link_key(examined.recognition.url or examined.target)
    detection = detect_links(NormalisedBody(new_text=context), Workspace(), LeadContact())
    return any(
        candidate.url is not None and link_key(candidate.url) == wanted for candidate in detection.candidates
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def format_link_scores(scores: LinkScores) -> str:
    """A plain-text table of the scores followed by the misses."""
    rows = [
        ("records", str(scores.records)),
        ("booking-link precision", f"{scores.precision:.3f}"),
        ("booking-link recall", f"{scores.recall:.3f}"),
        ("provider accuracy (TP)", f"{scores.provider_accuracy:.3f}"),
        (
            "context agreement",
            f"{scores.context_agreement:.3f} ({scores.context_agreed}/{scores.context_checked})",
        ),
        (
            "tp / fp / fn / tn",
            f"{scores.true_positives} / {scores.false_positives} / "
            f"{scores.false_negatives} / {scores.true_negatives}",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name.ljust(width)}  {value}" for name, value in rows]
    if scores.misses:
        lines.append("")
        lines.append(f"misses ({len(scores.misses)}):")
        for miss in scores.misses:
            lines.append(
                f"  {miss.kind:<18} expected={miss.expected_provider or '-':<12} "
                f"got={miss.predicted_provider or '-':<12} {miss.raw[:100]}  ({miss.reason})"
            )
    return "\n".join(lines)
