"""Exemplar evidence: how close a need is to needs whose labels are known.

The lexical layer (:mod:`.lexical`) knows the taxonomy's words; it does not know that "조립
완성도를 촬영해 평가" is an inspection case until someone writes that synonym. The exemplar layer
reads the same need against *labelled examples*: the shipped seed (real, public adoption cases
from the dev part of the real corpus, ``data/classify_exemplars.csv``, each with its source URL)
and, once staff confirm labels, the confirmed needs themselves (stored in the trained model as
vectors of the seed's space, :class:`ConfirmedExemplars`) — so the first 30 corrections
change the ranking at once, before the supervised model has enough to take over.

Similarity is the dot product of the word + character TF-IDF vectors of :mod:`.features` (each
block L2-normalised, so it is a weighted cosine). For each need the ``k`` most similar examples
vote: label ``l`` gets ``E_l = Σ sim`` over the neighbours whose label is ``l`` (and ``secondary``
times ``sim`` for a neighbour whose second label is ``l``). The classifier adds ``weight · E`` to
the lexical scores before calibration. ``k = 3``, ``weight = 1`` and ``secondary = 0.5`` were chosen by 5-fold
cross-validation on the dev part (term reliabilities and exemplars rebuilt inside each fold; see
``docs/evaluation.md``); the test part was never used to choose them.

A neighbour counts only when its similarity reaches ``min_similarity``. Generic news words
("AI 도입을 검토", "스마트공장 지원 사업") make any text about 0.2–0.3 similar to some example, so
exemplars alone never label a need: without a taxonomy term the vote counts only when the nearest
example is at least ``alone`` similar (a near copy of a known case). A greeting, a lone "AI" or
"인공지능 도입을 검토하고 있습니다" stays unclassified.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.classify.features import AnalysedText, FeatureSpace, analyse_many

SEED_FILE = "classify_exemplars.csv"
FloatMatrix = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_NONE = -1


@dataclass(frozen=True, slots=True)
class ExemplarSet:
    """Labelled example vectors in one feature space (``labels`` columns; -1: no second label)."""

    space: FeatureSpace
    vectors: sparse.csr_array
    primary: IntArray
    secondary: IntArray

    @classmethod
    def build(
        cls,
        docs: Sequence[AnalysedText],
        primary: Sequence[int],
        secondary: Sequence[int] | None = None,
        *,
        space: FeatureSpace | None = None,
    ) -> ExemplarSet:
        """Vectors of ``docs`` in ``space`` (fitted on ``docs`` when not given)."""
        fitted = space if space is not None else FeatureSpace.fit(docs)
        second = [_NONE] * len(docs) if secondary is None else list(secondary)
        return cls(
            space=fitted,
            vectors=fitted.transform(docs),
            primary=np.asarray(primary, dtype=np.int64),
            secondary=np.asarray(second, dtype=np.int64),
        )

    @classmethod
    def empty(cls) -> ExemplarSet:
        """No examples (the vote then adds nothing)."""
        none = np.zeros(0, dtype=np.int64)
        return cls(FeatureSpace(vocab=(), idf=np.zeros(0)), sparse.csr_array((0, 0)), none, none)

    def __len__(self) -> int:
        return int(self.primary.shape[0])

    def similarities(self, docs: Sequence[AnalysedText]) -> FloatMatrix:
        """``(len(docs), len(self))`` similarity matrix."""
        if not len(self) or not docs:
            return np.zeros((len(docs), len(self)), dtype=np.float64)
        product = self.space.transform(docs) @ self.vectors.T
        return np.asarray(product.toarray(), dtype=np.float64)


K = 3
WEIGHT = 1.0
SECONDARY = 0.5
MIN_SIMILARITY = 0.05
ALONE = 0.4


@dataclass(frozen=True, slots=True)
class ConfirmedExemplars:
    """Confirmed needs as vectors in the seed's feature space, kept in a trained model.

    They are made in the seed's space so that their similarities compare with the seed's in one
    top-k (a space fitted on 30 needs gives generic words too much weight). ``space`` is the
    fingerprint of that space: after an upgrade that changes the seed, :meth:`in_space` gives
    ``None`` and the vote falls back to the seed until the next retrain.
    """

    vectors: sparse.csr_array
    primary: IntArray
    secondary: IntArray
    space: str

    @classmethod
    def build(
        cls, docs: Sequence[AnalysedText], primary: Sequence[int], seed: ExemplarSet
    ) -> ConfirmedExemplars:
        made = ExemplarSet.build(docs, primary, space=seed.space)
        return cls(made.vectors, made.primary, made.secondary, seed.space.fingerprint())

    def __len__(self) -> int:
        return int(self.primary.shape[0])

    def in_space(self, seed: ExemplarSet) -> ExemplarSet | None:
        """These exemplars beside ``seed`` (same space), or ``None`` if the seed has changed."""
        if self.space != seed.space.fingerprint():
            return None
        return ExemplarSet(seed.space, self.vectors, self.primary, self.secondary)


@dataclass(frozen=True, slots=True)
class ExemplarVote:
    """The k-nearest-neighbour vote over one or more exemplar sets (see the module docstring)."""

    k: int = K
    weight: float = WEIGHT
    secondary: float = SECONDARY
    min_similarity: float = MIN_SIMILARITY
    alone: float = ALONE

    def scores(
        self,
        docs: Sequence[AnalysedText],
        sets: Sequence[ExemplarSet],
        n_labels: int,
        *,
        lexical: npt.NDArray[np.bool_] | None = None,
    ) -> FloatMatrix:
        """``weight · E``, one row per need, one column per label (0 where nothing is near).

        ``lexical[i]`` tells whether need ``i`` has a taxonomy term; where it has none, the
        vote counts only if the nearest example reaches :attr:`alone`.
        """
        out = np.zeros((len(docs), n_labels), dtype=np.float64)
        sets = [s for s in sets if len(s)]
        if not sets or not docs:
            return out
        sims = np.hstack([s.similarities(docs) for s in sets])
        primary = np.concatenate([s.primary for s in sets])
        second = np.concatenate([s.secondary for s in sets])
        k = min(self.k, sims.shape[1])
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(len(docs)), k)
        cols = nearest.ravel()
        sim = sims[rows, cols]
        trusted = sims.max(axis=1) >= self.alone
        if lexical is not None:
            trusted |= lexical
        keep = (sim >= self.min_similarity) & trusted[rows]
        rows, cols, sim = rows[keep], cols[keep], sim[keep]
        np.add.at(out, (rows, primary[cols]), sim)
        has_second = second[cols] != _NONE
        np.add.at(
            out,
            (rows[has_second], second[cols][has_second]),
            self.secondary * sim[has_second],
        )
        return out * self.weight


def read_seed(labels: Sequence[str]) -> tuple[list[str], list[int], list[int]]:
    """Texts, label columns and second-label columns (-1 for none) of the shipped seed."""
    path = resources.files("axpartners").joinpath(f"data/{SEED_FILE}")
    if not path.is_file():
        return [], [], []
    column = {label: i for i, label in enumerate(labels)}
    texts: list[str] = []
    primary: list[int] = []
    secondary: list[int] = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        if row["label"] not in column:
            continue  # a seed row of a use case this taxonomy does not have
        texts.append(row["text"])
        primary.append(column[row["label"]])
        secondary.append(column.get(row.get("label_2") or "", _NONE))
    return texts, primary, secondary


@cache
def seed_exemplars(labels: tuple[str, ...]) -> ExemplarSet:
    """The shipped seed exemplars as vectors, built once per process and taxonomy."""
    texts, primary, secondary = read_seed(labels)
    if not texts:
        return ExemplarSet.empty()
    return ExemplarSet.build(analyse_many(texts), primary, secondary)
