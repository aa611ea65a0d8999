"""Analysis throughput on one core, beside two URL-finding libraries and a bare-regex floor.

The dev corpus is repeated to at least ``--messages`` replies. Every finder gets the same texts:
- urlextract ``find_urls`` and linkify-it-py ``match`` (peers: they only find URLs),
- the floor: one compiled ``https?://`` regex scan (no validation at all),
- schedlink link detection (normalise + detect, with unwrapping, provider rules and own-link exclusion),
- the full ``schedlink.analyze`` (detection, intent, act, time zone, windows).
Each is timed ``--repeat`` times and the median is reported.

Run: ``make bench`` (or ``python bench/analysis_throughput.py --corpus ../shared/corpus/replies_dev.jsonl``).
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from linkify_it import LinkifyIt
from urlextract import URLExtract

from schedlink.analysis import analyze
from schedlink.corpus import Case, read_cases
from schedlink.domain.detect import detect_links
from schedlink.normalise import normalise

_FLOOR = re.compile(r"https?://[^\s<>\"]+")


def _time(run: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _texts(cases: Sequence[Case]) -> list[str]:
    return [case.message.text + ("\n" + case.message.html if case.message.html else "") for case in cases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/replies_dev.jsonl"))
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    base = list(read_cases(args.corpus))
    cases = (base * (args.messages // len(base) + 1))[: max(args.messages, len(base))]
    texts = _texts(cases)
    count = len(cases)

    extractor = URLExtract()
    linkify = LinkifyIt()
    bodies = [normalise(case.message) for case in cases]

    finders: list[tuple[str, Callable[[], object]]] = [
        ("floor: compiled https?:// regex", lambda: [list(_FLOOR.finditer(t)) for t in texts]),
        ("urlextract find_urls", lambda: [extractor.find_urls(t) for t in texts]),
        ("linkify-it-py match", lambda: [linkify.match(t) for t in texts]),
        (
            "schedlink detect (pre-normalised)",
            lambda: [
                detect_links(b, c.workspace, c.message.lead) for b, c in zip(bodies, cases, strict=True)
            ],
        ),
        (
            "schedlink normalise + detect",
            lambda: [detect_links(normalise(c.message), c.workspace, c.message.lead) for c in cases],
        ),
        ("schedlink full analysis", lambda: [analyze(c.message, c.workspace) for c in cases]),
    ]
    results = [(name, count / _time(run, args.repeat)) for name, run in finders]
    rate = dict(results)
    urlextract_rate = rate["urlextract find_urls"]
    linkify_rate = rate["linkify-it-py match"]
    floor_rate = rate["floor: compiled https?:// regex"]

    print(f"{count:,} messages ({len(base)} distinct), one core, median of {args.repeat} runs")
    print(f"{'finder':36s} {'messages/s':>12s} {'vs urlextract':>14s} {'vs linkify':>11s} {'vs floor':>9s}")
    for name, value in results:
        print(
            f"{name:36s} {value:12,.0f} {value / urlextract_rate:13.1f}x {value / linkify_rate:10.1f}x"
            f" {value / floor_rate:8.3f}x"
        )
    detect_rate = rate["schedlink normalise + detect"]
    full_rate = rate["schedlink full analysis"]
    print()
    print(
        f"target: link detection faster than both libraries -> {'met' if detect_rate > max(urlextract_rate, linkify_rate) else 'NOT met'}"
    )
    print(
        f"target: full analysis >= 2,000 messages/s          -> {'met' if full_rate >= 2000 else 'NOT met'} ({full_rate:,.0f}/s)"
    )


if __name__ == "__main__":
    main()
