"""Assemble a :class:`~axpartners.reports.pack.BriefingPack` from plain planning inputs.

The service layer reads needs, partners, policy items, strengths, projects and action items
from the database, converts them to the plain dataclasses of :mod:`axpartners.planning` and
calls :func:`assemble_briefing_pack`, which runs candidate generation, scoring, quick wins and
the lead map and turns the results into display views. :func:`load_briefing_inputs` reads the
same inputs from a YAML file (used for the demo benchmark and for offline packs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from axpartners.errors import InputError
from axpartners.i18n.catalog import translate
from axpartners.planning.candidates import (
    IndustryContext,
    NeedInput,
    PartnerRef,
    PolicyRef,
    cluster_needs,
    generate_candidates,
)
from axpartners.planning.leadmap import LeadMapWeights, RegionIndustry, build_lead_map
from axpartners.planning.onepager import build_onepager
from axpartners.planning.provenance import Sentence, Source
from axpartners.planning.scoring import ScoreWeights, rank_candidates, rank_quick_wins
from axpartners.reports.pack import (
    ActionItem,
    BriefingPack,
    ComponentView,
    Cover,
    DemandMap,
    LeadFieldView,
    NeedSummary,
    Opportunity,
    PolicyHighlight,
    candidate_view,
    component_views,
    mark_overdue,
)


@dataclass(frozen=True, slots=True)
class OpportunityInput:
    """An industry the region does not yet specialise in, from the opportunity ranking
    (``axpartners.analytics.opportunity.rank_opportunities``): ``score = weight · density
    percentile + (1 - weight) · PCI percentile`` in [0, 1] (Balland et al. 2019)."""

    industry: str
    name_ko: str
    density: float
    pci: float
    rca: float
    density_percentile: float
    pci_percentile: float
    weight: float = 0.5


@dataclass(frozen=True, slots=True)
class BriefingInputs:
    """Everything :func:`assemble_briefing_pack` needs, as plain data."""

    cover: Cover
    today: date
    needs: tuple[NeedInput, ...] = ()
    partners: tuple[PartnerRef, ...] = ()
    policies: tuple[PolicyRef, ...] = ()
    strengths: tuple[RegionIndustry, ...] = ()
    opportunities: tuple[OpportunityInput, ...] = ()
    pipeline: Mapping[str, int] = field(default_factory=dict)
    actions: tuple[ActionItem, ...] = ()
    new_since: date | None = None
    region_name: str = "부산"
    strengths_source: str = ""
    """Citation of the statistics behind ``strengths`` and ``opportunities`` (one analysis)."""
    policy_sources: Mapping[str, str] = field(default_factory=dict)
    """Policy item id → where it comes from (document title and page) for the "출처" column."""
    industry_names: Mapping[str, str] = field(default_factory=dict)
    """KSIC code → name for industries the strengths don't cover (needs outside the scope)."""


def opportunity_view(o: OpportunityInput, *, is_synthetic: bool, locale: str = "ko") -> Opportunity:
    """Display view with components (density and PCI percentile points) and reasons."""
    density_points = 100.0 * o.weight * o.density_percentile
    pci_points = 100.0 * (1.0 - o.weight) * o.pci_percentile
    components = (
        ComponentView(
            "advantage_density",
            translate("planning.component.advantage_density", locale),
            density_points,
            o.density_percentile,
        ),
        ComponentView(
            "advantage_pci",
            translate("planning.component.advantage_pci", locale),
            pci_points,
            o.pci_percentile,
        ),
    )
    level = "high" if o.density >= 0.5 else ("mid" if o.density >= 0.25 else "low")
    reasons = [
        Sentence(
            translate(
                "planning.leadmap.density",
                locale,
                density=f"{o.density:.2f}",
                level=translate(f"planning.leadmap.level.{level}", locale),
            ),
            Source.DATA,
        ),
        Sentence(
            translate(
                "planning.leadmap.pci_high" if o.pci > 0 else "planning.leadmap.pci_low",
                locale,
                pci=f"{o.pci:.2f}",
            ),
            Source.DATA,
        ),
        Sentence(translate("reports.opportunity.not_yet", locale, rca=f"{o.rca:.2f}"), Source.DATA),
    ]
    if is_synthetic:
        reasons.append(Sentence(translate("planning.leadmap.synthetic", locale), Source.TEMPLATE))
    return Opportunity(
        industry=o.industry,
        name=o.name_ko,
        density=o.density,
        pci=o.pci,
        score=density_points + pci_points,
        components=components,
        reasons=tuple(reasons),
        rca=o.rca,
    )


def assemble_briefing_pack(
    inputs: BriefingInputs,
    *,
    use_case_labels: Mapping[str, str],
    weights: ScoreWeights | None = None,
    lead_weights: LeadMapWeights | None = None,
    top_candidates: int = 8,
    top_fields: int = 10,
    top_opportunities: int = 8,
    top_policies: int = 6,
    top_new_needs: int = 12,
    top_onepagers: int = 3,
    use_case_descriptions: Mapping[str, str] | None = None,
    locale: str = "ko",
    candidate_counts: tuple[int, int] | None = None,
) -> BriefingPack:
    """Run the planning pipeline on ``inputs`` and build every section of the pack.

    The appendix holds the one-pagers of the ``top_onepagers`` best candidates, planned to
    start on the first day of the month after ``inputs.today``. ``candidate_counts``
    (candidates, quick wins) replaces the counts of this generation on the cover note, for a
    pack that shows the stored candidates the app's pages count.
    """
    is_synthetic = any(s.is_synthetic for s in inputs.strengths)
    industry_names = {s.industry: s.name_ko for s in inputs.strengths}
    contexts = {
        s.industry: IndustryContext(s.industry, s.name_ko, s.rca, s.density, s.pci, s.is_synthetic)
        for s in inputs.strengths
    }
    candidates = generate_candidates(
        cluster_needs(inputs.needs),
        policies=inputs.policies,
        partners=inputs.partners,
        industries=contexts,
        today=inputs.today,
        use_case_labels=use_case_labels,
    )
    by_id = {c.id: c for c in candidates}
    features = {c.id: c.features for c in candidates}
    quick = {r.candidate_id for r in rank_quick_wins(features, weights)}
    candidate_views = tuple(
        candidate_view(
            candidate_id=r.candidate_id,
            title=by_id[r.candidate_id].title,
            use_case=use_case_labels.get(
                by_id[r.candidate_id].use_case, by_id[r.candidate_id].use_case
            ),
            industry=by_id[r.candidate_id].industry_name or "",
            score=r.score,
            problem=by_id[r.candidate_id].problem,
            months_to_first_result=r.months_to_first_result,
            consortium=tuple(m.name for m in by_id[r.candidate_id].consortium),
            policies=by_id[r.candidate_id].policy_titles[:2],
            is_quick_win=r.candidate_id in quick,
        )
        for r in rank_candidates(features, weights)[:top_candidates]
    )

    lead_map = build_lead_map(
        strengths=inputs.strengths,
        use_case_labels=use_case_labels,
        needs=inputs.needs,
        partners=inputs.partners,
        policies=inputs.policies,
        today=inputs.today,
        region_name=inputs.region_name,
        weights=lead_weights,
        locale=locale,
    )
    lead_fields = tuple(
        LeadFieldView(
            use_case=f.use_case_label,
            industry=f.industry_name,
            score=f.score.total,
            components=component_views(f.score.components, locale=locale),
            reasons=f.reasons,
        )
        for f in lead_map.top(top_fields)
    )

    def industry_label(code: str | None) -> str:
        if code is None:
            return translate("planning.candidate.any_industry", locale)
        for length in range(len(code), 1, -1):
            if code[:length] in industry_names:
                return industry_names[code[:length]]
        return inputs.industry_names.get(code, code)

    new_needs = sorted(
        (
            n
            for n in inputs.needs
            if inputs.new_since is None or (n.submitted_at and n.submitted_at >= inputs.new_since)
        ),
        key=lambda n: (n.submitted_at or date.min, n.id),
        reverse=True,
    )
    actions = mark_overdue(inputs.actions, today=inputs.today)
    highlights = sorted(inputs.policies, key=lambda p: (-(p.budget_mkrw or 0.0), p.id))[
        :top_policies
    ]
    notes = [
        Sentence(
            translate(
                "reports.note.summary",
                locale,
                needs=len(new_needs),
                candidates=candidate_counts[0] if candidate_counts else len(candidates),
                quick=candidate_counts[1] if candidate_counts else len(quick),
                actions=len(actions),
                overdue=sum(a.is_overdue for a in actions),
            ),
            Source.DATA,
        )
    ]
    if is_synthetic:
        notes.append(Sentence(translate("reports.note.synthetic", locale), Source.TEMPLATE))
    start = date(inputs.today.year + inputs.today.month // 12, inputs.today.month % 12 + 1, 1)
    descriptions = use_case_descriptions or {}
    onepagers = tuple(
        build_onepager(
            by_id[view.id],
            start=start,
            use_case_label=view.use_case,
            use_case_description=descriptions.get(by_id[view.id].use_case, ""),
            region_name=inputs.region_name,
            locale=locale,
        )
        for view in candidate_views[:top_onepagers]
    )
    return BriefingPack(
        cover=inputs.cover,
        policy_highlights=tuple(
            PolicyHighlight(
                title=p.title,
                source=inputs.policy_sources.get(p.id, ""),
                tags=tuple(use_case_labels.get(t, t) for t in p.tags),
                budget_mkrw=p.budget_mkrw,
            )
            for p in highlights
        ),
        new_needs=tuple(
            NeedSummary(
                id=n.id,
                title=n.title or n.text[:60],
                company=n.company or "",
                industry=industry_label(n.industry),
                use_case=use_case_labels.get(n.use_case, n.use_case),
                submitted_at=n.submitted_at,
            )
            for n in new_needs[:top_new_needs]
        ),
        demand_map=DemandMap.from_pairs(
            (industry_label(n.industry), use_case_labels.get(n.use_case, n.use_case))
            for n in inputs.needs
        )
        if inputs.needs
        else None,
        opportunities=tuple(
            opportunity_view(o, is_synthetic=is_synthetic, locale=locale)
            for o in inputs.opportunities[:top_opportunities]
        ),
        opportunities_synthetic=is_synthetic,
        opportunities_source=inputs.strengths_source,
        lead_fields=lead_fields,
        candidates=candidate_views,
        pipeline=dict(inputs.pipeline),
        actions=actions,
        notes=tuple(notes),
        onepagers=onepagers,
    )


def _date(value: Any, *, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            "import.bad_value", file=where, column="date", value=value, hint="YYYY-MM-DD"
        ) from None


def load_briefing_inputs(path: Path) -> BriefingInputs:
    """Read :class:`BriefingInputs` from YAML (keys mirror the dataclass fields)."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for bad dates
        raise InputError("input.invalid", file=where, detail=str(exc).splitlines()[0]) from None
    cover = data.get("cover") or {}
    tuple_fields = {"tags", "industries", "capabilities"}

    def build(cls: Any, item: Mapping[str, Any], dates: Sequence[str] = ()) -> Any:
        kwargs = {k: (tuple(v) if k in tuple_fields else v) for k, v in item.items()}
        for key in dates:
            if kwargs.get(key) is not None:
                kwargs[key] = _date(kwargs[key], where=where)
        return cls(**kwargs)

    try:
        return BriefingInputs(
            cover=Cover(
                meeting_title=str(cover["meeting_title"]),
                meeting_date=_date(cover["meeting_date"], where=where),
                **{k: cover[k] for k in ("council_name", "host") if k in cover},
                generated_at=datetime.fromisoformat(str(cover["generated_at"]))
                if cover.get("generated_at")
                else None,
            ),
            today=_date(data["today"], where=where),
            needs=tuple(build(NeedInput, n, ("submitted_at",)) for n in data.get("needs", [])),
            partners=tuple(build(PartnerRef, p) for p in data.get("partners", [])),
            policies=tuple(build(PolicyRef, p) for p in data.get("policies", [])),
            strengths=tuple(build(RegionIndustry, s) for s in data.get("strengths", [])),
            opportunities=tuple(build(OpportunityInput, o) for o in data.get("opportunities", [])),
            pipeline={str(k): int(v) for k, v in (data.get("pipeline") or {}).items()},
            actions=tuple(build(ActionItem, a, ("due",)) for a in data.get("actions", [])),
            new_since=_date(data["new_since"], where=where) if data.get("new_since") else None,
            region_name=str(data.get("region_name", "부산")),
        )
    except (KeyError, TypeError) as exc:
        raise InputError("input.invalid", file=where, detail=str(exc)) from None
