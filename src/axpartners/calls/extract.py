"""Call facts (공고) from the text of a call for proposals, each with its evidence span.

Pure core: takes the plain text of a document (any format, as read by
:mod:`axpartners.policy.extract`) and returns :class:`CallFacts`. Every fact is found by a
cue the Korean public-notice genre uses (``(지원대상)``, ``신청 기간``, ``지원한도``,
``(20점)``, ``○○부장관``...), not by anything specific to one programme. A fact with no cue
in the text is ``None``: nothing is guessed. ``evidence[field]`` is the ``start``/``end``
character span of the text the fact was read from, and that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from axpartners.calls.parts import (
    Span,
    find_bonus,
    find_consortium,
    find_contacts,
    find_evaluation,
    find_exclusions,
)
from axpartners.calls.units import (
    AMOUNT,
    DATE,
    TIME,
    amount_krw,
    date_iso,
    deadline_at,
    time_hhmm,
)

__all__ = ["CALL_KEYS", "CallFacts", "extract_call"]

CALL_KEYS = (
    "title", "notice_no", "notice_date", "ministry", "agency", "eligibility", "exclusions",
    "total_budget_krw", "n_projects", "per_project_max_krw", "support_ratio", "duration_months",
    "apply_start", "apply_deadline", "apply_deadline_time", "apply_deadline_at", "apply_where",
    "plan_deadline", "consortium", "evaluation", "bonus", "contacts", "evidence",
)  # fmt: skip


@dataclass
class CallFacts:
    """The facts of one call; see :data:`CALL_KEYS` and ``to_dict``."""

    title: str | None = None
    notice_no: str | None = None
    notice_date: str | None = None
    ministry: str | None = None
    agency: str | None = None
    eligibility: str | None = None
    exclusions: list[str] = field(default_factory=list)
    total_budget_krw: int | None = None
    n_projects: int | None = None
    per_project_max_krw: int | None = None
    support_ratio: float | None = None
    duration_months: int | None = None
    apply_start: str | None = None
    apply_deadline: str | None = None
    apply_deadline_time: str | None = None
    apply_deadline_at: str | None = None
    apply_where: str | None = None
    plan_deadline: str | None = None
    consortium: dict[str, Any] = field(
        default_factory=lambda: {"required": None, "roles": [], "text": None}
    )
    evaluation: list[dict[str, Any]] = field(default_factory=list)
    bonus: dict[str, Any] | None = None
    contacts: list[dict[str, str]] = field(default_factory=list)
    evidence: dict[str, Span] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {key: getattr(self, key) for key in CALL_KEYS}
        out["evidence"] = {name: span.to_dict() for name, span in self.evidence.items()}
        return out


_MINISTRY = re.compile(
    r"^\s*([가-힣]{2,12}(?:부|처|청|위원회|원))\s*(?:장관|장|위원장|처장|청장)\s*$", re.M
)
_NOTICE_NO = re.compile(
    r"([가-힣]{2,15})\s*공고\s*제\s*((?:19|20)\d{2})\s*[-–\uff0d]\s*(\d{1,5})\s*호"
)
_TITLE = re.compile(
    r"^\s*\[?\s*((?:19|20)\d{2}\s*년도?\s*[^\n]{2,80}?)\s*(?:공고|모집\s*공고|안내)?\s*(?:\(안\))?\s*$",
    re.M,
)
_AGENCY = re.compile(
    r"(?:^|\|)[ \t]*(전담기관|전문기관|추진기관|운영기관|수행기관|공고기관)[ \t]*(?:\[[^\]\n]*\][ \t]*)?"
    r"(?:\|[ \t]*)*[:：]?[ \t]*\n?"
    r"[ \t]*(?:\|[ \t]*)*([가-힣A-Za-z()·\t ]{3,40}?)[ \t]*(?:\||\n|$)",
    re.M,
)
_ELIGIBILITY = re.compile(
    r"[(<\[]\s*(?:지원\s*대상|신청\s*대상|참여\s*대상)\s*[)>\]]\s*:?\s*([^\n]+)"
)
_BUDGET = re.compile(
    r"(?:지원\s*예산|지원\s*규모|사업\s*예산|총\s*사업비|총\s*지원\s*규모)[^\n]{0,40}"
)
_N_PROJECTS = re.compile(
    r"(\d{1,4})\s*(?:개\s*)?(?:과제|개사|개\s*기업|개\s*팀|社|건)\s*(?:내외|이내|내|정도)?"
)
_PER_PROJECT = re.compile(r"(?:과제당|기업당|과제별|팀당|개사당|지원\s*한도|최대)\s*[:：]?\s*")
_RATIO = re.compile(r"(\d{1,3}(?:\.\d)?)\s*%\s*(?:\([^)\n]{0,20}\)\s*)?(?:이내|이하|까지)")
_RATIO_CUE = re.compile(r"지원\s*비율|정부\s*지원\s*(?:금|비율)|총\s*사업비의|정부\s*출연금")
_DURATION = re.compile(
    r"(?:최대|지원\s*기간|사업\s*기간|협약\s*기간|수행\s*기간)[^\n]{0,20}?(\d{1,3})\s*(개월|년)"
)
_APPLY = re.compile(
    r"(?:신청|접수|모집)\s*[·‧・ ]?\s*(?:접수\s*)?기간\s*\)?\s*[:：]?"
    r"|(?:신청|접수)\s*마감\s*일?\s*(?:\[[^\]\n]*\]\s*)?(?:\|\s*)?[:：]?"
)
_WHERE_CUE = re.compile(r"(?:신청|접수)\s*방법")
_SITE = re.compile(
    r"([가-힣A-Za-z][가-힣A-Za-z\s]{1,30}?)\s*\(\s*((?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+[^\s)]*)\s*\)"
    r"|((?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:kr|com|net|org)(?:/[^\s)]*)?)"
)
_PLAN_DEADLINE = re.compile(r"(?:사업계획서[^\n]{0,30}?)?제출\s*기한\s*[:：]?\s*([^\n]{0,40})")


def extract_call(text: str, *, title_hint: str = "") -> CallFacts:
    """All facts that have a cue in ``text``; ``title_hint`` is used only if no title line is found."""
    facts = CallFacts()
    ev = facts.evidence
    head = text[: min(len(text), 3000)]

    if m := _NOTICE_NO.search(head):
        facts.notice_no = f"{m[1]} 공고 제{m[2]}-{m[3]}호"
        ev["notice_no"] = Span.of(text, m)
    if m := _TITLE.search(head):
        facts.title = re.sub(r"\s+", " ", m[1]).strip()
        ev["title"] = Span.of(text, m, 1)
    elif title_hint:
        facts.title = title_hint
    for m in DATE.finditer(head):
        if m["y"] and (iso := date_iso(m, default_year=None)):
            line = _line_at(text, m.start())
            if "년" in line and "일" in line and len(line.strip()) <= 20:
                facts.notice_date = iso
                ev["notice_date"] = Span.of(text, m)
                break
    if (m := _MINISTRY.search(head)) or (facts.notice_no and (m := _NOTICE_NO.search(head))):
        facts.ministry = m[1]
        ev["ministry"] = Span.of(text, m, 1)
    _agency(text, facts)
    if m := _ELIGIBILITY.search(text):
        facts.eligibility = m[1].strip()
        ev["eligibility"] = Span.of(text, m, 1)
    facts.exclusions, span = find_exclusions(text)
    if span:
        ev["exclusions"] = span
    _budget(text, facts)
    _per_project(text, facts)
    _ratio(text, facts)
    if m := _DURATION.search(text):
        facts.duration_months = int(m[1]) * (12 if m[2] == "년" else 1)
        ev["duration_months"] = Span.of(text, m)
    _window(text, facts)
    _where(text, facts)
    if (m := _PLAN_DEADLINE.search(text)) and (dates := _dates(m[1], _year(facts))):
        facts.plan_deadline = dates[-1]
        ev["plan_deadline"] = Span.of(text, m)
    facts.consortium, span = find_consortium(text)
    if span:
        ev["consortium"] = span
    facts.evaluation, span = find_evaluation(text)
    if span:
        ev["evaluation"] = span
    facts.bonus, span = find_bonus(text)
    if span:
        ev["bonus"] = span
    facts.contacts, span = find_contacts(text)
    if span:
        ev["contacts"] = span
    return facts


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def _year(facts: CallFacts) -> int | None:
    for value in (facts.apply_start, facts.notice_date):
        if value:
            return int(value[:4])
    if facts.title and (m := re.match(r"((?:19|20)\d{2})", facts.title)):
        return int(m[1])
    return None


def _dates(text: str, year: int | None) -> list[str]:
    out: list[str] = []
    for m in DATE.finditer(text):
        iso = date_iso(m, default_year=year)
        if iso:
            out.append(iso)
            year = int(iso[:4])
    return out


_AGENCY_ORDER = ("전담기관", "전문기관", "추진기관", "공고기관", "운영기관", "수행기관")


def _agency(text: str, facts: CallFacts) -> None:
    """The managing agency (전담·전문·추진기관) first, then the operating one (운영·수행기관)."""
    found: dict[str, tuple[str, re.Match[str]]] = {}
    for m in _AGENCY.finditer(text):
        name = re.sub(r"\s+", " ", m[2]).strip()
        if name.count("(") != name.count(")"):
            name = name.split("(")[0].strip()
        if m[1] in found or len(name) < 3 or re.search("에서|예정|안내|참고", name):
            continue
        if name.endswith("기관") or any(name == n for n, _ in found.values()):
            continue
        found[m[1]] = (name, m)
    ranked = sorted(found.items(), key=lambda kv: _AGENCY_ORDER.index(kv[0]))
    managing = [kv for kv in ranked if kv[0] not in ("운영기관", "수행기관")][:1]
    operating = [kv for kv in ranked if kv[0] in ("운영기관", "수행기관")][:1]
    chosen = managing + operating
    if chosen:
        facts.agency = "; ".join(
            name if role == "공고기관" else f"{name} ({role})" for role, (name, _) in chosen
        )
        facts.evidence["agency"] = Span.of(text, chosen[0][1][1])


def _budget(text: str, facts: CallFacts) -> None:
    for m in _BUDGET.finditer(text):
        window = m[0]
        amount = AMOUNT.search(window)
        count = _N_PROJECTS.search(window)
        if amount is None and count is None:
            continue
        if amount:
            facts.total_budget_krw = amount_krw(amount)
        if count:
            facts.n_projects = int(count[1])
        facts.evidence["total_budget_krw"] = Span.of(text, m)
        return


def _per_project(text: str, facts: CallFacts) -> None:
    for cue in _PER_PROJECT.finditer(text):
        amount = AMOUNT.match(text, cue.end())
        if amount:
            facts.per_project_max_krw = amount_krw(amount)
            facts.evidence["per_project_max_krw"] = Span(
                cue.start(), amount.end(), text[cue.start() : amount.end()]
            )
            return


def _ratio(text: str, facts: CallFacts) -> None:
    for cue in _RATIO_CUE.finditer(text):
        m = _RATIO.search(text, cue.end(), min(len(text), cue.end() + 300))
        if m and 0 < float(m[1]) <= 100:
            facts.support_ratio = round(float(m[1]) / 100, 4)
            facts.evidence["support_ratio"] = Span.of(text, m)
            return


def _window(text: str, facts: CallFacts) -> None:
    for cue in _APPLY.finditer(text):
        line_end = text.find("\n", cue.end())
        segment = text[cue.end() : line_end if line_end >= 0 else len(text)]
        year = facts.notice_date and int(facts.notice_date[:4])
        dates = _dates(segment, year or _year(facts))
        if not dates:
            continue
        facts.apply_start = dates[0] if len(dates) > 1 else None
        facts.apply_deadline = dates[-1]
        after = segment[segment.find("~") :] if "~" in segment else segment
        tail = re.sub(DATE, " ", after)
        if t := TIME.search(tail):
            facts.apply_deadline_time = time_hhmm(t)
        facts.apply_deadline_at = deadline_at(facts.apply_deadline, facts.apply_deadline_time)
        facts.evidence["apply_deadline"] = Span(
            cue.start(), cue.end() + len(segment), text[cue.start() : cue.end() + len(segment)]
        )
        return


def _where(text: str, facts: CallFacts) -> None:
    for cue in _WHERE_CUE.finditer(text):
        window_end = min(len(text), cue.end() + 400)
        m = _SITE.search(text, cue.end(), window_end)
        if m:
            if m[2]:
                name = re.sub(r"^.*?[→:：]\s*", "", m[1]).strip()
                facts.apply_where = f"{name} ({m[2]})"
            else:
                facts.apply_where = m[3]
            facts.evidence["apply_where"] = Span.of(text, m)
            return
