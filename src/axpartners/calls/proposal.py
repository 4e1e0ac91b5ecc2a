"""A first 사업계획서 draft for one candidate × call: the form's headings, filled where the
product knows the answer, and every other place marked for a person to write.

The draft never invents facts: a section gets text only from the call (amounts, ratio,
duration, evaluation items) and from what was recorded about the candidate (company, need,
partners and their roles, KPIs). Everything else is the :data:`TODO` marker with what to write.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from axpartners.calls.form import FormHeading

__all__ = [
    "TODO",
    "DraftSection",
    "ProposalContext",
    "budget_split",
    "build_draft",
    "default_form",
    "schedule",
]

TODO = "【작성 필요】"


@dataclass(frozen=True, slots=True)
class ProposalContext:
    """What the product knows about the candidate: the company that adopts and its partners."""

    company: str
    need_title: str
    need_text: str = ""
    region: str | None = None
    industry: str | None = None
    partners: tuple[tuple[str, str], ...] = ()
    """``(name, role)`` pairs, e.g. ``("㈜부산AI", "공급기업")``."""
    kpis: tuple[str, ...] = ()
    total_cost_krw: int | None = None


@dataclass
class DraftSection:
    number: str
    title: str
    level: int
    paragraphs: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.level == 1 else f"{self.number} {self.title}"

    @property
    def needs_writing(self) -> bool:
        return any(p.startswith(TODO) for p in self.paragraphs)


def default_form() -> list[FormHeading]:
    """Headings of the real 2026 제조AI특화 스마트공장 사업계획서 form (bundled data)."""
    data = json.loads(
        files("axpartners")
        .joinpath("data/calls/mss_ai_factory_plan_form_2026.json")
        .read_text("utf-8")
    )
    return [FormHeading(h["number"], h["title"], h["level"]) for h in data["headings"]]


def budget_split(call: dict[str, Any], total_cost_krw: int | None) -> dict[str, int] | None:
    """Government grant and company share within the call's ratio and per-project maximum."""
    ratio, cap = call.get("support_ratio"), call.get("per_project_max_krw")
    if ratio is None or cap is None:
        return None
    total = total_cost_krw if total_cost_krw else round(cap / ratio)
    grant = min(cap, int(total * ratio))
    return {"total": total, "grant": grant, "company": total - grant}


_PHASES = (("착수·현행 분석", 0.15), ("설계", 0.2), ("구축·개발", 0.4), ("시험·안정화", 0.25))


def schedule(months: int | None) -> list[tuple[str, int, int]]:
    """``(phase, first month, last month)`` covering exactly the call's duration."""
    if not months:
        return []
    out: list[tuple[str, int, int]] = []
    start = 1
    for i, (name, share) in enumerate(_PHASES):
        end = (
            months
            if i == len(_PHASES) - 1
            else max(start, min(months - 1, start - 1 + round(months * share)))
        )
        if start > months:
            break
        out.append((name, start, end))
        start = end + 1
    return out


def _won(krw: int) -> str:
    return f"{krw:,}원"


def _fill(section: DraftSection, call: dict[str, Any], ctx: ProposalContext) -> None:
    title = section.title
    p = section.paragraphs
    if re.search(r"개요$", title) and section.level == 1:
        p.append(f"과제명(안): {ctx.company} — {ctx.need_title}")
        p.append(f"사업명: {call.get('title') or TODO}")
    elif "구축 목표" in title or "필요성" in title:
        p.append(f"현재 과제(수요): {ctx.need_title}")
        if ctx.need_text:
            p.append(ctx.need_text)
        p.append(f"{TODO} 목표수준(중간1 이상 등)과 구축 주요 내용")
    elif "성과지표" in title:
        p.extend(f"성과지표: {k} — 기존값·목표값·측정방법 {TODO}" for k in ctx.kpis)
        if not ctx.kpis:
            p.append(f"{TODO} 성과지표, 기존 수치와 목표 수치, 측정 방법")
    elif "일정" in title and section.level == 1:
        months = call.get("duration_months")
        for name, first, last in schedule(months):
            p.append(f"{name}: {first}~{last}개월차")
        if months:
            p.append(f"총 수행기간: {months}개월 이내 (공고의 지원기간)")
        else:
            p.append(f"{TODO} 공고에 지원기간이 없어 일정은 직접 작성")
    elif title == "총괄" or (title.startswith("사업비") and section.level == 1):
        split = budget_split(call, ctx.total_cost_krw)
        if split and title == "총괄":
            p.append(f"총 사업비: {_won(split['total'])}")
            p.append(
                f"정부지원금: {_won(split['grant'])} (지원비율 {call['support_ratio']:.0%} 이내, 최대 {_won(call['per_project_max_krw'])})"
            )
            p.append(f"기업부담금: {_won(split['company'])}")
        elif title == "총괄":
            p.append(f"{TODO} 공고에서 지원비율·한도를 찾지 못함: 사업비 직접 작성")
    elif "추진조직" in title or "업무분장" in title:
        p.append(f"도입기업: {ctx.company}")
        p.extend(f"{role}: {name}" for name, role in ctx.partners)
        p.append(f"{TODO} 투입인력(PM 등)과 기관별 역할")
    elif title == "기대효과":
        p.extend(f"{k} 개선 {TODO} 기대효과 금액·근거" for k in ctx.kpis)


_COMMON = {"스마트공장", "구축", "계획", "내용", "기업"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[가-힣A-Za-z]{2,}", text) if w not in _COMMON}


def _answering(item: str, sections: list[DraftSection]) -> DraftSection | None:
    """The form section whose heading shares the most words with an evaluation item."""
    words = _words(item)
    scored = [(len(words & _words(s.title)), -i, s) for i, s in enumerate(sections)]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    return best[2] if best and best[0] > 0 else None


def build_draft(
    call: dict[str, Any], ctx: ProposalContext, form: list[FormHeading] | None = None
) -> list[DraftSection]:
    """The draft: one section per form heading, then the call's evaluation items one by one."""
    sections = [DraftSection(h.number, h.title, h.level) for h in (form or default_form())]
    for i, section in enumerate(sections):
        _fill(section, call, ctx)
        has_children = i + 1 < len(sections) and sections[i + 1].level > section.level
        if not section.paragraphs and not has_children:
            section.paragraphs.append(f"{TODO} {section.title}")
    if call.get("evaluation"):
        last = str(len([s for s in sections if s.level == 1]) + 1)
        review = DraftSection(last, "평가항목별 대응 (작성 점검표)", 1)
        for item in call["evaluation"]:
            where = _answering(item["item"], sections)
            at = f" → 본문 {where.heading}" if where else ""
            review.paragraphs.append(
                f"{item['item']} ({item['points']}점){at}: {TODO} 이 항목에 대한 답과 근거"
            )
        if call.get("bonus"):
            review.paragraphs.append(
                f"가점 (최대 {call['bonus']['max_points']}점): {TODO} 해당 가점과 증빙 서류"
            )
        sections.append(review)
    return sections
