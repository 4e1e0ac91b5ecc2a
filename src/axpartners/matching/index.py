"""The partner index: BM25 postings plus per-partner feature arrays, built once per data set.

BM25 term weights are precomputed per posting (the "eager" scheme of Lù 2024, *BM25S*,
arXiv:2407.03618), so a query is one gather over the postings of its terms and a
``bincount`` into a score vector — no Python loop over partners. Feature arrays (capability
strengths, industry incidence, success, availability) are dense ``float32`` over partners so
the whole score is a handful of vector operations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.errors import InputError
from axpartners.matching._tokens import tokenize_many
from axpartners.matching.features import (
    LabelScore,
    availability,
    industry_code,
    infer_labels,
    success_rate,
)
from axpartners.matching.profiles import PartnerProfile, check_partner
from axpartners.matching.score import DECLARED_BREADTH, INFERRED_DISCOUNT
from axpartners.taxonomy import taxonomy_ids

K1 = 1.2
B = 0.75

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class PartnerIndex:
    """Everything :func:`~axpartners.matching.rank.rank_partners` needs, as arrays.

    Rows of every per-partner array follow ``partners``. ``postings`` is a CSR array
    term-by-partner of BM25 weights; ``capability`` partner-by-label strengths (``labels``
    order, stored label-major so that a need's few labels are contiguous rows); ``inferred``
    marks strengths that came from text, not a declaration. ``digit`` is first-digit-by-partner.
    """

    partners: tuple[PartnerProfile, ...]
    ids: tuple[str, ...]
    vocabulary: dict[str, int]
    terms: tuple[str, ...]
    postings: sparse.csr_array
    labels: tuple[str, ...]
    capability: FloatArray
    inferred: npt.NDArray[np.bool_]
    division_codes: dict[str, int]
    division: sparse.csc_array
    digit: npt.NDArray[np.bool_]
    reference_division: sparse.csc_array
    success: FloatArray
    availability: FloatArray
    region_codes: dict[str, int]
    region: IntArray
    uses_declared: bool
    skipped: tuple[str, ...] = ()
    """Ids of partners left out because they had nothing to match on (``skip_empty``)."""

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, partner_id: str) -> int:
        return self.ids.index(partner_id)


def _bm25_postings(docs: Sequence[Sequence[str]]) -> tuple[dict[str, int], sparse.csr_array]:
    """Term-by-document BM25 weights ``idf(t) · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl))``
    with ``idf(t) = ln(1 + (N - df + 0.5)/(df + 0.5))`` (Robertson & Zaragoza 2009; the
    non-negative idf of Lucene)."""
    vocabulary: dict[str, int] = {}
    flat = [vocabulary.setdefault(token, len(vocabulary)) for tokens in docs for token in tokens]
    n_docs = len(docs)
    lengths = np.fromiter((len(tokens) for tokens in docs), dtype=np.int64, count=n_docs)
    term_of = np.asarray(flat, dtype=np.int64)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    keys, tf = np.unique(term_of * max(n_docs, 1) + doc_of, return_counts=True)
    row_arr = (keys // max(n_docs, 1)).astype(np.int32)
    col_arr = (keys % max(n_docs, 1)).astype(np.int32)
    tf_arr = tf.astype(np.float32)
    df = np.bincount(row_arr, minlength=len(vocabulary)).astype(np.float32)
    idf = np.log1p((max(n_docs, 1) - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg_len = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
    norm = K1 * (1.0 - B + B * lengths[col_arr].astype(np.float32) / avg_len)
    weights = idf[row_arr] * tf_arr * (K1 + 1.0) / (tf_arr + norm)
    # Keys are sorted term-major, doc-minor: this is already CSR order.
    indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_arr, minlength=len(vocabulary)), out=indptr[1:])
    postings = sparse.csr_array(
        (weights.astype(np.float32), col_arr, indptr), shape=(len(vocabulary), n_docs)
    )
    return vocabulary, postings


def division_key(code: str) -> str:
    """Division (two leading digits) of a numeric KSIC code, section letter ignored; the whole
    value for other (opaque) codes."""
    code = industry_code(code)
    return code[:2] if code[:2].isdigit() else code


def build_partner_index(
    partners: Sequence[PartnerProfile],
    *,
    use_declared: bool = True,
    tokenizer: Callable[[str], list[str]] | None = None,
    tokens: Sequence[Sequence[str]] | None = None,
    skip_empty: bool = False,
) -> PartnerIndex:
    """Index ``partners`` for ranking.

    Args:
        use_declared: if False, declared capabilities are ignored and every partner's
            capabilities are inferred from its text (the "descriptions only" evaluation).
        tokenizer: overrides the Kiwi tokenizer; ``tokens`` gives pre-tokenised texts
            (one list per partner, e.g. from a cache) and skips tokenisation.
        skip_empty: leave out partners with no description, capabilities or references
            (listed in ``PartnerIndex.skipped``) instead of raising
            ``matching.partner_no_text``; the partners format allows an empty description.

    Raises:
        InputError: ``matching.duplicate_partner``, ``matching.partner_no_text``,
            ``matching.unknown_label``, ``import.bad_value`` (kind), ``matching.no_partners``.
    """
    skipped: tuple[str, ...] = ()
    if skip_empty:
        if tokens is not None:
            tokens = [t for t, p in zip(tokens, partners, strict=True) if p.has_evidence()]
        skipped = tuple(p.id for p in partners if not p.has_evidence())
        partners = [p for p in partners if p.has_evidence()]
    if not partners:
        raise InputError("matching.no_partners")
    labels = taxonomy_ids()
    seen: set[str] = set()
    for partner in partners:
        if partner.id in seen:
            raise InputError("matching.duplicate_partner", partner_id=partner.id)
        seen.add(partner.id)
        check_partner(partner, known_labels=labels)
    kiwi_tokens = tokens is None and tokenizer is None
    if tokens is None:
        texts = [p.text() for p in partners]
        tokens = [tokenizer(t) for t in texts] if tokenizer else tokenize_many(texts)
    elif len(tokens) != len(partners):
        raise ValueError("tokens must have one entry per partner")
    vocabulary, postings = _bm25_postings(tokens)

    n = len(partners)
    label_pos = {label: i for i, label in enumerate(labels)}
    capability = np.zeros((n, len(labels)), dtype=np.float32)
    inferred = np.zeros((n, len(labels)), dtype=np.bool_)
    division_codes: dict[str, int] = {}
    div_rows: list[int] = []
    div_cols: list[int] = []
    ref_rows: list[int] = []
    ref_cols: list[int] = []
    digit = np.zeros((n, 10), dtype=np.bool_)
    success = np.zeros(n, dtype=np.float32)
    avail = np.zeros(n, dtype=np.float32)
    for row, partner in enumerate(partners):
        if use_declared and partner.capabilities:
            declared = set(partner.capabilities)
            strength = min(1.0, math.sqrt(DECLARED_BREADTH / len(declared)))
            for capability_id in declared:
                capability[row, label_pos[capability_id]] = strength
        else:
            for found in infer_labels(partner.text(), tokens=tokens[row] if kiwi_tokens else None):
                capability[row, label_pos[found.label]] = found.strength * INFERRED_DISCOUNT
                inferred[row, label_pos[found.label]] = True
        served = {division_key(c) for c in partner.industries if c}
        for key in served:
            div_rows.append(row)
            div_cols.append(division_codes.setdefault(key, len(division_codes)))
        for reference in partner.references:
            if reference.industry:
                ref_rows.append(row)
                ref_cols.append(
                    division_codes.setdefault(division_key(reference.industry), len(division_codes))
                )
        for code in [
            industry_code(c)
            for c in (*partner.industries, *(r.industry for r in partner.references))
        ]:
            if code[:1].isdigit():
                digit[row, int(code[0])] = True
        success[row] = success_rate([r.success for r in partner.references])[0]
        avail[row] = availability(partner.active_projects)
    width = max(len(division_codes), 1)
    division = sparse.csc_array(
        (np.ones(len(div_rows), dtype=np.float32), (div_rows, div_cols)), shape=(n, width)
    )
    division.sum_duplicates()
    division.data[:] = 1.0
    reference_division = sparse.csc_array(
        (np.ones(len(ref_rows), dtype=np.float32), (ref_rows, ref_cols)), shape=(n, width)
    )
    reference_division.sum_duplicates()
    region_codes: dict[str, int] = {}
    region = np.asarray(
        [
            region_codes.setdefault(p.region[:2], len(region_codes)) if p.region else -1
            for p in partners
        ],
        dtype=np.int32,
    )
    return PartnerIndex(
        partners=tuple(partners),
        ids=tuple(p.id for p in partners),
        vocabulary=vocabulary,
        terms=tuple(vocabulary),
        postings=postings,
        labels=labels,
        capability=np.ascontiguousarray(capability.T),
        inferred=np.ascontiguousarray(inferred.T),
        division_codes=division_codes,
        division=division,
        digit=np.ascontiguousarray(digit.T),
        reference_division=reference_division,
        success=success,
        availability=avail,
        region_codes=region_codes,
        region=region,
        uses_declared=use_declared,
        skipped=skipped,
    )


def suggest_capabilities(
    partner: PartnerProfile, *, min_strength: float = 0.3
) -> tuple[LabelScore, ...]:
    """Capabilities inferred from the partner's text that it has not declared: suggestions the
    partner can accept (strongest first)."""
    declared = set(partner.capabilities)
    return tuple(
        s
        for s in infer_labels(partner.text())
        if s.label not in declared and s.strength >= min_strength
    )


def idf_of(index: PartnerIndex, term: str) -> float:
    """Document frequency based idf of ``term`` (0 if unknown), for diagnostics."""
    term_id = index.vocabulary.get(term)
    if term_id is None:
        return 0.0
    df = index.postings.indptr[term_id + 1] - index.postings.indptr[term_id]
    return math.log1p((len(index) - df + 0.5) / (df + 0.5))
