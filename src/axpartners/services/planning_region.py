"""What planning knows about the region, read from the database.

The pure planning core (:mod:`axpartners.planning`) works on plain inputs; this module builds
them from the stored rows: labelled open needs, partners with their capabilities and industries,
policy items with use-case or industry tags (budgets in 백만원), and the region's industry
strengths (RCA, density, PCI, opportunities) when the strengths service has statistics loaded.
Candidate generation (:mod:`axpartners.services.planning`) and the briefing pack
(:mod:`axpartners.services.briefing`) read the same inputs; the AI 선도 분야 지도 (lead map)
of the region is built from them here as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.clock import KST, today as local_today
from axpartners.codes import DEFAULT_SCOPE, in_scope, industry_name, parse_scope, region_name
from axpartners.db.tables import Need, Organisation, PolicyItem
from axpartners.errors import AxError
from axpartners.i18n.catalog import translate
from axpartners.matching.explain import industry_name as short_industry_name
from axpartners.planning.candidates import IndustryContext, NeedInput, PartnerRef, PolicyRef
from axpartners.planning.leadmap import LeadMap, RegionIndustry, build_lead_map, rca_ranks
from axpartners.reports.assemble import OpportunityInput
from axpartners.services import strengths as strengths_service
from axpartners.services.actors import Actor, require_member
from axpartners.services.strengths import RegionStrengths
from axpartners.taxonomy import UNKNOWN_ID, load_taxonomy

CLOSED_NEED_STATUSES = frozenset({"rejected", "duplicate", "spam", "closed"})


def use_case_labels(locale: str = "ko") -> dict[str, str]:
    return {u.id: (u.ko if locale == "ko" else u.en) for u in load_taxonomy()}


def use_case_descriptions() -> dict[str, str]:
    return {u.id: u.description_ko for u in load_taxonomy()}


# ---- plain inputs from the database ------------------------------------------------------------


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KST).date()


def need_inputs(session: Session) -> list[NeedInput]:
    """Labelled, open needs as planning inputs (label = use-case; unclassified needs left out)."""
    labelled = Need.label.is_not(None) & (Need.label != UNKNOWN_ID)
    rows = session.scalars(select(Need).where(labelled).order_by(Need.id))
    return [
        NeedInput(
            id=str(n.id),
            text=n.text,
            use_case=str(n.label),
            industry=n.industry,
            company=n.company or None,
            title=n.title or None,
            urgency=0.5,
            submitted_at=_local_date(n.submitted_at),
        )
        for n in rows
        if n.status not in CLOSED_NEED_STATUSES
    ]


def partner_refs(session: Session) -> list[PartnerRef]:
    rows = session.scalars(select(Organisation).order_by(Organisation.id))
    return [
        PartnerRef(
            id=o.id,
            name=o.name,
            kind=o.kind,
            capabilities=tuple(o.capability_ids()),
            industries=tuple(o.industry_codes()),
        )
        for o in rows
    ]


def _tag_values(tags: Sequence[Mapping[str, object]] | None, kind: str) -> list[str]:
    return [str(t.get("value")) for t in tags or () if t.get("kind") == kind and t.get("value")]


def policy_refs(session: Session) -> list[PolicyRef]:
    """Policy items with a use-case or industry tag; budgets (won) become 백만원."""
    out: list[PolicyRef] = []
    for item in session.scalars(select(PolicyItem).order_by(PolicyItem.id)):
        use_cases = _tag_values(item.tags, "use_case")
        industries = _tag_values(item.tags, "industry")
        if not use_cases and not industries:
            continue
        budgets = []
        for raw in _tag_values(item.tags, "budget"):
            try:
                budgets.append(float(raw) / 1_000_000)
            except ValueError:
                continue
        title = (item.title or item.text).strip().replace("\n", " ")
        out.append(
            PolicyRef(
                id=str(item.id),
                title=title[:120],
                tags=tuple(dict.fromkeys(use_cases)),
                industries=tuple(dict.fromkeys(industries)),
                budget_mkrw=max(budgets) if budgets else None,
            )
        )
    return out


def strength_analysis(session: Session, *, region: str) -> RegionStrengths | None:
    """The Strengths analysis of ``region`` on the best dataset for planning, or None.

    Needs carry KSIC divisions, so a division-level dataset is preferred (real before
    synthetic, as :func:`axpartners.services.strengths.list_datasets` orders them); without
    statistics (or when the analysis fails) planning goes on with neutral figures.
    """
    try:
        datasets = strengths_service.list_datasets(session)
    except AxError:
        return None
    usable = [d for d in datasets if d.regions >= 3 and d.industries >= 3]
    division = [d for d in usable if d.level == "division"]
    candidates = division or usable or datasets
    if not candidates:
        return None
    chosen = candidates[0]
    try:
        return strengths_service.region_strengths(session, region=region, dataset=chosen.name)
    except AxError:
        return None


def region_strengths(
    session: Session, *, region: str, analysis: RegionStrengths | None = None
) -> list[RegionIndustry]:
    """Every industry of the region with RCA, density, PCI and its RCA rank among regions."""
    found = analysis or strength_analysis(session, region=region)
    if found is None:
        return []
    result = found.result
    if found.region not in result.regions:
        return []
    row = result.regions.index(found.region)
    rca = result.rca.toarray()
    triples = (
        (reg, ind, float(rca[r, i]))
        for r, reg in enumerate(result.regions)
        for i, ind in enumerate(result.industries)
    )
    ranks = rca_ranks(triples, region=found.region)
    out: list[RegionIndustry] = []
    for i, code in enumerate(result.industries):
        rank = ranks.get(code)
        out.append(
            RegionIndustry(
                industry=code,
                name_ko=industry_name(code),
                rca=float(rca[row, i]),
                density=float(result.density[row, i]),
                pci=float(result.pci[i]),
                rca_rank=rank[0] if rank else None,
                n_regions=rank[1] if rank else None,
                is_synthetic=found.is_synthetic,
            )
        )
    return out


def region_opportunities(
    session: Session, *, region: str, analysis: RegionStrengths | None = None
) -> list[OpportunityInput]:
    """The region's ranked opportunities (Balland et al. 2019) as briefing inputs."""
    found = analysis or strength_analysis(session, region=region)
    if found is None:
        return []
    return [
        OpportunityInput(
            industry=o.industry,
            name_ko=industry_name(o.industry),
            density=float(o.density),
            pci=float(o.pci),
            rca=float(o.rca),
            density_percentile=float(o.density_percentile),
            pci_percentile=float(o.pci_percentile),
        )
        for o in found.opportunities
    ]


def industry_contexts(
    session: Session, *, region: str, codes: Sequence[str | None]
) -> dict[str, IndustryContext]:
    """Strength figures by industry; industries without figures still get their Korean name."""
    out = {
        s.industry: IndustryContext(s.industry, s.name_ko, s.rca, s.density, s.pci, s.is_synthetic)
        for s in region_strengths(session, region=region)
    }
    for code in codes:
        if code and code not in out:
            out[code] = IndustryContext(code, industry_name(code))
    return out


# ---- lead map ----------------------------------------------------------------------------------


def lead_map(
    session: Session,
    *,
    actor: Actor,
    region: str = "26",
    today: date | None = None,
    scope: str = DEFAULT_SCOPE,
    locale: str = "ko",
) -> LeadMap:
    """The AI 선도 분야 지도 of the region from the database, its text in ``locale``.

    Its strength component comes from the same Strengths analysis as the briefing pack's
    opportunity section (:func:`strength_analysis`), limited to the industry ``scope``; each
    group of evidence carries its source in :attr:`LeadMap.sources`. Industries go by their
    short names (``금속가공``, not ``금속가공제품 제조업; 기계 및 가구 제외``).
    """
    require_member(actor)
    analysis = strength_analysis(session, region=region)
    divisions = parse_scope(scope)
    rows = [
        r
        for r in region_strengths(session, region=region, analysis=analysis)
        if in_scope(r.industry, divisions)
    ]
    needs = need_inputs(session)
    partners = partner_refs(session)
    policies = policy_refs(session)
    return build_lead_map(
        strengths=rows,
        use_case_labels=use_case_labels(locale),
        needs=needs,
        partners=partners,
        policies=policies,
        today=today or local_today(),
        region_name=region_name(region, locale),
        locale=locale,
        industry_names={r.industry: short_industry_name(r.industry, locale) for r in rows},
        sources=evidence_sources(
            analysis,
            needs=len(needs),
            partners=len(partners),
            policies=len(policies),
            locale=locale,
        ),
    )


def evidence_sources(
    analysis: RegionStrengths | None,
    *,
    needs: int,
    partners: int,
    policies: int,
    locale: str = "ko",
) -> dict[str, str]:
    """One citation line per evidence group of the lead map (and the briefing)."""
    if analysis is None:
        strength = translate("planning.leadmap.source.no_stats", locale)
    else:
        year = f" {analysis.year}" if analysis.year else ""
        strength = translate(
            "planning.leadmap.source.strength",
            locale,
            source=analysis.source,
            dataset=analysis.dataset.name,
            measure=f"{analysis.measure}{year}",
            scope=analysis.scope,
        )
    return {
        "strength": strength,
        "demand": translate("planning.leadmap.source.demand", locale, n=needs),
        "supply": translate("planning.leadmap.source.supply", locale, n=partners),
        "policy": translate("planning.leadmap.source.policy", locale, n=policies),
    }
