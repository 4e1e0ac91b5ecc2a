"""Zero-shot classification from the taxonomy's own words.

Each use case becomes a weighted bag of morphemes taken from its synonyms and Korean label
(weight 1), English label (0.6) and Korean description (0.4); parts of a dictionary compound
count half, and a synonym of ``h`` words gives each word ``1 / sqrt(h)``. A term found in
several use cases is discounted with a label-level IDF, ``log(1 + L / lf(t)) / log(1 + L)``
(``L`` use cases, ``lf`` how many of them use the term), so ``데이터`` or ``공정`` barely move
the result while ``예지보전`` decides it. A need scores
``s_l = Σ_{t ∈ set(tokens)} w(l, t)`` for each use case ``l``, and the scores become
probabilities with a softmax of temperature ``1 / beta``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from axpartners.taxonomy import UseCase, load_taxonomy
from axpartners.text._lexicon import compound_parts
from axpartners.text.morph import tokenize_many

_SYNONYM_WEIGHT = 1.0
_LABEL_WEIGHT = 1.0
_ENGLISH_WEIGHT = 0.6
_DESCRIPTION_WEIGHT = 0.4
_PART_FACTOR = 0.5

FloatMatrix = npt.NDArray[np.float64]


class ZeroShotClassifier:
    """Scores token lists against the taxonomy (see the module docstring)."""

    def __init__(self, use_cases: Sequence[UseCase] | None = None, *, beta: float = 2.0) -> None:
        cases = tuple(use_cases if use_cases is not None else load_taxonomy())
        self.labels: tuple[str, ...] = tuple(u.id for u in cases)
        self.beta = beta
        sources: list[tuple[int, str, float, bool]] = []
        for row, case in enumerate(cases):
            sources.extend((row, s, _SYNONYM_WEIGHT, True) for s in case.synonyms)
            sources.append((row, case.ko, _LABEL_WEIGHT, False))
            sources.append((row, case.en, _ENGLISH_WEIGHT, False))
            sources.append((row, case.description_ko, _DESCRIPTION_WEIGHT, False))
        token_lists = tokenize_many([s for _, s, _, _ in sources])
        parts = compound_parts()
        weights: dict[tuple[int, str], float] = {}
        for (row, _, weight, source_is_phrase), tokens in zip(sources, token_lists, strict=True):
            part_tokens = {p for t in tokens for p in parts.get(t, ())}
            heads = max(1, len([t for t in tokens if t not in part_tokens]))
            # A phrase spreads its weight over its words: in 공정순서 the word 공정 alone must
            # not count as much as a one-word synonym.
            share = weight / math.sqrt(heads) if source_is_phrase else weight
            for token in tokens:
                w = share * (_PART_FACTOR if token in part_tokens else 1.0)
                weights[(row, token)] = max(weights.get((row, token), 0.0), w)
        vocab = sorted({t for _, t in weights})
        self.vocab: dict[str, int] = {t: i for i, t in enumerate(vocab)}
        matrix = np.zeros((len(cases), len(vocab)), dtype=np.float64)
        for (row, token), w in weights.items():
            matrix[row, self.vocab[token]] = w
        n_labels = max(len(cases), 1)
        label_freq = (matrix > 0).sum(axis=0)
        idf = np.log1p(n_labels / np.maximum(label_freq, 1)) / math.log1p(n_labels)
        self.weights: FloatMatrix = matrix * idf

    def raw_scores(self, tokens: Sequence[str]) -> npt.NDArray[np.float64]:
        """``s_l`` for every use case (0 when no taxonomy word occurs)."""
        columns = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        if not columns:
            return np.zeros(len(self.labels), dtype=np.float64)
        return np.asarray(self.weights[:, columns].sum(axis=1), dtype=np.float64)

    def predict_proba(self, token_lists: Sequence[Sequence[str]]) -> FloatMatrix:
        """Softmax probabilities, one row per token list, columns in ``labels`` order."""
        if not token_lists:
            return np.zeros((0, len(self.labels)), dtype=np.float64)
        raw = np.vstack([self.raw_scores(tokens) for tokens in token_lists])
        return softmax(raw * self.beta)

    def explain(self, tokens: Sequence[str], label: str, *, k: int = 5) -> list[tuple[str, float]]:
        """The need's words that raised ``label``'s score, with their weights, best first."""
        row = self.labels.index(label)
        found = {t for t in tokens if t in self.vocab}
        scored = [(t, float(self.weights[row, self.vocab[t]])) for t in found]
        scored = [(t, w) for t, w in scored if w > 0]
        scored.sort(key=lambda tw: (-tw[1], tw[0]))
        return scored[:k]


@cache
def default_zero_shot() -> ZeroShotClassifier:
    """The zero-shot classifier of the shipped taxonomy, built once per process."""
    return ZeroShotClassifier()


def softmax(x: FloatMatrix) -> FloatMatrix:
    """Row-wise softmax, shifted by the row maximum for numerical safety."""
    shifted = x - x.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)
