"""Zero-shot evidence from the taxonomy's own words, matched as whole Korean words.

Every use case brings *terms*: its synonyms (weight 1), the parts of its Korean label split at
``·`` (weight 1) and the parts of its English label split at ``,`` (weight 0.6). A term is found
in a need

* as a surface form on Kiwi morpheme boundaries (:class:`axpartners.text.lexicon.Lexicon`):
  spaces do not matter, a hit never starts or ends inside a longer word, and of overlapping hits
  the longest wins — ``예지보전`` hides ``보전``, and ``연료비용`` (연료 + 비용) does not contain
  ``연료비``; an English word also matches its plural (``bearing`` → ``bearings``);
* or, for a verb or adjective written with ``다`` (``멈추다``, ``골라내다``), by its stems among
  the need's morphemes (``멈췄어요`` → ``멈추``).

Not every taxonomy word is equally telling in real text: ``품질`` or ``불량률`` turn up in needs of
every kind. ``data/classify_term_weights.tsv`` holds, for each (term, use case) pair seen in our
labelled needs, a reliability ``r = ((c + a) / (n + a)) ** g`` — the smoothed share of the
``n`` needs containing the term whose label (or second label) is that use case (``c`` of them),
with ``a = 2`` and ``g = 2`` — and the term's weight is multiplied by ``r``; unseen pairs keep
``r = 1`` (the table is written by ``tests/data/classify/term_weights.py`` from the dev part of
the real corpus and ``needs_labeled.csv``; never from a test part).

A term shared by several use cases is discounted with a label-level IDF,
``log(1 + L / lf) / log(1 + L)`` for ``L`` use cases of which ``lf`` use the term, so a word
that belongs to everyone decides nothing. A need's score for use case ``l`` is the sum of the
weights of the distinct terms found, each counted once however often it occurs; the number of
distinct terms (``support``) is kept beside the score so that one lone word can be told apart
from converging evidence (:mod:`.ranking`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from axpartners.classify.features import AnalysedText
from axpartners.classify.zeroshot import softmax
from axpartners.taxonomy import UseCase, load_taxonomy
from axpartners.text.lexicon import Lexicon, LexiconEntry, fold
from axpartners.text.morph import tokenize_many
from axpartners.text.normalize import normalize_text

_SYNONYM_WEIGHT = 1.0
_LABEL_WEIGHT = 1.0
_ENGLISH_WEIGHT = 0.6

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Lexical evidence of one need: per-label scores, distinct-term counts, terms found."""

    scores: npt.NDArray[np.float64]
    support: npt.NDArray[np.int64]
    terms: tuple[int, ...]
    """Row numbers into :attr:`LexicalScorer.terms` of the terms found."""
    strongest: npt.NDArray[np.float64]
    """Per label, the weight of its strongest single term found (0: none)."""


WEIGHTS_FILE = "classify_term_weights.tsv"


def term_key(surface: str) -> str:
    """The form a term is compared in: normalised like a need's text, then folded."""
    return fold(normalize_text(surface))


@cache
def load_term_reliability() -> dict[tuple[str, str], float]:
    """``{(folded term, label): r}`` from the shipped table (empty if the file is absent)."""
    path = resources.files("axpartners").joinpath(f"data/{WEIGHTS_FILE}")
    if not path.is_file():
        return {}
    out: dict[tuple[str, str], float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        term, label, _hits, _right, weight = line.split("\t")
        out[(term_key(term), label)] = float(weight)
    return out


def _is_stem_term(surface: str) -> bool:
    return len(surface) >= 2 and surface.endswith("다") and all("가" <= c <= "힣" for c in surface)


def _sources(case: UseCase) -> list[tuple[str, float]]:
    out = [(s, _SYNONYM_WEIGHT) for s in case.synonyms]
    out += [(p.strip(), _LABEL_WEIGHT) for p in case.ko.split("·") if p.strip()]
    out += [(p.strip(), _ENGLISH_WEIGHT) for p in case.en.split(",") if p.strip()]
    return out


class LexicalScorer:
    """Scores analysed needs against the taxonomy's terms (see the module docstring)."""

    def __init__(
        self,
        use_cases: Sequence[UseCase] | None = None,
        *,
        beta: float = 2.0,
        reliability: dict[tuple[str, str], float] | None = None,
    ) -> None:
        cases = tuple(use_cases if use_cases is not None else load_taxonomy())
        trust = load_term_reliability() if reliability is None else reliability
        self.labels: tuple[str, ...] = tuple(u.id for u in cases)
        self.beta = beta
        base: dict[str, dict[int, float]] = {}
        shown: dict[str, str] = {}
        for row, case in enumerate(cases):
            for surface, weight in _sources(case):
                key = term_key(surface)
                if not key:
                    continue
                shown.setdefault(key, surface)
                per_label = base.setdefault(key, {})
                per_label[row] = max(per_label.get(row, 0.0), weight)
        keys = sorted(base)
        self.terms: tuple[str, ...] = tuple(shown[k] for k in keys)
        n_labels = max(len(cases), 1)
        matrix = np.zeros((len(keys), len(cases)), dtype=np.float64)
        for i, key in enumerate(keys):
            idf = math.log1p(n_labels / len(base[key])) / math.log1p(n_labels)
            for row, weight in base[key].items():
                matrix[i, row] = weight * idf * trust.get((key, self.labels[row]), 1.0)
        self.weights: FloatMatrix = matrix
        """``weights[term, label]``: what one term found adds to a use case's score."""
        stem_rows = [i for i, k in enumerate(keys) if _is_stem_term(k)]
        stems = tokenize_many([keys[i] for i in stem_rows])
        self._stems: tuple[tuple[int, frozenset[str]], ...] = tuple(
            (i, frozenset(s)) for i, s in zip(stem_rows, stems, strict=True) if s
        )
        entries: list[LexiconEntry[int]] = []
        for i, key in enumerate(keys):
            if _is_stem_term(key):
                continue
            entries.append(LexiconEntry(key, i))
            if key.isascii() and key.isalpha() and len(key) > 3 and not key.endswith("s"):
                entries.append(LexiconEntry(key + "s", i))
        self._lexicon: Lexicon[int] = Lexicon(entries)

    def found_terms(self, doc: AnalysedText) -> tuple[int, ...]:
        """Rows of the distinct terms found in ``doc``, in term order."""
        found = {hit.entry.value for hit in self._lexicon.find(doc.normalized, doc.bounds)}
        words = set(doc.words)
        found.update(i for i, stems in self._stems if stems <= words)
        return tuple(sorted(found))

    def evidence(self, doc: AnalysedText) -> Evidence:
        terms = self.found_terms(doc)
        if not terms:
            zeros = np.zeros(len(self.labels), dtype=np.float64)
            return Evidence(zeros, np.zeros(len(self.labels), dtype=np.int64), (), zeros)
        block = self.weights[list(terms)]
        return Evidence(
            scores=np.asarray(block.sum(axis=0), dtype=np.float64),
            support=np.asarray((block > 0).sum(axis=0), dtype=np.int64),
            terms=terms,
            strongest=np.asarray(block.max(axis=0), dtype=np.float64),
        )

    def raw_scores_many(self, docs: Sequence[AnalysedText]) -> FloatMatrix:
        """Scores, one row per need, columns in :attr:`labels` order."""
        if not docs:
            return np.zeros((0, len(self.labels)), dtype=np.float64)
        return np.vstack([self.evidence(d).scores for d in docs])

    def predict_proba(self, docs: Sequence[AnalysedText]) -> FloatMatrix:
        """Softmax of ``beta`` times the scores (uniform for a need without evidence)."""
        return softmax(self.raw_scores_many(docs) * self.beta)

    def explain(self, evidence: Evidence, label: str, *, k: int = 5) -> list[tuple[str, float]]:
        """The terms found that raised ``label``'s score, with their weights, best first."""
        col = self.labels.index(label)
        scored = [(self.terms[i], float(self.weights[i, col])) for i in evidence.terms]
        scored = [(t, w) for t, w in scored if w > 0]
        scored.sort(key=lambda tw: (-tw[1], tw[0]))
        return scored[:k]


@cache
def default_lexical() -> LexicalScorer:
    """The lexical scorer of the shipped taxonomy, built once per process."""
    return LexicalScorer()
