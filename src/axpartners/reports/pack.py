"""The briefing pack: plain, frozen data for every section of the council's meeting material.

The service layer fills a :class:`BriefingPack` from the database; the renderers in
:mod:`axpartners.reports.briefing` turn it into HTML or PDF without touching anything else.
Every score travels with its components (:class:`ComponentView`), every generated text as
:class:`~axpartners.planning.provenance.Sentence` (data vs template).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from axpartners.i18n.catalog import translate
from axpartners.planning.onepager import OnePager
from axpartners.planning.provenance import Sentence
from axpartners.planning.scoring import CandidateScore, ScoreComponent
from axpartners.reports.briefing_calls import CallBrief

COUNCIL_NAME = "부산테크노파크 AI전략 파트너스 협의회"
PIPELINE_STAGES = ("아이디어", "기획", "제안", "선정", "실증", "성과확산", "중단")


@dataclass(frozen=True, slots=True)
class Cover:
    meeting_title: str
    meeting_date: date
    council_name: str = COUNCIL_NAME
    host: str = "부산테크노파크"
    generated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PolicyHighlight:
    """A policy item worth the council's attention; ``tags`` are display labels."""

    title: str
    source: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    budget_mkrw: float | None = None


@dataclass(frozen=True, slots=True)
class NeedSummary:
    id: str
    title: str
    company: str = ""
    industry: str = ""
    use_case: str = ""
    submitted_at: date | None = None


@dataclass(frozen=True, slots=True)
class DemandMap:
    """Needs counted by industry (rows) x AI use-case (columns), both as display labels."""

    industries: tuple[str, ...]
    use_cases: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.industries) or any(
            len(row) != len(self.use_cases) for row in self.counts
        ):
            raise ValueError("DemandMap.counts must be len(industries) x len(use_cases)")

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> DemandMap:
        """Count ``(industry, use_case)`` pairs; rows and columns ordered by total, then label."""
        counter: dict[tuple[str, str], int] = {}
        for pair in pairs:
            counter[pair] = counter.get(pair, 0) + 1
        rows: dict[str, int] = {}
        cols: dict[str, int] = {}
        for (ind, uc), n in counter.items():
            rows[ind] = rows.get(ind, 0) + n
            cols[uc] = cols.get(uc, 0) + n
        industries = tuple(sorted(rows, key=lambda k: (-rows[k], k)))
        use_cases = tuple(sorted(cols, key=lambda k: (-cols[k], k)))
        counts = tuple(tuple(counter.get((i, u), 0) for u in use_cases) for i in industries)
        return cls(industries=industries, use_cases=use_cases, counts=counts)


@dataclass(frozen=True, slots=True)
class ComponentView:
    """One score component for display: label, points (adds up to the score), 0-1 value."""

    key: str
    label: str
    points: float
    value: float
    is_missing: bool = False
    parts: tuple[ComponentView, ...] = ()


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A regional opportunity (industry) with relatedness density, PCI and its score."""

    industry: str
    name: str
    density: float | None
    pci: float | None
    score: float
    components: tuple[ComponentView, ...] = ()
    reasons: tuple[Sentence, ...] = ()
    rca: float | None = None


@dataclass(frozen=True, slots=True)
class LeadFieldView:
    """A row of the AI 선도 분야 지도: use-case x industry, score, components and reasons."""

    use_case: str
    industry: str
    score: float
    components: tuple[ComponentView, ...] = ()
    reasons: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class CandidateView:
    id: str
    title: str
    use_case: str
    industry: str
    score: float
    components: tuple[ComponentView, ...]
    problem: str = ""
    months_to_first_result: float | None = None
    consortium: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    is_quick_win: bool = False


@dataclass(frozen=True, slots=True)
class ActionItem:
    title: str
    owner: str
    due: date | None = None
    is_overdue: bool = False
    meeting: str = ""


@dataclass(frozen=True, slots=True)
class BriefingPack:
    """Everything one briefing shows. Empty tuples render as "자료 없음" in their section.

    ``pipeline`` maps the stage names of :data:`PIPELINE_STAGES` to project counts (missing
    stages count 0). ``opportunities_synthetic`` labels the opportunities and lead map
    "합성 데이터(예시)"; ``notes`` are free sentences shown on the cover page; ``onepagers``
    (project briefs of the candidates to decide) form an appendix.
    """

    cover: Cover
    policy_highlights: tuple[PolicyHighlight, ...] = ()
    new_needs: tuple[NeedSummary, ...] = ()
    demand_map: DemandMap | None = None
    opportunities: tuple[Opportunity, ...] = ()
    opportunities_synthetic: bool = False
    opportunities_source: str = ""
    """The statistics behind both the opportunities and the lead map's strength (one analysis)."""
    lead_fields: tuple[LeadFieldView, ...] = ()
    candidates: tuple[CandidateView, ...] = ()
    pipeline: Mapping[str, int] | None = None
    actions: tuple[ActionItem, ...] = ()
    notes: tuple[Sentence, ...] = ()
    onepagers: tuple[OnePager, ...] = ()
    open_calls: tuple[CallBrief, ...] = ()
    """The calls-for-proposals page (:mod:`axpartners.reports.briefing_calls`)."""

    def pipeline_counts(self) -> tuple[tuple[str, int], ...]:
        """``(stage, count)`` for every stage in the fixed order, then any unknown stages."""
        counts = dict(self.pipeline or {})
        ordered = [(stage, int(counts.pop(stage, 0))) for stage in PIPELINE_STAGES]
        ordered.extend(sorted((k, int(v)) for k, v in counts.items()))
        return tuple(ordered)

    def overdue_actions(self) -> tuple[ActionItem, ...]:
        return tuple(a for a in self.actions if a.is_overdue)


def component_views(
    components: Iterable[ScoreComponent], *, locale: str = "ko"
) -> tuple[ComponentView, ...]:
    """Score components (planning or lead map) as labelled views, recursively."""
    return tuple(
        ComponentView(
            key=c.key,
            label=translate(f"planning.component.{c.key}", locale),
            points=c.points,
            value=c.value,
            is_missing=c.is_missing,
            parts=component_views(c.parts, locale=locale),
        )
        for c in components
    )


def candidate_view(
    *,
    candidate_id: str,
    title: str,
    use_case: str,
    industry: str,
    score: CandidateScore,
    problem: str = "",
    months_to_first_result: float | None = None,
    consortium: tuple[str, ...] = (),
    policies: tuple[str, ...] = (),
    is_quick_win: bool = False,
) -> CandidateView:
    """A :class:`CandidateView` from a planning score (labels in Korean)."""
    return CandidateView(
        id=candidate_id,
        title=title,
        use_case=use_case,
        industry=industry,
        score=score.total,
        components=component_views(score.components),
        problem=problem,
        months_to_first_result=months_to_first_result,
        consortium=consortium,
        policies=policies,
        is_quick_win=is_quick_win,
    )


def mark_overdue(actions: Iterable[ActionItem], *, today: date) -> tuple[ActionItem, ...]:
    """The same actions with ``is_overdue`` set when the due date is before ``today``."""
    return tuple(
        ActionItem(
            title=a.title,
            owner=a.owner,
            due=a.due,
            is_overdue=a.due is not None and a.due < today,
            meeting=a.meeting,
        )
        for a in actions
    )
