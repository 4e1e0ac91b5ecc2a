"""AI 선도 분야 지도: where the region can lead, for every AI use-case x industry.

For each field (use-case ``u``, industry ``i``) four groups of evidence are put side by side and
turned into bounded sub-scores in [0, 1] (never decreasing when the evidence gets stronger):

* **strength** of industry ``i`` in the region (Strengths analysis, SPEC §6):
  ``rca/(rca+1)`` (RCA 1 gives 0.5), relatedness density clipped to [0, 1], ``logistic(PCI)``,
  and the standing relative to other regions ``1 - (rank-1)/(n-1)`` where the region's RCA is
  ranked ``rank`` of ``n`` regions (the data has other regions' figures: KOSIS by 시·도).
* **demand**: local needs of use-case ``u`` in industry ``i``, ``n/(n+3)``, and their growth
  ``(g+1)/2`` with ``g = (recent-prior)/(recent+prior)`` over two 90-day windows.
* **supply**: partners with capability ``u``; a partner that also lists industry ``i`` counts
  1, others 0.5; companies ``c/(c+1)`` and universities/research institutes ``a/(a+1)``.
* **policy**: national/regional policy items tagged ``u`` and/or mentioning ``i``
  (``1 - exp(-Σ strength/2)``, strengths as in :func:`~axpartners.planning.candidates.matching_policies`)
  and their budgets ``b/(b + 10,000)`` in 백만원 (100억원 gives 0.5), weighted by strength.

The score and its components are composed exactly as the candidate score
(:func:`~axpartners.planning.scoring.compose_score`), so components sum to the score. Missing
figures count as a neutral 0.5 and are flagged. The ranking follows the smart-specialisation
logic of Balland et al. (2019): feasibility (density), value (complexity) and the region's
relative position, here joined with local demand, partners and national policy.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from axpartners.i18n.catalog import translate
from axpartners.planning.candidates import (
    ACADEMIC_KINDS,
    NeedInput,
    PartnerRef,
    PolicyRef,
    demand_growth,
    matching_policies,
    policy_fit,
)
from axpartners.planning.provenance import Sentence, Source
from axpartners.planning.scoring import CandidateScore, LeafWeights, compose_score
from axpartners.units import format_mkrw

NEEDS_HALF = 3.0
BUDGET_HALF_MKRW = 10_000.0
NEUTRAL = 0.5

LEAD_GROUPS: Mapping[str, tuple[str, ...]] = {
    "strength": ("strength_rca", "strength_density", "strength_pci", "strength_relative"),
    "demand": ("demand_count", "demand_growth"),
    "supply": ("supply_company", "supply_academic"),
    "policy": ("policy_items", "policy_budget"),
}


@dataclass(frozen=True, slots=True)
class LeadMapWeights(LeafWeights):
    """Leaf weights; defaults sum to 100: strength 40, demand 25, supply 15, policy 20.

    Strength leads because the question is where the region can lead *relative to others*;
    within it, the standing against other regions weighs most.
    """

    strength_rca: float = 10.0
    strength_density: float = 10.0
    strength_pci: float = 8.0
    strength_relative: float = 12.0
    demand_count: float = 18.0
    demand_growth: float = 7.0
    supply_company: float = 8.0
    supply_academic: float = 7.0
    policy_items: float = 12.0
    policy_budget: float = 8.0


@dataclass(frozen=True, slots=True)
class RegionIndustry:
    """The region's strength figures for one industry (``axp strengths`` output).

    ``rca_rank`` is the region's rank by RCA among ``n_regions`` regions (1 = highest); see
    :func:`rca_ranks`. ``is_synthetic`` marks illustrative (합성) statistics.
    """

    industry: str
    name_ko: str
    rca: float | None = None
    density: float | None = None
    pci: float | None = None
    rca_rank: int | None = None
    n_regions: int | None = None
    is_synthetic: bool = False


@dataclass(frozen=True, slots=True)
class LeadField:
    """One use-case x industry field with its evidence, score, rank and Korean reasons."""

    use_case: str
    use_case_label: str
    industry: str
    industry_name: str
    rank: int
    score: CandidateScore
    strength: RegionIndustry
    needs: int
    growth: float
    companies: tuple[str, ...]
    academics: tuple[str, ...]
    policy_ids: tuple[str, ...]
    policy_titles: tuple[str, ...]
    budget_mkrw: float
    reasons: tuple[Sentence, ...]

    @property
    def main_group(self) -> str:
        """The score group that gives the most points (the verdict's reason)."""
        return max(self.score.components, key=lambda c: (c.points, c.key)).key


@dataclass(frozen=True, slots=True)
class LeadMap:
    """The ranked fields, and where each group of evidence comes from.

    ``sources`` maps ``strength``/``demand``/``supply``/``policy`` to a one-line citation (the
    statistics dataset for strength, counts of the stored needs, partners and policy items).
    """

    region_name: str
    fields: tuple[LeadField, ...]
    is_synthetic: bool
    sources: Mapping[str, str] = field(default_factory=dict)

    def top(self, n: int) -> tuple[LeadField, ...]:
        return self.fields[:n]

    def for_use_case(self, use_case: str) -> tuple[LeadField, ...]:
        return tuple(f for f in self.fields if f.use_case == use_case)


@dataclass(frozen=True, slots=True)
class _Facts:
    use_case: str
    label: str
    row: RegionIndustry
    needs: int
    growth: float
    companies: tuple[str, ...]
    academics: tuple[str, ...]
    fits: tuple[tuple[PolicyRef, float], ...]
    budget: float


def rca_ranks(rows: Iterable[tuple[str, str, float]], *, region: str) -> dict[str, tuple[int, int]]:
    """``industry -> (rank, n_regions)`` of ``region`` by RCA among all regions (1 = highest;
    ties share the better rank). ``rows`` are ``(region, industry, rca)`` triples."""
    by_industry: dict[str, dict[str, float]] = defaultdict(dict)
    for reg, industry, rca in rows:
        by_industry[industry][reg] = rca
    out: dict[str, tuple[int, int]] = {}
    for industry, values in by_industry.items():
        if region not in values:
            continue
        mine = values[region]
        out[industry] = (1 + sum(1 for v in values.values() if v > mine), len(values))
    return out


def _sat(x: float, half: float) -> float:
    return x / (x + half) if x > 0 else 0.0


def _industry_matches(need_industry: str | None, industry: str) -> bool:
    if need_industry is None:
        return False
    return need_industry.startswith(industry) or industry.startswith(need_industry)


def build_lead_map(
    *,
    strengths: Sequence[RegionIndustry],
    use_case_labels: Mapping[str, str],
    needs: Sequence[NeedInput],
    partners: Sequence[PartnerRef],
    policies: Sequence[PolicyRef],
    today: date,
    region_name: str = "부산",
    weights: LeadMapWeights | None = None,
    locale: str = "ko",
    sources: Mapping[str, str] | None = None,
    industry_names: Mapping[str, str] | None = None,
) -> LeadMap:
    """Score and rank every use-case x industry field (see the module docstring).

    Args:
        strengths: one row per industry the statistics cover (the fields' industries).
        use_case_labels: taxonomy id -> label, in display order (the fields' use-cases).
        needs: classified local needs; a need counts for the industry its KSIC code falls in.
        industry_names: the industries' display names in ``locale`` (short names read better
            in sentences); :attr:`RegionIndustry.name_ko` where missing.
    Returns:
        All fields, best first (ties by use-case then industry), ranks from 1.
    """
    w = (weights or LeadMapWeights()).as_dict()
    needs_by_uc: dict[str, list[NeedInput]] = defaultdict(list)
    for need in needs:
        needs_by_uc[need.use_case].append(need)
    partners_by_uc: dict[str, list[PartnerRef]] = defaultdict(list)
    for partner in partners:
        for capability in partner.capabilities:
            partners_by_uc[capability].append(partner)

    scored: list[tuple[CandidateScore, _Facts]] = []
    for use_case, label in use_case_labels.items():
        capable = partners_by_uc.get(use_case, [])
        for row in strengths:
            field_needs = [
                n
                for n in needs_by_uc.get(use_case, ())
                if _industry_matches(n.industry, row.industry)
            ]
            company_units = sum(
                1.0 if _knows(p, row.industry) else 0.5 for p in capable if p.kind == "company"
            )
            academic_units = sum(
                1.0 if _knows(p, row.industry) else 0.5 for p in capable if p.kind in ACADEMIC_KINDS
            )
            fits = tuple(matching_policies(use_case, row.industry, policies))
            facts = _Facts(
                use_case=use_case,
                label=label,
                row=row,
                needs=len(field_needs),
                growth=demand_growth(field_needs, today=today),
                companies=tuple(p.name for p in capable if p.kind == "company"),
                academics=tuple(p.name for p in capable if p.kind in ACADEMIC_KINDS),
                fits=fits,
                budget=float(sum((p.budget_mkrw or 0.0) * s for p, s in fits)),
            )
            subs = _sub_scores(
                row,
                needs=facts.needs,
                growth=facts.growth,
                company_units=company_units,
                academic_units=academic_units,
                policy_strengths=[s for _, s in fits],
                budget=facts.budget,
            )
            scored.append((compose_score(groups=LEAD_GROUPS, weights=w, subs=subs), facts))

    scored.sort(key=lambda t: (-round(t[0].total, 9), t[1].use_case, t[1].row.industry))
    out = [
        _lead_field(
            rank,
            score,
            facts,
            region_name=region_name,
            locale=locale,
            name=(industry_names or {}).get(facts.row.industry, facts.row.name_ko),
        )
        for rank, (score, facts) in enumerate(scored, start=1)
    ]
    return LeadMap(
        region_name=region_name,
        fields=tuple(out),
        is_synthetic=any(r.is_synthetic for r in strengths),
        sources=dict(sources or {}),
    )


def _knows(partner: PartnerRef, industry: str) -> bool:
    return any(_industry_matches(code, industry) for code in partner.industries)


def _sub_scores(
    row: RegionIndustry,
    *,
    needs: int,
    growth: float,
    company_units: float,
    academic_units: float,
    policy_strengths: Sequence[float],
    budget: float,
) -> dict[str, tuple[float, bool]]:
    if row.rca_rank is not None and row.n_regions and row.n_regions > 1:
        relative = (1.0 - (row.rca_rank - 1) / (row.n_regions - 1), False)
    else:
        relative = (NEUTRAL, True)
    return {
        "strength_rca": (NEUTRAL, True)
        if row.rca is None
        else (_sat(max(0.0, row.rca), 1.0), False),
        "strength_density": (NEUTRAL, True)
        if row.density is None
        else (min(1.0, max(0.0, row.density)), False),
        "strength_pci": (NEUTRAL, True)
        if row.pci is None
        else (1.0 / (1.0 + math.exp(-min(50.0, max(-50.0, row.pci)))), False),
        "strength_relative": relative,
        "demand_count": (_sat(float(needs), NEEDS_HALF), False),
        "demand_growth": ((min(1.0, max(-1.0, growth)) + 1.0) / 2.0, False),
        "supply_company": (_sat(company_units, 1.0), False),
        "supply_academic": (_sat(academic_units, 1.0), False),
        "policy_items": (policy_fit(policy_strengths), False),
        "policy_budget": (_sat(budget, BUDGET_HALF_MKRW), False),
    }


def _lead_field(
    rank: int, score: CandidateScore, facts: _Facts, *, region_name: str, locale: str, name: str
) -> LeadField:
    reasons = explain_field(
        row=facts.row,
        use_case_label=facts.label,
        needs=facts.needs,
        growth=facts.growth,
        companies=facts.companies,
        academics=facts.academics,
        policy_titles=tuple(p.title for p, _ in facts.fits),
        budget_mkrw=facts.budget,
        score=score,
        region_name=region_name,
        locale=locale,
        industry_name=name,
    )
    return LeadField(
        use_case=facts.use_case,
        use_case_label=facts.label,
        industry=facts.row.industry,
        industry_name=name,
        rank=rank,
        score=score,
        strength=facts.row,
        needs=facts.needs,
        growth=facts.growth,
        companies=facts.companies,
        academics=facts.academics,
        policy_ids=tuple(p.id for p, _ in facts.fits),
        policy_titles=tuple(p.title for p, _ in facts.fits),
        budget_mkrw=facts.budget,
        reasons=reasons,
    )


def explain_field(
    *,
    row: RegionIndustry,
    use_case_label: str,
    needs: int,
    growth: float,
    companies: Sequence[str],
    academics: Sequence[str],
    policy_titles: Sequence[str],
    budget_mkrw: float,
    score: CandidateScore,
    region_name: str,
    locale: str = "ko",
    industry_name: str | None = None,
) -> tuple[Sentence, ...]:
    """Why a field ranks where it does: data sentences for each piece of evidence, then one
    template sentence naming the strongest group (and the synthetic-data caveat)."""

    def say(code: str, source: Source = Source.DATA, **params: object) -> Sentence:
        return Sentence(translate(f"planning.leadmap.{code}", locale, **params), source)

    out: list[Sentence] = []
    if row.rca is not None:
        key = "rca_high" if row.rca >= 1.0 else "rca_low"
        name = industry_name or row.name_ko
        out.append(say(key, region=region_name, industry=name, rca=f"{row.rca:.2f}"))
    if row.rca_rank is not None and row.n_regions:
        out.append(say("rank", n=row.n_regions, rank=row.rca_rank))
    if row.density is not None:
        level = "high" if row.density >= 0.5 else ("mid" if row.density >= 0.25 else "low")
        out.append(
            say(
                "density",
                density=f"{row.density:.2f}",
                level=translate(f"planning.leadmap.level.{level}", locale),
            )
        )
    if row.pci is not None:
        out.append(say("pci_high" if row.pci > 0 else "pci_low", pci=f"{row.pci:.2f}"))
    if needs:
        growth_key = "growth_up" if growth > 0 else ("growth_down" if growth < 0 else "growth_flat")
        out.append(
            say(
                "needs",
                use_case=use_case_label,
                n=needs,
                trend=translate(f"planning.leadmap.{growth_key}", locale),
            )
        )
    else:
        out.append(say("no_needs", use_case=use_case_label))
    if companies or academics:
        names = ", ".join([*companies, *academics][:4])
        out.append(say("supply", companies=len(companies), academics=len(academics), names=names))
    else:
        out.append(say("no_supply"))
    if policy_titles and budget_mkrw > 0:
        budget = format_mkrw(budget_mkrw, locale)
        out.append(say("policy", n=len(policy_titles), first=policy_titles[0], budget=budget))
    elif policy_titles:
        out.append(say("policy_no_budget", n=len(policy_titles), first=policy_titles[0]))
    best = max(score.components, key=lambda c: (c.points, c.key))
    out.append(say(f"verdict.{best.key}", Source.TEMPLATE, region=region_name))
    if row.is_synthetic:
        out.append(say("synthetic", Source.TEMPLATE))
    return tuple(out)
