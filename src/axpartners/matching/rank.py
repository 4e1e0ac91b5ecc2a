"""Rank partners for a need: hybrid score with named components and Korean reasons.

See :mod:`axpartners.matching.score` for each component's definition and the default
weights. All partners are scored with vector operations (one BM25 gather + ``bincount``, a
weighted sum of the need's capability rows, sparse column lookups for industry); only the top
``k`` are explained.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from axpartners.errors import InputError, NotFound
from axpartners.matching._tokens import tokenize
from axpartners.matching.explain import CapabilityEvidence, MatchEvidence, render_reasons
from axpartners.matching.features import (
    PARTIAL_INDUSTRY,
    industry_code,
    infer_labels,
    label_weights,
)
from axpartners.matching.index import PartnerIndex, build_partner_index, division_key
from axpartners.matching.profiles import NeedProfile, check_need
from axpartners.matching.score import COMPONENTS, MatchWeights

__all__ = [
    "Match",
    "MatchWeights",
    "NeedMatch",
    "PartnerIndex",
    "build_partner_index",
    "matched_needs",
    "need_labels",
    "rank_partners",
]

FloatArray = npt.NDArray[np.float32]
MIN_LEXICAL = 0.1
"""Below this normalised BM25 (a lone common word) a partner without a matching capability
is not considered relevant at all."""


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked partner: ``score = Σ weights[c] · components[c]`` (each component in [0, 1])."""

    partner_id: str
    name: str
    score: float
    components: Mapping[str, float]
    reasons: tuple[str, ...]
    evidence: MatchEvidence


def need_labels(need: NeedProfile, *, tokens: Sequence[str] | None = None) -> dict[str, float]:
    """The need's labels with weights summing to 1: given labels equally, else inferred ones."""
    if need.labels:
        return label_weights(dict.fromkeys(need.labels, 1.0))
    inferred = infer_labels(need.full_text(), tokens=tokens)
    return label_weights({s.label: s.strength for s in inferred})


def _query_terms(index: PartnerIndex, tokens: Sequence[str]) -> list[int]:
    return sorted({index.vocabulary[t] for t in tokens if t in index.vocabulary})


def _lexical(index: PartnerIndex, term_ids: Sequence[int]) -> FloatArray:
    n = len(index)
    if not term_ids:
        return np.zeros(n, dtype=np.float32)
    indptr, indices, data = index.postings.indptr, index.postings.indices, index.postings.data
    spans = [(indptr[t], indptr[t + 1]) for t in term_ids]
    docs = np.concatenate([indices[a:b] for a, b in spans])
    weights = np.concatenate([data[a:b] for a, b in spans])
    raw = np.bincount(docs, weights=weights, minlength=n).astype(np.float32)
    best = float(raw.max()) if raw.size else 0.0
    return raw / best if best > 0 else raw


def _column(matrix: object, column: int, n: int) -> FloatArray:
    out = np.zeros(n, dtype=np.float32)
    indptr = matrix.indptr  # type: ignore[attr-defined]
    rows = matrix.indices[indptr[column] : indptr[column + 1]]  # type: ignore[attr-defined]
    out[rows] = matrix.data[indptr[column] : indptr[column + 1]]  # type: ignore[attr-defined]
    return out


def _industry(index: PartnerIndex, industry: str) -> tuple[FloatArray, FloatArray]:
    """``(similarity, references in the division)`` per partner for the need's industry."""
    n = len(index)
    industry = industry_code(industry)
    if not industry:
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    key = division_key(industry)
    column = index.division_codes.get(key)
    if column is None:
        exact = np.zeros(n, dtype=np.float32)
        refs = np.zeros(n, dtype=np.float32)
    else:
        refs = _column(index.reference_division, column, n)
        exact = np.maximum(_column(index.division, column, n), np.minimum(refs, 1.0))
    if industry[:1].isdigit():
        partial = index.digit[int(industry[0])].astype(np.float32) * PARTIAL_INDUSTRY
        exact = np.maximum(exact, partial)
    return exact, refs


def _components(
    need: NeedProfile, index: PartnerIndex, labels: Mapping[str, float], term_ids: Sequence[int]
) -> tuple[dict[str, FloatArray], FloatArray]:
    n = len(index)
    # A weighted sum of the need's few label rows (no BLAS call over all partners).
    capability = np.zeros(n, dtype=np.float32)
    for label, weight in labels.items():
        capability += np.float32(weight) * index.capability[index.labels.index(label)]
    industry, refs = _industry(index, need.industry)
    region = np.zeros(n, dtype=np.float32)
    region_id = index.region_codes.get(need.region[:2]) if need.region else None
    if region_id is not None:
        region = (index.region == region_id).astype(np.float32)
    values = {
        "lexical": _lexical(index, term_ids),
        "capability": capability,
        "industry": industry,
        "success": index.success,
        "availability": index.availability,
        "region": region,
    }
    return values, refs


@dataclass(frozen=True, slots=True)
class _Scored:
    """Every partner scored for one need; ``total`` is over ``relevant`` rows only."""

    labels: Mapping[str, float]
    term_ids: Sequence[int]
    values: Mapping[str, FloatArray]
    refs: FloatArray
    relevant: npt.NDArray[np.intp]
    total: FloatArray
    region_share: float


def _score(need: NeedProfile, index: PartnerIndex, weights: MatchWeights) -> _Scored:
    check_need(need, known_labels=index.labels)
    tokens = tokenize(need.full_text())
    labels = need_labels(need, tokens=tokens)
    term_ids = _query_terms(index, tokens)
    values, refs = _components(need, index, labels, term_ids)
    w = weights.as_dict()
    relevant = np.flatnonzero((values["lexical"] >= MIN_LEXICAL) | (values["capability"] > 0))
    total = np.zeros(relevant.size, dtype=np.float32)
    for name in COMPONENTS:
        if w[name]:
            total += np.float32(w[name]) * values[name][relevant]
    region_share = float(values["region"].mean()) if len(index) else 0.0
    return _Scored(labels, term_ids, values, refs, relevant, total, region_share)


def rank_partners(
    need: NeedProfile,
    index: PartnerIndex,
    *,
    top: int = 10,
    weights: MatchWeights | None = None,
    locale: str = "ko",
) -> list[Match]:
    """The ``top`` partners for ``need``, best first, with components and reasons.

    Only partners with some relevance evidence (a matching capability, or lexical overlap of
    at least :data:`MIN_LEXICAL`) are returned, so the list may be shorter than ``top``.
    Ties break by partner id.

    Raises:
        InputError: ``matching.need_no_evidence`` (no text and no labels),
            ``matching.unknown_label``, ``matching.bad_top``.
    """
    if top < 1:
        raise InputError("matching.bad_top", value=top)
    scored = _score(need, index, weights or MatchWeights())
    relevant, total = scored.relevant, scored.total
    if relevant.size == 0:
        return []
    k = min(top, relevant.size)
    # Partition at 2k so that ties at the k-th score can still be broken by id.
    pool = min(2 * k, relevant.size)
    picked = (
        np.argpartition(-total, pool - 1)[:pool]
        if pool < relevant.size
        else np.arange(relevant.size)
    )
    order = sorted(picked.tolist(), key=lambda i: (-float(total[i]), index.ids[relevant[i]]))[:k]
    rows = [int(relevant[i]) for i in order]
    keywords = _keywords(index, scored.term_ids, rows)
    return [
        _explain(need, index, row, scored, keywords[n], float(total[i]), locale)
        for n, (i, row) in enumerate(zip(order, rows, strict=True))
    ]


@dataclass(frozen=True, slots=True)
class NeedMatch:
    """A need in a partner's inbox: the partner's ``rank`` among all partners for that need."""

    need_id: str
    rank: int
    match: Match


def matched_needs(
    partner_id: str,
    needs: Sequence[NeedProfile],
    index: PartnerIndex,
    *,
    within: int = 10,
    weights: MatchWeights | None = None,
    locale: str = "ko",
) -> list[NeedMatch]:
    """The needs for which ``partner_id`` ranks in the top ``within`` (its "matched needs"
    inbox), best score first. Ranks use the same order as :func:`rank_partners`.

    Raises:
        NotFound: the partner is not in the index.
    """
    try:
        row = index.position(partner_id)
    except ValueError:
        raise NotFound("not_found", what="partner", key=partner_id) from None
    weights = weights or MatchWeights()
    found: list[NeedMatch] = []
    for need in needs:
        scored = _score(need, index, weights)
        hit = np.flatnonzero(scored.relevant == row)
        if hit.size == 0:
            continue
        mine = scored.total[hit[0]]
        tied = np.flatnonzero(scored.total == mine).tolist()
        ties_ahead = sum(1 for i in tied if index.ids[int(scored.relevant[i])] < partner_id)
        rank = int((scored.total > mine).sum()) + ties_ahead + 1
        if rank > within:
            continue
        keywords = _keywords(index, scored.term_ids, [row])[0]
        match = _explain(need, index, row, scored, keywords, float(mine), locale)
        found.append(NeedMatch(need_id=need.id, rank=rank, match=match))
    return sorted(found, key=lambda m: (-m.match.score, m.rank, m.need_id))


def _keywords(
    index: PartnerIndex, term_ids: Sequence[int], rows: Sequence[int]
) -> list[tuple[str, ...]]:
    """The (up to) three query terms contributing most BM25 to each of ``rows``.

    One-character tokens (verb stems such as "찾") are skipped: they explain nothing to a reader.
    """
    postings = index.postings
    wanted = np.asarray(rows, dtype=np.int64)
    found: list[list[tuple[float, str]]] = [[] for _ in rows]
    for term in term_ids:
        if len(index.terms[term]) < 2:
            continue
        start, end = int(postings.indptr[term]), int(postings.indptr[term + 1])
        docs = postings.indices[start:end]
        hits = np.searchsorted(docs, wanted)
        for n, hit in enumerate(hits.tolist()):
            if hit < end - start and docs[hit] == wanted[n]:
                found[n].append((float(postings.data[start + hit]), index.terms[term]))
    return [tuple(t for _, t in sorted(c, key=lambda c: (-c[0], c[1]))[:3]) for c in found]


def _explain(
    need: NeedProfile,
    index: PartnerIndex,
    row: int,
    scored: _Scored,
    keywords: tuple[str, ...],
    score: float,
    locale: str,
) -> Match:
    labels, values, refs = scored.labels, scored.values, scored.refs
    partner = index.partners[row]
    capabilities = tuple(
        CapabilityEvidence(
            label=label, inferred=bool(index.inferred[index.labels.index(label), row])
        )
        for label, _ in sorted(labels.items(), key=lambda kv: -kv[1])
        if index.capability[index.labels.index(label), row] > 0
    )
    outcomes = [r.success for r in partner.references if r.success is not None]
    components = {name: round(float(values[name][row]), 4) for name in COMPONENTS}
    evidence = MatchEvidence(
        capabilities=capabilities,
        industry=need.industry if components["industry"] > 0 else "",
        industry_exact=components["industry"] >= 1.0,
        references_in_industry=int(refs[row]),
        keywords=keywords,
        successes=sum(1 for o in outcomes if o),
        known_outcomes=len(outcomes),
        active_projects=partner.active_projects,
        region=need.region if components["region"] > 0 and scored.region_share < 0.5 else "",
    )
    return Match(
        partner_id=partner.id,
        name=partner.name,
        score=round(score, 4),
        components=components,
        reasons=render_reasons(evidence, locale=locale),
        evidence=evidence,
    )
