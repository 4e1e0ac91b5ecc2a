"""Score the current classifier on the real needs corpus (dev and test parts).

Usage (from the repository root, with the project's environment)::

    python tests/data/classify/real/score.py            # both parts
    python tests/data/classify/real/score.py --part dev

It runs the public CLI only — ``axp classify PART.csv -o OUT.csv`` and
``axp eval classify PART.csv --mode zero-shot`` — so it measures exactly what a user gets, and
needs no column mapping: the corpus files already carry ``id``, ``text`` and ``label``. From the
``axp classify`` output it computes

* accuracy: predicted ``label`` equals the gold ``label``;
* accuracy (either gold): predicted ``label`` is the gold ``label`` or the gold ``label_2``;
* top-2: the gold ``label`` is the predicted ``label`` or ``label_2``;
* macro-F1 over the gold labels present in the part (strict primary label).

The test part is for scoring only (see SPLIT.md): read the printed figures, never the rows.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _axp() -> list[str]:
    found = shutil.which("axp")
    return [found] if found else [sys.executable, "-m", "axpartners.cli.main"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 over the labels that occur in ``gold``."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return sum(scores) / len(scores)


def score_part(part: str) -> dict[str, float]:
    source = HERE / f"{part}.csv"
    gold_rows = {row["id"]: row for row in _read(source)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.csv"
        subprocess.run([*_axp(), "classify", str(source), "-o", str(out)], check=True)
        predicted = {row["id"]: row for row in _read(out)}
    ids = sorted(gold_rows)
    gold = [gold_rows[i]["label"] for i in ids]
    pred = [predicted[i]["label"] for i in ids]
    second = [predicted[i].get("label_2", "") for i in ids]
    either = [{gold_rows[i]["label"], gold_rows[i]["label_2"]} - {""} for i in ids]
    n = len(ids)
    return {
        "rows": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n,
        "accuracy_either_gold": sum(p in e for p, e in zip(pred, either, strict=True)) / n,
        "top2": sum(g in (p, s) for g, p, s in zip(gold, pred, second, strict=True)) / n,
        "macro_f1": macro_f1(gold, pred),
        "unknown": Counter(pred)["unknown"] / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--eval", action="store_true", help="Also print `axp eval classify`.")
    args = parser.parse_args()
    parts = ["dev", "test"] if args.part == "both" else [args.part]
    print("part  rows  accuracy  acc(either gold)  top-2  macro-F1  unknown")
    for part in parts:
        s = score_part(part)
        print(
            f"{part:<5} {s['rows']:>4.0f}  {s['accuracy']:>8.3f}  {s['accuracy_either_gold']:>16.3f}"
            f"  {s['top2']:>5.3f}  {s['macro_f1']:>8.3f}  {s['unknown']:>7.3f}"
        )
    if args.eval:
        for part in parts:
            print(f"\n== axp eval classify {part}.csv --mode zero-shot ==", flush=True)
            subprocess.run(
                [*_axp(), "eval", "classify", str(HERE / f"{part}.csv"), "--mode", "zero-shot"],
                check=True,
            )


if __name__ == "__main__":
    main()
