"""Learning curve of the classifier: test-part figures after 0, 30, 100, 300 confirmed labels.

Usage (repository root)::

    PATH=.venv/bin:$PATH PYTHONPATH=src python tests/data/classify/learning_curve.py [--seeds 3]

"Confirmed labels" are drawn (seeded, without replacement) from needs whose labels we may
use for training — the dev part of the real corpus, ``needs_labeled.csv`` and
``needs_holdout.csv`` — never from the test part. For each size the model is trained exactly
as ``axp classify --train`` / the secretariat's retrain do (:meth:`NeedClassifier.train`),
written to a temporary ``.npz``, and the test part is scored only through
``tests/data/classify/real/score.py --part test`` with ``AXP_CLASSIFIER_MODEL`` pointing at
it; this script reads nothing of the test part itself and prints the aggregate figures only.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
POOL = (
    ROOT / "tests/data/classify/real/dev.csv",
    ROOT / "tests/data/classify/needs_labeled.csv",
    ROOT / "tests/data/classify/needs_holdout.csv",
)
SCORE = ROOT / "tests/data/classify/real/score.py"
SIZES = (0, 30, 100, 300)


def _pool() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for path in POOL:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows.extend((r["text"], r["label"]) for r in csv.DictReader(f))
    return rows


def _score_test(model: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("AXP_CLASSIFIER_MODEL", None)
    if model is not None:
        env["AXP_CLASSIFIER_MODEL"] = str(model)
    out = subprocess.run(
        [sys.executable, str(SCORE), "--part", "test"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    (line,) = [x for x in out.splitlines() if x.startswith("test ")]
    cells = line.split()
    acc, top2, f1 = cells[2], cells[4], cells[5]
    return {"accuracy": float(acc), "top2": float(top2), "macro_f1": float(f1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    args = parser.parse_args()
    from axpartners.classify.classifier import NeedClassifier

    pool = _pool()
    print(f"pool of confirmed labels: {len(pool)} (real dev + own files); test scored by score.py")
    print("| confirmed labels | accuracy | top-2 | macro-F1 | seeds |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            runs = []
            for seed in range(args.seeds if size else 1):
                model = None
                if size:
                    sample = random.Random(seed).sample(pool, size)
                    trained = NeedClassifier.train([t for t, _ in sample], [y for _, y in sample])
                    assert trained.model is not None
                    model = Path(tmp) / f"model_{size}_{seed}.npz"
                    model.write_bytes(trained.model.to_bytes())
                runs.append(_score_test(model))
            mean = {k: statistics.mean(r[k] for r in runs) for k in runs[0]}
            print(
                f"| {size} | {mean['accuracy']:.3f} | {mean['top2']:.3f}"
                f" | {mean['macro_f1']:.3f} | {len(runs)} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
