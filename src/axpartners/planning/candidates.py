"""Project candidates generated from clusters of needs (plain inputs; no database).

A cluster is a group of needs sharing an AI use-case and an industry (the lead may cluster
differently and pass its own :class:`NeedCluster`). For each cluster the generator writes a
candidate with its problem, target companies, fitting policy items, a recommended consortium
and the :class:`~axpartners.planning.scoring.CandidateFeatures` the score is computed from.

Assumptions per use-case (data readiness, scope, cost, months to a first result) come from
:data:`DEFAULT_PROFILES`; they are the secretariat's planning assumptions, marked as such in
the one-pager, and the caller may replace them or edit a candidate by hand
(``dataclasses.replace(candidate, ..., is_edited=True)``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from axpartners.i18n.catalog import translate
from axpartners.planning.scoring import CandidateFeatures, Scope
from axpartners.planning.titles import candidate_title

GROWTH_WINDOW_DAYS = 90
ACADEMIC_KINDS = frozenset({"university", "research"})


@dataclass(frozen=True, slots=True)
class NeedInput:
    """A classified need. ``urgency`` in [0, 1]; ``use_case`` is a taxonomy id."""

    id: str
    text: str
    use_case: str
    industry: str | None = None
    company: str | None = None
    title: str | None = None
    urgency: float = 0.5
    submitted_at: date | None = None


@dataclass(frozen=True, slots=True)
class NeedCluster:
    use_case: str
    industry: str | None
    needs: tuple[NeedInput, ...]


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """A policy item: ``tags`` are taxonomy ids, ``industries`` KSIC codes, budget in 백만원."""

    id: str
    title: str
    tags: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    budget_mkrw: float | None = None


@dataclass(frozen=True, slots=True)
class PartnerRef:
    """A partner organisation; ``kind`` is company/university/research/public."""

    id: str
    name: str
    kind: str
    capabilities: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndustryContext:
    """The region's figures for one industry (from the strengths analysis)."""

    industry: str
    name_ko: str
    rca: float | None = None
    density: float | None = None
    pci: float | None = None
    is_synthetic: bool = False


@dataclass(frozen=True, slots=True)
class UseCaseProfile:
    """Planning assumptions for a first project phase of a use-case."""

    data_readiness: float
    scope: Scope
    cost_mkrw: float
    months_to_first_result: float


# Planning assumptions (template values, not measurements): vision inspection, energy and
# document automation start from data firms usually have; twins and robotics need integration.
DEFAULT_PROFILES: Mapping[str, UseCaseProfile] = {
    "vision-inspection": UseCaseProfile(0.7, Scope.SMALL, 150.0, 3.0),
    "predictive-maintenance": UseCaseProfile(0.5, Scope.MEDIUM, 200.0, 5.0),
    "process-optimization": UseCaseProfile(0.5, Scope.MEDIUM, 200.0, 5.0),
    "production-planning": UseCaseProfile(0.6, Scope.MEDIUM, 150.0, 4.0),
    "demand-inventory": UseCaseProfile(0.7, Scope.SMALL, 100.0, 3.0),
    "logistics-supply-chain": UseCaseProfile(0.5, Scope.MEDIUM, 300.0, 6.0),
    "energy-carbon": UseCaseProfile(0.7, Scope.SMALL, 120.0, 3.0),
    "industrial-safety": UseCaseProfile(0.5, Scope.SMALL, 150.0, 4.0),
    "robotics-physical-ai": UseCaseProfile(0.3, Scope.LARGE, 600.0, 9.0),
    "digital-twin-simulation": UseCaseProfile(0.3, Scope.LARGE, 500.0, 9.0),
    "generative-design": UseCaseProfile(0.4, Scope.MEDIUM, 250.0, 6.0),
    "document-automation": UseCaseProfile(0.8, Scope.SMALL, 80.0, 2.0),
    "knowledge-assistant": UseCaseProfile(0.6, Scope.SMALL, 100.0, 3.0),
    "sales-marketing-cs": UseCaseProfile(0.7, Scope.SMALL, 80.0, 2.0),
    "data-infrastructure": UseCaseProfile(0.4, Scope.MEDIUM, 250.0, 6.0),
}
FALLBACK_PROFILE = UseCaseProfile(0.5, Scope.MEDIUM, 200.0, 6.0)


@dataclass(frozen=True, slots=True)
class ConsortiumMember:
    partner_id: str
    name: str
    kind: str
    matches_industry: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A project candidate: what it solves, for whom, with whom, and its score inputs."""

    id: str
    title: str
    problem: str
    use_case: str
    industry: str | None
    industry_name: str | None
    need_ids: tuple[str, ...]
    target_companies: tuple[str, ...]
    policy_ids: tuple[str, ...]
    policy_titles: tuple[str, ...]
    consortium: tuple[ConsortiumMember, ...]
    features: CandidateFeatures
    is_synthetic_strength: bool = False
    is_edited: bool = False


def cluster_needs(
    needs: Iterable[NeedInput], *, industry_digits: int | None = 2
) -> tuple[NeedCluster, ...]:
    """Group needs by (use-case, industry); clusters ordered by size, then key.

    Industry codes are cut to ``industry_digits`` (KSIC division by default, so class
    ``"3111"`` and division ``"31"`` fall in one cluster); ``None`` keeps codes as given.
    """
    groups: dict[tuple[str, str | None], list[NeedInput]] = defaultdict(list)
    for need in needs:
        industry = need.industry
        if industry is not None and industry_digits is not None:
            industry = industry[:industry_digits]
        groups[(need.use_case, industry)].append(need)
    clusters = [
        NeedCluster(use_case=uc, industry=ind, needs=tuple(sorted(items, key=lambda n: n.id)))
        for (uc, ind), items in groups.items()
    ]
    clusters.sort(key=lambda c: (-len(c.needs), c.use_case, c.industry or ""))
    return tuple(clusters)


def demand_growth(needs: Sequence[NeedInput], *, today: date) -> float:
    """``(recent - prior) / (recent + prior)`` over two 90-day windows ending ``today``; 0 if none."""
    recent_start = today - timedelta(days=GROWTH_WINDOW_DAYS)
    prior_start = recent_start - timedelta(days=GROWTH_WINDOW_DAYS)
    recent = sum(1 for n in needs if n.submitted_at and recent_start < n.submitted_at <= today)
    prior = sum(1 for n in needs if n.submitted_at and prior_start < n.submitted_at <= recent_start)
    return 0.0 if recent + prior == 0 else (recent - prior) / (recent + prior)


def matching_policies(
    use_case: str, industry: str | None, policies: Iterable[PolicyRef]
) -> list[tuple[PolicyRef, float]]:
    """Policy items that fit, with a strength: 1.0 use-case and industry (or no industry
    restriction), 0.6 use-case only, 0.3 industry only. Strongest first."""
    out: list[tuple[PolicyRef, float]] = []
    for item in policies:
        has_uc = use_case in item.tags
        has_ind = industry is not None and _industry_matches(industry, item.industries)
        if has_uc and (has_ind or not item.industries):
            strength = 1.0
        elif has_uc:
            strength = 0.6
        elif has_ind:
            strength = 0.3
        else:
            continue
        out.append((item, strength))
    out.sort(key=lambda t: (-t[1], -(t[0].budget_mkrw or 0.0), t[0].id))
    return out


def policy_fit(strengths: Iterable[float]) -> float:
    """``1 - exp(-Σ strength / 2)``: one full match gives 0.39, three give 0.78."""
    return 1.0 - math.exp(-sum(strengths) / 2.0)


def _industry_matches(industry: str, codes: Iterable[str]) -> bool:
    # KSIC codes nest by prefix: division "25" covers group "251" and class "2511".
    return any(industry.startswith(c) or c.startswith(industry) for c in codes)


def recommend_consortium(
    use_case: str, industry: str | None, partners: Iterable[PartnerRef], *, size: int = 4
) -> tuple[ConsortiumMember, ...]:
    """Greedy 산·학·연 consortium: capable partners, industry matches first, then mixing kinds
    so that at least one company and one university/research institute are in when available."""
    capable = [p for p in partners if use_case in p.capabilities]

    def key(p: PartnerRef) -> tuple[int, str]:
        matches = industry is not None and _industry_matches(industry, p.industries)
        return (0 if matches else 1, p.id)

    capable.sort(key=key)
    chosen: list[PartnerRef] = []
    for wanted in ("company", "academic"):
        for p in capable:
            kind = "academic" if p.kind in ACADEMIC_KINDS else p.kind
            if kind == wanted and p not in chosen:
                chosen.append(p)
                break
    for p in capable:
        if len(chosen) >= size:
            break
        if p not in chosen:
            chosen.append(p)
    return tuple(
        ConsortiumMember(
            partner_id=p.id,
            name=p.name,
            kind=p.kind,
            matches_industry=industry is not None and _industry_matches(industry, p.industries),
        )
        for p in chosen[:size]
    )


def partner_coverage(members: Sequence[ConsortiumMember]) -> float:
    """Mean of three checks: a capable company, a capable university/research institute,
    and a capable partner that knows the industry; plus depth (members/3, at most 1).
    ``(has_company + has_academic + has_industry_match + min(1, n/3)) / 4``."""
    if not members:
        return 0.0
    has_company = any(m.kind == "company" for m in members)
    has_academic = any(m.kind in ACADEMIC_KINDS for m in members)
    has_industry = any(m.matches_industry for m in members)
    depth = min(1.0, len(members) / 3.0)
    return (has_company + has_academic + has_industry + depth) / 4.0


def generate_candidates(
    clusters: Iterable[NeedCluster],
    *,
    policies: Sequence[PolicyRef],
    partners: Sequence[PartnerRef],
    industries: Mapping[str, IndustryContext],
    today: date,
    use_case_labels: Mapping[str, str],
    profiles: Mapping[str, UseCaseProfile] | None = None,
    min_needs: int = 1,
) -> tuple[Candidate, ...]:
    """One candidate per cluster with at least ``min_needs`` needs.

    Args:
        industries: the region's strength figures by KSIC code (division codes are also
            looked up for longer codes).
        use_case_labels: taxonomy id → Korean label (``{u.id: u.ko for u in load_taxonomy()}``).
        profiles: planning assumptions per use-case; :data:`DEFAULT_PROFILES` by default.
    """
    profiles = DEFAULT_PROFILES if profiles is None else profiles
    out: list[Candidate] = []
    for cluster in clusters:
        if len(cluster.needs) < min_needs:
            continue
        context = _industry_context(cluster.industry, industries)
        industry_name = context.name_ko if context else cluster.industry
        label = use_case_labels.get(cluster.use_case, cluster.use_case)
        fits = matching_policies(cluster.use_case, cluster.industry, policies)
        members = recommend_consortium(cluster.use_case, cluster.industry, partners)
        profile = profiles.get(cluster.use_case, FALLBACK_PROFILE)
        needs = cluster.needs
        features = CandidateFeatures(
            need_count=len(needs),
            urgency=sum(n.urgency for n in needs) / len(needs),
            growth=demand_growth(needs, today=today),
            policy_fit=policy_fit(s for _, s in fits),
            density=context.density if context else None,
            pci=context.pci if context else None,
            partner_coverage=partner_coverage(members),
            data_readiness=profile.data_readiness,
            scope=profile.scope,
            cost_mkrw=profile.cost_mkrw,
            months_to_first_result=profile.months_to_first_result,
        )
        companies = tuple(dict.fromkeys(n.company for n in needs if n.company))
        out.append(
            Candidate(
                id=f"cand-{cluster.use_case}-{cluster.industry or 'all'}",
                title=candidate_title(use_case_label=label, industry=cluster.industry, locale="ko"),
                problem=_problem_text(needs),
                use_case=cluster.use_case,
                industry=cluster.industry,
                industry_name=industry_name,
                need_ids=tuple(n.id for n in needs),
                target_companies=companies,
                policy_ids=tuple(p.id for p, _ in fits),
                policy_titles=tuple(p.title for p, _ in fits),
                consortium=members,
                features=features,
                is_synthetic_strength=bool(context and context.is_synthetic),
            )
        )
    return tuple(out)


def _industry_context(
    industry: str | None, industries: Mapping[str, IndustryContext]
) -> IndustryContext | None:
    if industry is None:
        return None
    for length in range(len(industry), 1, -1):
        found = industries.get(industry[:length])
        if found is not None:
            return found
    return None


def _problem_text(needs: Sequence[NeedInput]) -> str:
    """The most urgent need's title (or its first 80 characters), plus how many more."""
    lead = min(needs, key=lambda n: (-n.urgency, n.id))
    head = (lead.title or lead.text).strip().replace("\n", " ")
    if len(head) > 80:
        head = head[:79] + "…"
    if len(needs) == 1:
        return head
    return translate("planning.candidate.problem_more", "ko", head=head, more=len(needs) - 1)
