"""Write ``src/axpartners/data/classify_term_weights.tsv``: how reliable each taxonomy term is.

Usage (repository root)::

    PYTHONPATH=src python tests/data/classify/term_weights.py

For every (term, use case) pair of the taxonomy found in a labelled need (whole-word matching,
:class:`axpartners.classify.lexical.LexicalScorer` with all reliabilities 1), it counts the
needs containing the term (``n``) and those whose label or second label is that use case
(``c``), and writes ``r = ((c + a) / (n + a)) ** g`` (``a = 2``, ``g = 2``). Sources: the dev
part of the real corpus and ``needs_labeled.csv`` only — never a test part, and not
``needs_holdout.csv``, which stays an unseen check of our own phrasing.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from axpartners.classify.features import analyse_many
from axpartners.classify.lexical import WEIGHTS_FILE, LexicalScorer, term_key

ROOT = Path(__file__).resolve().parents[3]
SOURCES = (
    ROOT / "tests/data/classify/real/dev.csv",
    ROOT / "tests/data/classify/needs_labeled.csv",
)
SMOOTHING = 2.0
POWER = 2.0


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in SOURCES:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows.extend(csv.DictReader(f))
    return rows


def reliability_table(
    rows: list[dict[str, str]], *, smoothing: float = SMOOTHING, power: float = POWER
) -> tuple[dict[tuple[str, str], float], list[str]]:
    """``{(term, label): r}`` from labelled ``rows`` and the lines of the TSV file."""
    scorer = LexicalScorer(reliability={})
    docs = analyse_many([r["text"] for r in rows])
    hits: Counter[tuple[int, int]] = Counter()
    right: Counter[tuple[int, int]] = Counter()
    for row, doc in zip(rows, docs, strict=True):
        gold = {row["label"], row.get("label_2") or ""}
        for term in scorer.found_terms(doc):
            for col in scorer.weights[term].nonzero()[0].tolist():
                hits[(term, col)] += 1
                right[(term, col)] += scorer.labels[col] in gold
    lines = [
        "# term\tlabel\tneeds\tright\treliability — written by tests/data/classify/term_weights.py",
    ]
    table: dict[tuple[str, str], float] = {}
    for term, col in sorted(hits, key=lambda tc: (scorer.terms[tc[0]], scorer.labels[tc[1]])):
        n, c = hits[(term, col)], right[(term, col)]
        r = ((c + smoothing) / (n + smoothing)) ** power
        table[(term_key(scorer.terms[term]), scorer.labels[col])] = round(r, 3)
        lines.append(f"{scorer.terms[term]}\t{scorer.labels[col]}\t{n}\t{c}\t{r:.3f}")
    return table, lines


def main() -> None:
    rows = _rows()
    _, lines = reliability_table(rows)
    out = ROOT / "src/axpartners/data" / WEIGHTS_FILE
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} (term, label) pairs from {len(rows)} needs -> {out}")


if __name__ == "__main__":
    main()
