"""Write ``src/axpartners/data/classify_exemplars.csv``: the shipped seed of labelled examples.

Usage (repository root)::

    PYTHONPATH=src python tests/data/classify/exemplars.py

The seed is the **dev part** of the real corpus (``real/dev.csv``): real, public descriptions of
Korean manufacturers' AI adoption, each with its source URL. Never the test part (it stays a
score-only check), and not our own written files (they would make the own-set figures
in-sample). Columns: ``id,text,label,label_2,source_url``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from axpartners.classify.exemplars import SEED_FILE

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "tests/data/classify/real/dev.csv"
COLUMNS = ("id", "text", "label", "label_2", "source_url")


def seed_rows() -> list[dict[str, str]]:
    with SOURCE.open(encoding="utf-8-sig", newline="") as f:
        return [{c: row.get(c) or "" for c in COLUMNS} for row in csv.DictReader(f)]


def main() -> None:
    rows = seed_rows()
    out = ROOT / "src/axpartners/data" / SEED_FILE
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} seed exemplars from {SOURCE.name} -> {out}")


if __name__ == "__main__":
    main()
