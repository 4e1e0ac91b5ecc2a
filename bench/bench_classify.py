"""Benchmark of the need classifier on real needs' words (issue 14, item 6).

    python bench/bench_classify.py [--quick]

Classifies the texts of the real corpus's dev part and of ``needs_labeled.csv`` (repeated to
``n`` needs, shuffled, seeded) and prints needs/s after start-up for

* zero-shot (whole-word lexical evidence + calibrated ranking, :class:`NeedClassifier`),
* trained (the same plus the supervised model trained on ``needs_labeled.csv``),

against two baselines from the same run: Kiwi analysis alone (``analyse_many``: the floor any
classifier here pays) and the former token-bag zero-shot scorer (``ZeroShotClassifier`` on
``tokenize_many``). Target: ≥ 500 needs/s per core. Times are CPU seconds of this process
(``time.process_time``) pinned to one core, best of two runs, because the 2-core box is
shared.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    ROOT / "tests" / "data" / "classify" / "real" / "dev.csv",
    ROOT / "tests" / "data" / "classify" / "needs_labeled.csv",
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _cpu(repeats: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 needs instead of 10,000")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from axpartners.classify.classifier import NeedClassifier
    from axpartners.classify.features import analyse_many
    from axpartners.classify.zeroshot import default_zero_shot
    from axpartners.text.morph import tokenize_many

    rows = [r for path in SOURCES for r in _rows(path)]
    labelled = _rows(SOURCES[1])
    n = 2000 if args.quick else 10_000
    rng = random.Random(0)
    texts = [rows[rng.randrange(len(rows))]["text"] for _ in range(n)]
    chars = sum(len(t) for t in texts) / n
    start = time.perf_counter()
    zero_shot = NeedClassifier()
    zero_shot.classify_many(texts[:50])
    startup = time.perf_counter() - start
    trained = NeedClassifier.train([r["text"] for r in labelled], [r["label"] for r in labelled])
    old = default_zero_shot()
    measures = [
        ("Kiwi analysis alone (analyse_many)", lambda: analyse_many(texts)),
        ("former token-bag zero-shot", lambda: old.predict_proba(tokenize_many(texts))),
        ("classify zero-shot", lambda: zero_shot.classify_many(texts)),
        ("classify trained", lambda: trained.classify_many(texts)),
    ]
    rates = {name: n / _cpu(2, fn) for name, fn in measures}
    floor = rates["Kiwi analysis alone (analyse_many)"]
    print(f"{n:,} needs of {chars:.0f} characters on average; start-up {startup:.1f} s (wall)\n")
    print("| measure | needs/s per core | vs Kiwi alone | target |")
    print("|---|---:|---:|---|")
    for name, rate in rates.items():
        target = "≥ 500" if name.startswith("classify") else ""
        met = " (met)" if target and rate >= 500 else (" (NOT met)" if target else "")
        print(f"| {name} | {rate:,.0f} | {rate / floor:.2f} | {target}{met} |")


if __name__ == "__main__":
    main()
