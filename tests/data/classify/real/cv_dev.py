"""Honest figures on the dev part: 5-fold cross-validation of the shipped zero-shot classifier.

Usage (repository root)::

    PYTHONPATH=src python tests/data/classify/real/cv_dev.py [--k 3 --weight 1 --secondary 0.5]

The shipped term reliabilities (``term_weights.py``) and seed exemplars (``exemplars.py``) are
built from the dev part, so scoring dev with the shipped files is in-sample. Here each fold is
scored by a classifier whose reliabilities come from the other four folds plus
``needs_labeled.csv`` and whose seed exemplars are the other four folds only — exactly how the
shipped files are made, minus the fold. Folds: ``sha1(id) % 5``. Prints accuracy, top-2,
macro-F1 and the unclassified share, lexical only (no exemplars) and with exemplars.
The test part is not read.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from score import macro_f1  # noqa: E402
from term_weights import reliability_table  # noqa: E402

from axpartners.classify import exemplars  # noqa: E402
from axpartners.classify.classifier import NeedClassifier  # noqa: E402
from axpartners.classify.exemplars import ExemplarSet, ExemplarVote  # noqa: E402
from axpartners.classify.features import analyse_many  # noqa: E402
from axpartners.classify.lexical import LexicalScorer  # noqa: E402

FOLDS = 5


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def run(vote: ExemplarVote | None, *, errors: bool = False) -> dict[str, float]:
    dev = _read(HERE / "dev.csv")
    labelled = _read(HERE.parent / "needs_labeled.csv")
    docs = analyse_many([r["text"] for r in dev])
    fold = [int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % FOLDS for r in dev]
    first = [""] * len(dev)
    second = [""] * len(dev)
    for f in range(FOLDS):
        train = [i for i in range(len(dev)) if fold[i] != f]
        held = [i for i in range(len(dev)) if fold[i] == f]
        table, _ = reliability_table([dev[i] for i in train] + labelled)
        lexical = LexicalScorer(reliability=table)
        column = {label: j for j, label in enumerate(lexical.labels)}
        seed = ExemplarSet.build(
            [docs[i] for i in train],
            [column[dev[i]["label"]] for i in train],
            [column.get(dev[i]["label_2"], -1) for i in train],
        )
        if vote is None:
            seed = ExemplarSet.empty()
        classifier = NeedClassifier(zero_shot=lexical, seed=seed, vote=vote)
        for i, result in zip(
            held, classifier.classify_analysed([docs[i] for i in held]), strict=True
        ):
            first[i], second[i] = result.label, result.label_2
    gold = [r["label"] for r in dev]
    n = len(dev)
    if errors:
        pairs = Counter((g, p) for g, p in zip(gold, first, strict=True) if g != p)
        for (g, p), count in pairs.most_common(15):
            print(f"  {count:2d}  {g:24} -> {p}")
    return {
        "accuracy": sum(g == p for g, p in zip(gold, first, strict=True)) / n,
        "top-2": sum(g in (p, q) for g, p, q in zip(gold, first, second, strict=True)) / n,
        "macro-F1": macro_f1(gold, first),
        "unknown": sum(p == "unknown" for p in first) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=exemplars.K)
    parser.add_argument("--weight", type=float, default=exemplars.WEIGHT)
    parser.add_argument("--secondary", type=float, default=exemplars.SECONDARY)
    parser.add_argument(
        "--errors", action="store_true", help="print the commonest confusions (gold -> predicted)"
    )
    args = parser.parse_args()
    vote = ExemplarVote(k=args.k, weight=args.weight, secondary=args.secondary)
    print("dev, 5-fold CV       accuracy  top-2  macro-F1  unknown")
    for name, figures in (
        ("lexical only", run(None)),
        ("lexical + exemplars", run(vote, errors=args.errors)),
    ):
        print(f"{name:20} " + "  ".join(f"{v:.3f}" for v in figures.values()))


if __name__ == "__main__":
    main()
