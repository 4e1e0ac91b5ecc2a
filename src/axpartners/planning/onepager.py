"""Korean one-page project brief (사업 개요서) for a candidate, from its data and templates.

Sections, in order: 배경, 문제, 목표, 추진체계, 일정, 예산(안), 기대효과, KPI. Every sentence is a
:class:`~axpartners.planning.provenance.Sentence`: ``data`` when names or figures were filled
from the candidate (needs, companies, policy items, consortium, strength figures), ``template``
for fixed wording and planning assumptions (the use-case profile's months, cost and KPI
targets; these become ``data`` once a person has edited the candidate). The wording lives in
``i18n/messages/planning.yaml`` (``planning.onepager.*``). An optional rewrite through an LLM
is in :mod:`axpartners.planning.refine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from axpartners.i18n.catalog import load_catalog, translate
from axpartners.planning.candidates import Candidate
from axpartners.planning.provenance import Sentence, Source
from axpartners.units import format_mkrw

SECTION_KEYS = (
    "background",
    "problem",
    "goal",
    "organisation",
    "schedule",
    "budget",
    "effects",
    "kpi",
)
# Budget split of the first phase (template assumption, shares in percent).
BUDGET_SHARES = (("labour", 45), ("equipment", 30), ("data", 15), ("other", 10))
# Schedule phases as shares of the months to a first result, then the spreading phase.
PHASES = (("prepare", 0.3), ("build", 0.5), ("verify", 0.2))


@dataclass(frozen=True, slots=True)
class OnePagerSection:
    key: str
    heading: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class OnePager:
    candidate_id: str
    title: str
    sections: tuple[OnePagerSection, ...]

    def section(self, key: str) -> OnePagerSection:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)


def build_onepager(
    candidate: Candidate,
    *,
    start: date,
    use_case_label: str,
    use_case_description: str = "",
    region_name: str = "부산",
    locale: str = "ko",
) -> OnePager:
    """The brief of one candidate; ``start`` is the planned start month of the project."""

    def say(code: str, source: Source = Source.DATA, **params: object) -> Sentence:
        return Sentence(translate(f"planning.onepager.{code}", locale, **params), source)

    f = candidate.features
    assumed = Source.DATA if candidate.is_edited else Source.TEMPLATE
    industry = candidate.industry_name or translate("planning.candidate.any_industry", locale)
    companies = len(candidate.target_companies)
    company_names = ", ".join(candidate.target_companies[:3])

    background = [
        say(
            "background.needs",
            region=region_name,
            industry=industry,
            use_case=use_case_label,
            n=f.need_count,
            companies=companies,
        )
    ]
    if candidate.policy_titles:
        background.append(
            say(
                "background.policy",
                first=candidate.policy_titles[0],
                n=len(candidate.policy_titles),
            )
        )
    if f.density is not None and f.pci is not None:
        background.append(
            say(
                "background.strength",
                industry=industry,
                density=f"{f.density:.2f}",
                pci=f"{f.pci:.2f}",
            )
        )
        if candidate.is_synthetic_strength:
            background.append(say("background.synthetic", Source.TEMPLATE))
    background.append(say("background.council", Source.TEMPLATE))

    problem = [say("problem.field", problem=candidate.problem)]
    if companies:
        problem.append(say("problem.companies", names=company_names, n=companies))
    if use_case_description:
        problem.append(Sentence(use_case_description, Source.TEMPLATE))

    months = max(1, round(f.months_to_first_result))
    goal = [
        say("goal.first_result", assumed, months=months, use_case=use_case_label),
        say("goal.spread", n=f.need_count, industry=industry),
    ]

    if candidate.consortium:
        lead, *others = candidate.consortium
        organisation = [
            say(
                "organisation.consortium",
                lead=lead.name,
                others=", ".join(m.name for m in others) or "-",
                n=len(candidate.consortium),
            )
        ]
    else:
        organisation = [say("organisation.none", Source.TEMPLATE)]
    organisation.append(say("organisation.council", Source.TEMPLATE))

    schedule = _schedule(start, months, assumed, locale)

    cost = f.cost_mkrw
    budget = [say("budget.total", assumed, cost=format_mkrw(cost, locale))]
    budget.append(
        say(
            "budget.split",
            Source.TEMPLATE,
            **{k: format_mkrw(cost * share / 100, locale) for k, share in BUDGET_SHARES},
        )
    )

    effects = [
        say("effects.companies", n=max(companies, 1), use_case=use_case_label),
        say("effects.spread", industry=industry),
        say("effects.generic", Source.TEMPLATE),
    ]

    kpi_code = f"planning.onepager.kpi.{candidate.use_case}"
    if kpi_code not in load_catalog():
        kpi_code = "planning.onepager.kpi.default"
    kpi = [
        Sentence(translate(kpi_code, locale), assumed),
        say("kpi.participation", n=max(companies, 1)),
    ]

    parts = {
        "background": background,
        "problem": problem,
        "goal": goal,
        "organisation": organisation,
        "schedule": schedule,
        "budget": budget,
        "effects": effects,
        "kpi": kpi,
    }
    return OnePager(
        candidate_id=candidate.id,
        title=candidate.title,
        sections=tuple(
            OnePagerSection(
                key=key,
                heading=translate(f"planning.onepager.heading.{key}", locale),
                sentences=tuple(parts[key]),
            )
            for key in SECTION_KEYS
        ),
    )


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _schedule(start: date, months: int, source: Source, locale: str) -> list[Sentence]:
    """Three phases splitting the months to a first result 30/50/20 (each at least a month),
    then the spreading phase."""
    prepare = max(1, round(months * PHASES[0][1]))
    verify = max(1, round(months * PHASES[2][1]))
    build = max(1, months - prepare - verify)
    out: list[Sentence] = []
    offset = 0
    for (phase, _), length in zip(PHASES, (prepare, build, verify), strict=True):
        begin, end = _add_months(start, offset), _add_months(start, offset + length - 1)
        # A one-month phase names its month once (it read "1단계 2027.01~2027.01").
        period = (
            f"{begin:%Y.%m}"
            if begin == end
            else translate(
                "planning.onepager.schedule.range",
                locale,
                begin=f"{begin:%Y.%m}",
                end=f"{end:%Y.%m}",
            )
        )
        params = {"period": period, "months": length}
        out.append(
            Sentence(translate(f"planning.onepager.schedule.{phase}", locale, **params), source)
        )
        offset += length
    spread = f"{_add_months(start, offset):%Y.%m}"
    out.append(
        Sentence(translate("planning.onepager.schedule.spread", locale, begin=spread), source)
    )
    return out


def to_markdown(onepager: OnePager, *, with_markers: bool = True, locale: str = "ko") -> str:
    """The brief as Markdown; with markers each sentence ends in ``[데이터]``/``[템플릿]``/``[LLM]``."""
    lines = [f"# {onepager.title}", ""]
    for section in onepager.sections:
        lines.append(f"## {section.heading}")
        for s in section.sentences:
            marker = (
                f" [{translate(f'reports.marker.{s.source.value}', locale)}]"
                if with_markers
                else ""
            )
            lines.append(f"- {s.text}{marker}")
        lines.append("")
    return "\n".join(lines)
