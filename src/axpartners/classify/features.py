"""Sparse text features for the trained classifier and for clustering.

Two blocks, each TF-IDF weighted and L2-normalised on its own, then concatenated:

* word block — Kiwi content morphemes and adjacent bigrams (``w:`` prefix);
* character block — character 2- and 3-grams inside each normalised word, padded with a space
  at both ends (``c:`` prefix), which survives typos and unknown compounds.

TF is sublinear (``1 + ln tf``) and IDF smooth, ``ln((1 + n) / (1 + df)) + 1`` (Manning,
Raghavan & Schütze 2008, §6.4; the same convention as scikit-learn's ``TfidfVectorizer``).
Everything is plain arrays and a vocabulary list, so a fitted space serialises to JSON + npz.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.text.lexicon import Boundaries, boundaries
from axpartners.text.morph import analyse_morphs_many, content_tokens

_CHAR_LIMIT = 2000
"""Only the first characters feed the character block: a 100 KB text must stay cheap."""
_CHAR_NGRAMS = (2, 3)


@dataclass(frozen=True, slots=True)
class AnalysedText:
    """A need statement analysed once by Kiwi.

    ``normalized`` is the text after ``normalize_text``; ``tokens`` its content morphemes with
    adjacent bigrams (features), ``words`` the same without bigrams, and ``bounds`` the
    morpheme boundaries of ``normalized`` (for whole-word lexicon matching).
    """

    normalized: str
    tokens: tuple[str, ...]
    words: tuple[str, ...] = ()
    bounds: Boundaries | None = None


def analyse_many(texts: Sequence[str]) -> list[AnalysedText]:
    """Normalise and analyse ``texts`` with one Kiwi batch pass."""
    out = []
    for normalized, morphs in analyse_morphs_many(texts):
        out.append(
            AnalysedText(
                normalized=normalized,
                tokens=tuple(content_tokens(morphs, bigrams=True)),
                words=tuple(content_tokens(morphs)),
                bounds=boundaries(normalized, morphs),
            )
        )
    return out


def _word_counts(doc: AnalysedText) -> Counter[str]:
    return Counter("w:" + t for t in doc.tokens)


def _char_counts(doc: AnalysedText) -> Counter[str]:
    grams = [
        "c:" + padded[i : i + n]
        for padded in (f" {w} " for w in doc.normalized[:_CHAR_LIMIT].split())
        for n in _CHAR_NGRAMS
        for i in range(len(padded) - n + 1)
    ]
    return Counter(grams)


@dataclass(frozen=True, slots=True)
class FeatureSpace:
    """A fitted vocabulary (``w:``/``c:`` features) with IDF weights and block weights."""

    vocab: tuple[str, ...]
    idf: npt.NDArray[np.float64]
    char_weight: float = 0.7
    index: dict[str, int] = field(init=False, repr=False, compare=False)
    is_word: npt.NDArray[np.bool_] = field(init=False, repr=False, compare=False)
    _idf: list[float] = field(init=False, repr=False, compare=False)
    """``idf`` as Python floats: indexing a NumPy array per feature costs more than the math."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {f: i for i, f in enumerate(self.vocab)})
        object.__setattr__(self, "_idf", [float(x) for x in self.idf])
        is_word = np.array([f.startswith("w:") for f in self.vocab], dtype=bool)
        object.__setattr__(self, "is_word", is_word)

    @classmethod
    def fit(
        cls,
        docs: Sequence[AnalysedText],
        *,
        min_df_word: int = 1,
        min_df_char: int = 2,
        char_weight: float = 0.7,
    ) -> FeatureSpace:
        """Vocabulary and IDF of ``docs``; rare character n-grams are dropped."""
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(_word_counts(doc)) | set(_char_counts(doc)))
        vocab = tuple(
            sorted(
                f
                for f, n in df.items()
                if n >= (min_df_word if f.startswith("w:") else min_df_char)
            )
        )
        n_docs = len(docs)
        idf = np.array([math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in vocab])
        return cls(vocab=vocab, idf=idf, char_weight=char_weight)

    def fingerprint(self) -> str:
        """A short digest of the vocabulary, IDF and block weight: vectors made in one space
        are comparable only with vectors of a space with the same fingerprint."""
        digest = hashlib.sha1("\n".join(self.vocab).encode("utf-8"))
        digest.update(np.round(self.idf, 9).tobytes())
        digest.update(str(self.char_weight).encode())
        return digest.hexdigest()[:16]

    def transform(self, docs: Sequence[AnalysedText]) -> sparse.csr_array:
        """The ``len(docs)``-by-``len(vocab)`` feature matrix (float64, CSR)."""
        index, idf, log = self.index, self._idf, math.log
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for doc in docs:
            for counts, weight in ((_word_counts(doc), 1.0), (_char_counts(doc), self.char_weight)):
                found = [(c, n) for f, n in counts.items() if (c := index.get(f)) is not None]
                cols = [c for c, _ in found]
                vals = [(1.0 + log(n)) * idf[c] for c, n in found]
                norm = math.sqrt(sum(v * v for v in vals))
                if norm > 0:
                    indices.extend(cols)
                    values.extend(weight * v / norm for v in vals)
            indptr.append(len(indices))
        return sparse.csr_array(
            (
                np.array(values, dtype=np.float64),
                np.array(indices, dtype=np.int64),
                np.array(indptr),
            ),
            shape=(len(docs), len(self.vocab)),
        )
