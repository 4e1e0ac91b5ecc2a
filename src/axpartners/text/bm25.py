"""A persistent, incrementally updatable BM25 index over token lists.

Scoring is Lucene's BM25 (``BM25Similarity`` since Lucene 8, also bm25s' default ``lucene``
method; Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond")::

    idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
    score(q, d) = Σ_{t ∈ set(q)} idf(t) · tf(t,d) / (tf(t,d) + k1 · (1 - b + b · |d| / avgdl))

with ``N`` the number of live documents, ``df`` counted over live documents and ``avgdl`` their
mean token count. Repeated query tokens count once.

Layout: a compacted *main* part stored term-major (CSC of the documents-by-terms matrix: ``indptr`` over
terms, document slots and term frequencies), plus a small *delta* of documents added since the
last compaction (term → postings lists). Removal marks a slot dead and updates ``df``; when the
delta and dead slots exceed a threshold, the index compacts itself. Scores are computed at
query time from raw term frequencies, so statistics stay exact after every add and remove.
Persistence is a single ``.npz`` (numeric arrays plus a UTF-8 JSON header), never pickle.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from axpartners.errors import InputError

_FORMAT = "axpartners.bm25/1"
_MIN_COMPACT = 1024
_COMPACT_FRACTION = 0.1

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


class Bm25Index:
    """BM25 over documents given as token lists, keyed by string ids.

    ``add`` of an existing id replaces its document; ``remove`` of an unknown id returns
    ``False``. ``search`` returns ``(id, score)`` pairs, best first, ties in insertion order,
    only documents sharing at least one token with the query.
    """

    def __init__(self, *, k1: float = 1.5, b: float = 0.75) -> None:
        if k1 < 0 or not 0 <= b <= 1:
            raise InputError("text.bad_bm25_params", k1=k1, b=b)
        self.k1 = float(k1)
        self.b = float(b)
        self._vocab: dict[str, int] = {}
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._len = np.zeros(0, dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._df = np.zeros(0, dtype=np.int64)
        self._n_live = 0
        self._total_len = 0.0
        # Per-slot (term ids, tfs) so that removal can update df.
        self._doc_terms: list[tuple[IntArray, FloatArray]] = []
        # Main (compacted) postings, term-major.
        self._indptr = np.zeros(1, dtype=np.int64)
        self._post_doc = np.zeros(0, dtype=np.int64)
        self._post_tf = np.zeros(0, dtype=np.float32)
        self._n_main_slots = 0
        # Delta postings: term id -> [(slot, tf), ...] for slots >= _n_main_slots.
        self._delta: dict[int, list[tuple[int, float]]] = {}
        self._n_dead = 0

    # -- construction -------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        docs: Sequence[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
    ) -> Bm25Index:
        """An index of ``docs[i]`` under ``ids[i]`` (ids must be unique)."""
        if len(ids) != len(docs):
            raise InputError("text.bm25_length_mismatch", ids=len(ids), docs=len(docs))
        index = cls(k1=k1, b=b)
        seen: set[str] = set()
        for doc_id in ids:
            if doc_id in seen:
                raise InputError("text.bm25_duplicate_id", value=doc_id)
            seen.add(doc_id)
        if not ids:
            return index
        vocab = index._vocab
        # Vectorised: one dictionary pass for term ids, then (document, term) pairs counted
        # with np.unique on a combined key instead of a Counter per document.
        flat = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for doc in docs for t in doc), dtype=np.int64
        )
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        n_terms = max(len(vocab), 1)
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        keys, counts = np.unique(doc_of * n_terms + flat, return_counts=True)
        cuts = np.searchsorted(keys // n_terms, np.arange(1, len(docs)))
        terms = np.split(keys % n_terms, cuts)
        tfs = np.split(counts.astype(np.float32), cuts)
        index._ids = [str(i) for i in ids]
        index._slot = {doc_id: s for s, doc_id in enumerate(index._ids)}
        index._doc_terms = list(zip(terms, tfs, strict=True))
        index._len = lengths.astype(np.float32)
        index._alive = np.ones(len(docs), dtype=bool)
        index.compact()
        return index

    def __len__(self) -> int:
        return self._n_live

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot

    @property
    def ids(self) -> list[str]:
        """Live ids in insertion order."""
        return [i for i, alive in zip(self._ids, self._alive, strict=True) if alive]

    def _term_id(self, token: str) -> int:
        term = self._vocab.get(token)
        if term is None:
            term = len(self._vocab)
            self._vocab[token] = term
        return term

    def _append(self, doc_id: str, tokens: Sequence[str]) -> int:
        counts = Counter(self._term_id(t) for t in tokens)
        terms = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tfs = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        slot = len(self._ids)
        self._ids.append(doc_id)
        self._slot[doc_id] = slot
        self._doc_terms.append((terms, tfs))
        if slot >= len(self._len):
            grow = max(16, 2 * len(self._len))
            self._len = np.concatenate([self._len, np.zeros(grow, dtype=np.float32)])
            self._alive = np.concatenate([self._alive, np.zeros(grow, dtype=bool)])
        self._len[slot] = len(tokens)
        self._alive[slot] = True
        if len(self._vocab) > len(self._df):
            grow = max(len(self._vocab) - len(self._df), len(self._df))
            self._df = np.concatenate([self._df, np.zeros(grow, dtype=np.int64)])
        self._df[terms] += 1
        self._n_live += 1
        self._total_len += len(tokens)
        for term, tf in zip(terms.tolist(), tfs.tolist(), strict=True):
            self._delta.setdefault(term, []).append((slot, tf))
        return slot

    # -- updates --------------------------------------------------------------------------
    def add(self, doc_id: str, tokens: Sequence[str]) -> None:
        """Add a document, replacing any document already stored under ``doc_id``."""
        self.remove(doc_id)
        self._append(doc_id, tokens)
        self._maybe_compact()

    def add_many(self, ids: Sequence[str], docs: Sequence[Sequence[str]]) -> None:
        """:meth:`add` for several documents."""
        for doc_id, tokens in zip(ids, docs, strict=True):
            self.remove(doc_id)
            self._append(doc_id, tokens)
        self._maybe_compact()

    def remove(self, doc_id: str) -> bool:
        """Remove ``doc_id``; ``False`` if it was not in the index."""
        slot = self._slot.pop(doc_id, None)
        if slot is None:
            return False
        terms, _ = self._doc_terms[slot]
        self._df[terms] -= 1
        self._alive[slot] = False
        self._n_live -= 1
        self._total_len -= float(self._len[slot])
        self._n_dead += 1
        self._maybe_compact()
        return True

    def _maybe_compact(self) -> None:
        pending = self._n_dead + (len(self._ids) - self._n_main_slots)
        if pending > max(_MIN_COMPACT, _COMPACT_FRACTION * len(self._ids)):
            self.compact()

    def compact(self) -> None:
        """Fold the delta into the main postings and drop removed documents."""
        keep = [s for s in range(len(self._ids)) if self._alive[s]]
        ids = [self._ids[s] for s in keep]
        doc_terms = [self._doc_terms[s] for s in keep]
        lengths = self._len[keep].astype(np.float32) if keep else np.zeros(0, dtype=np.float32)
        self._ids = ids
        self._slot = {doc_id: s for s, doc_id in enumerate(ids)}
        self._doc_terms = doc_terms
        self._len = lengths
        self._alive = np.ones(len(ids), dtype=bool)
        self._n_dead = 0
        self._delta = {}
        self._n_main_slots = len(ids)
        n_terms = len(self._vocab)
        sizes = np.fromiter((len(t) for t, _ in doc_terms), dtype=np.int64, count=len(doc_terms))
        if len(doc_terms):
            terms = np.concatenate([t for t, _ in doc_terms])
            tfs = np.concatenate([f for _, f in doc_terms])
        else:
            terms = np.zeros(0, dtype=np.int64)
            tfs = np.zeros(0, dtype=np.float32)
        slots = np.repeat(np.arange(len(doc_terms), dtype=np.int64), sizes)
        order = np.argsort(terms, kind="stable")
        self._post_doc = slots[order]
        self._post_tf = tfs[order]
        counts = np.bincount(terms, minlength=n_terms).astype(np.int64)
        self._indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._df = counts.copy()
        self._n_live = len(ids)
        self._total_len = float(lengths.sum(dtype=np.float64))

    # -- scoring --------------------------------------------------------------------------
    def _idf(self, df: float) -> float:
        n = self._n_live
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _score_slots(self, query_tokens: Iterable[str]) -> FloatArray:
        """BM25 score of every slot (dead slots score 0); aligned with internal slots."""
        n_slots = len(self._ids)
        scores = np.zeros(n_slots, dtype=np.float32)
        if self._n_live == 0:
            return scores
        avgdl = self._total_len / self._n_live or 1.0
        norm = self.k1 * (1.0 - self.b + self.b * self._len[:n_slots] / avgdl)
        n_main_terms = len(self._indptr) - 1
        for token in set(query_tokens):
            term = self._vocab.get(token)
            if term is None or self._df[term] <= 0:
                continue
            idf = self._idf(float(self._df[term]))
            if term < n_main_terms:
                lo, hi = self._indptr[term], self._indptr[term + 1]
                docs, tf = self._post_doc[lo:hi], self._post_tf[lo:hi]
                scores[docs] += idf * tf / (tf + norm[docs])
            extra = self._delta.get(term)
            if extra:
                docs = np.fromiter((s for s, _ in extra), dtype=np.int64, count=len(extra))
                tf = np.fromiter((f for _, f in extra), dtype=np.float32, count=len(extra))
                scores[docs] += idf * tf / (tf + norm[docs])
        scores[~self._alive[:n_slots]] = 0.0
        return scores

    def search(self, query_tokens: Iterable[str], k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` best ``(id, score)`` pairs for ``query_tokens``, best first."""
        if k <= 0:
            return []
        return self.search_counted(query_tokens, k)[0]

    def search_counted(
        self, query_tokens: Iterable[str], k: int = 10
    ) -> tuple[list[tuple[str, float]], int]:
        """:meth:`search`, and how many documents match in all (share a token with the query),
        from one scoring pass: a page of results and its total without listing every match."""
        scores = self._score_slots(query_tokens)
        candidates = np.flatnonzero(scores > 0)
        matched = len(candidates)
        if matched > k:
            # The k best, ties at the cut in slot order like the others (argpartition alone
            # would pick among equal scores arbitrarily, so a short page could disagree with
            # the start of a long one).
            values = scores[candidates]
            kth = np.partition(values, matched - k)[matched - k] if k > 0 else np.inf
            above = candidates[values > kth]
            tied = candidates[values == kth][: k - len(above)]
            candidates = np.concatenate([above, tied])
        order = np.lexsort((candidates, -scores[candidates]))
        return [(self._ids[s], float(scores[s])) for s in candidates[order]], matched

    # -- persistence ----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The index as ``.npz`` bytes: arrays plus a JSON header (no pickle)."""
        self.compact()
        vocab = [""] * len(self._vocab)
        for token, term in self._vocab.items():
            vocab[term] = token
        header = {"format": _FORMAT, "k1": self.k1, "b": self.b, "ids": self._ids, "vocab": vocab}
        sizes = [len(t) for t, _ in self._doc_terms]
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8),
            doc_indptr=np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            doc_terms=np.concatenate([t for t, _ in self._doc_terms] or [np.zeros(0, np.int64)]),
            doc_tfs=np.concatenate([f for _, f in self._doc_terms] or [np.zeros(0, np.float32)]),
            doc_len=self._len.astype(np.float32),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "index") -> Bm25Index:
        """Inverse of :meth:`to_bytes`; a foreign or damaged file is ``text.bad_index``."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                header = json.loads(npz["header"].tobytes().decode())
                indptr, terms = npz["doc_indptr"], npz["doc_terms"]
                tfs, lengths = npz["doc_tfs"], npz["doc_len"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            raise InputError("text.bad_index", file=name, detail=str(exc)) from exc
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            raise InputError("text.bad_index", file=name, detail="format")
        index = cls(k1=float(header["k1"]), b=float(header["b"]))
        index._vocab = {token: term for term, token in enumerate(header["vocab"])}
        ids = [str(i) for i in header["ids"]]
        index._ids = ids
        index._slot = {doc_id: s for s, doc_id in enumerate(ids)}
        index._doc_terms = [
            (terms[indptr[s] : indptr[s + 1]].astype(np.int64), tfs[indptr[s] : indptr[s + 1]])
            for s in range(len(ids))
        ]
        index._len = lengths.astype(np.float32)
        index._alive = np.ones(len(ids), dtype=bool)
        index.compact()
        return index

    def save(self, path: Path | str) -> None:
        """Write :meth:`to_bytes` to ``path`` (conventionally ``*.npz``)."""
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: Path | str) -> Bm25Index:
        """Read an index written by :meth:`save`."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from exc
        return cls.from_bytes(data, name=path.name)
