"""Features for matching: zero-shot taxonomy labels, industry, track record and load measures.

Label inference uses the project's zero-shot classifier
(:class:`axpartners.classify.zeroshot.ZeroShotClassifier`: taxonomy words weighted by a
label-level idf) when it is installed: labels whose raw score is at least
``max(ZS_FLOOR, ZS_RELATIVE · best)`` are kept with strength ``min(1, score / ZS_SCALE)``.
Without it, a dictionary classifier is used: every taxonomy synonym and label fragment
(``data/taxonomy.yaml``) is searched in the space-free, lower-cased text, longest terms first,
and a matched span is blanked so that a shorter term inside it ("자동화" in "업무자동화")
cannot count again. A use case scores ``Σ 1 + 0.5·[term seen twice or more]`` over its matched
terms; labels scoring at least ``max(1, 0.34·best)`` are kept, with strength
``min(1, score / 3)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

from axpartners.classify.zeroshot import default_zero_shot
from axpartners.matching._tokens import squash, tokenize
from axpartners.taxonomy import UseCase, load_taxonomy

LOAD_HALF = 3.0
"""Active projects at which availability halves: ``availability = 1 / (1 + active / LOAD_HALF)``."""
PARTIAL_INDUSTRY = 0.25
"""Credit for industries sharing only the first code digit (e.g. KSIC 30 vs 31)."""


ZS_FLOOR = 0.3
ZS_RELATIVE = 0.5
ZS_SCALE = 2.0


@dataclass(frozen=True, slots=True)
class LabelScore:
    """An inferred taxonomy label, its strength in (0, 1] and the terms that triggered it."""

    label: str
    strength: float
    terms: tuple[str, ...]


@cache
def _term_table(taxonomy: tuple[UseCase, ...]) -> tuple[tuple[str, str], ...]:
    """``(squashed term, use case id)`` pairs, longest term first."""
    pairs: set[tuple[str, str]] = set()
    for use_case in taxonomy:
        terms = [*use_case.synonyms, *use_case.ko.split("·")]
        for term in terms:
            key = squash(term)
            if len(key) >= 2:
                pairs.add((key, use_case.id))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1])))


class _ZeroShot(Protocol):
    labels: tuple[str, ...]

    def raw_scores(self, tokens: Sequence[str]) -> npt.NDArray[np.float64]: ...

    def explain(
        self, tokens: Sequence[str], label: str, *, k: int = 5
    ) -> list[tuple[str, float]]: ...


@cache
def _zero_shot() -> _ZeroShot | None:
    return default_zero_shot()


def infer_labels(
    text: str,
    *,
    taxonomy: tuple[UseCase, ...] | None = None,
    limit: int = 4,
    tokens: Sequence[str] | None = None,
) -> tuple[LabelScore, ...]:
    """Zero-shot taxonomy labels for ``text``, strongest first (empty if nothing matches).

    ``tokens`` (the text's Kiwi tokens) saves tokenising again; ``taxonomy`` forces the
    dictionary classifier over those entries.
    """
    classifier = _zero_shot() if taxonomy is None else None
    if classifier is not None:
        return _infer_zero_shot(classifier, tokens if tokens is not None else tokenize(text), limit)
    return infer_labels_by_synonyms(text, taxonomy=taxonomy, limit=limit)


def _infer_zero_shot(
    classifier: _ZeroShot, tokens: Sequence[str], limit: int
) -> tuple[LabelScore, ...]:
    raw = classifier.raw_scores(tokens)
    if raw.size == 0 or float(raw.max()) <= 0:
        return ()
    floor = max(ZS_FLOOR, ZS_RELATIVE * float(raw.max()))
    out = []
    for column in np.argsort(-raw, kind="stable")[:limit].tolist():
        if raw[column] < floor:
            break
        label = classifier.labels[column]
        terms = tuple(t for t, _ in classifier.explain(tokens, label, k=3))
        out.append(
            LabelScore(label=label, strength=min(1.0, float(raw[column]) / ZS_SCALE), terms=terms)
        )
    return tuple(out)


def infer_labels_by_synonyms(
    text: str, *, taxonomy: tuple[UseCase, ...] | None = None, limit: int = 4
) -> tuple[LabelScore, ...]:
    """The dictionary classifier (see the module docstring), strongest first."""
    table = _term_table(taxonomy if taxonomy is not None else load_taxonomy())
    haystack = squash(text)
    scores: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    for term, label in table:
        count = haystack.count(term)
        if not count:
            continue
        haystack = haystack.replace(term, "\0" * len(term))
        scores[label] = scores.get(label, 0.0) + 1.0 + (0.5 if count > 1 else 0.0)
        hits.setdefault(label, []).append(term)
    if not scores:
        return ()
    best = max(scores.values())
    floor = max(1.0, 0.34 * best)
    ranked = sorted(
        ((label, score) for label, score in scores.items() if score >= floor),
        key=lambda item: (-item[1], item[0]),
    )[:limit]
    return tuple(
        LabelScore(label=label, strength=min(1.0, score / 3.0), terms=tuple(hits[label]))
        for label, score in ranked
    )


def industry_code(code: str) -> str:
    """``"C25"`` → ``"25"`` (KSIC with its section letter, SPEC §3); anything else unchanged."""
    code = code.strip()
    if len(code) >= 3 and code[0].isalpha() and code[1:].isdigit():
        return code[1:]
    return code


def industry_similarity(a: str, b: str) -> float:
    """1 for the same KSIC division (first two characters), 0.25 for the same first digit.

    Codes are opaque labels (SPEC §5): non-numeric values only match when equal; a leading
    KSIC section letter (``"C25"``) is ignored.
    """
    a, b = industry_code(a), industry_code(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if not (a[:2].isdigit() and b[:2].isdigit()):
        return 0.0
    if a[:2] == b[:2]:
        return 1.0
    return PARTIAL_INDUSTRY if a[0] == b[0] else 0.0


def availability(active_projects: int) -> float:
    """``1 / (1 + active / LOAD_HALF)``: 1 for an idle partner, 0.5 at three projects."""
    return 1.0 / (1.0 + max(active_projects, 0) / LOAD_HALF)


def success_rate(outcomes: Sequence[bool | None]) -> tuple[float, int, int]:
    """Laplace-smoothed success rate ``(s + 1) / (n + 2)`` over known outcomes.

    Returns ``(rate, successes, known)``; with no known outcome the rate is the neutral 0.5
    (Laplace's rule of succession).
    """
    known = [o for o in outcomes if o is not None]
    successes = sum(1 for o in known if o)
    return (successes + 1.0) / (len(known) + 2.0), successes, len(known)


def label_weights(labels: Mapping[str, float]) -> dict[str, float]:
    """Normalise label strengths to sum to 1 (empty stays empty)."""
    total = sum(labels.values())
    return {k: v / total for k, v in labels.items()} if total > 0 else {}
