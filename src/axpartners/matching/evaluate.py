"""Offline evaluation of rankings against graded relevance judgments (0–3).

- nDCG@k (Järvelin & Kekäläinen 2002) with exponential gain ``2^grade - 1`` and discount
  ``log2(rank + 1)`` (Burges et al. 2005); the ideal ordering uses every judged grade of the need.
- recall@k: share of the need's relevant partners (grade ≥ 1) found in the top k.

Needs without any judgment of grade ≥ 1 are left out of the means (they have no ideal DCG).
Unjudged partners count as grade 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from axpartners.errors import AnalyticsError
from axpartners.matching.index import build_partner_index
from axpartners.matching.profiles import NeedProfile, PartnerProfile
from axpartners.matching.rank import rank_partners
from axpartners.matching.score import MatchWeights


@dataclass(frozen=True, slots=True)
class NeedScore:
    need_id: str
    ndcg5: float
    ndcg10: float
    recall10: float


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Mean nDCG@5, nDCG@10 and recall@10 over ``n_needs`` judged needs, with per-need rows."""

    ndcg5: float
    ndcg10: float
    recall10: float
    n_needs: int
    per_need: tuple[NeedScore, ...]


def dcg(grades: Sequence[int], k: int) -> float:
    """``Σ_{i<k} (2^g_i - 1) / log2(i + 2)`` over the first ``k`` grades."""
    return sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal <= 0:
        return 0.0
    return dcg([judged.get(pid, 0) for pid in ranking], k) / ideal


def recall_at(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    relevant = {pid for pid, grade in judged.items() if grade >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def evaluate_rankings(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> EvalResult:
    """Scores of ``rankings`` (need id → partner ids, best first) against ``qrels``.

    Raises:
        AnalyticsError: ``matching.no_judgments`` if no need has a positive judgment.
    """
    rows = []
    for need_id, judged in sorted(qrels.items()):
        if not any(g >= 1 for g in judged.values()):
            continue
        ranking = rankings.get(need_id, ())
        rows.append(
            NeedScore(
                need_id=need_id,
                ndcg5=ndcg_at(ranking, judged, 5),
                ndcg10=ndcg_at(ranking, judged, 10),
                recall10=recall_at(ranking, judged, 10),
            )
        )
    if not rows:
        raise AnalyticsError("matching.no_judgments")
    n = len(rows)
    return EvalResult(
        ndcg5=sum(r.ndcg5 for r in rows) / n,
        ndcg10=sum(r.ndcg10 for r in rows) / n,
        recall10=sum(r.recall10 for r in rows) / n,
        n_needs=n,
        per_need=tuple(rows),
    )


def evaluate_matching(
    *,
    needs: Sequence[NeedProfile],
    partners: Sequence[PartnerProfile],
    qrels: Mapping[str, Mapping[str, int]],
    weights: MatchWeights | None = None,
    use_declared: bool = True,
) -> EvalResult:
    """Rank every need's top 10 with :func:`rank_partners` and score it against ``qrels``.

    Partners with nothing to match on are left out (they can never be retrieved)."""
    index = build_partner_index(partners, use_declared=use_declared, skip_empty=True)
    rankings = {
        need.id: [m.partner_id for m in rank_partners(need, index, top=10, weights=weights)]
        for need in needs
        if need.id in qrels
    }
    return evaluate_rankings(rankings, qrels)
