"""How well a project candidate fits a call (공고), with the reasons, read from the call's facts.

Pure core. A call says who may apply in words (``지원대상``: "국내 중소·중견 제조기업"), whom
it excludes (``지원제외``: "유흥·향락업, 숙박·음식점"), sometimes a region ("부산 소재"), and what
it is about (the AI use cases its text mentions, ``fields``). A candidate brings its use case,
its industry (KSIC division), region and company size. :func:`fit_call` checks each and
returns the score with one :class:`Reason` per check, so the ranking can be read and argued:

========================  ======  =============================================================
check                     weight  meaning
========================  ======  =============================================================
field (use case)          0.40    the candidate's use case is the call's main field (0.30 for
                                  another field of the call, 0 otherwise)
industry                  0.25    the call asks for manufacturers and the candidate is one
                                  (KSIC 10–34); not one → ineligible
region                    0.15    the call's region is the candidate's (0.10 for a national call);
                                  another region → ineligible
size                      0.10    the call's company sizes include the candidate's; unknown → a
                                  person checks (0.05)
planning score            0.10    the candidate's own planning score (0–100) scaled to 0–0.10
========================  ======  =============================================================

An exclusion that names the candidate's industry makes it ineligible whatever the score.
Unknown facts are never guessed: they give a ``check`` reason, not a penalty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from axpartners.codes import regions

__all__ = [
    "CallFit",
    "CandidateProfile",
    "Reason",
    "call_region",
    "call_sizes",
    "excluded_divisions",
    "fit_call",
    "wants_manufacturers",
]

Kind = Literal["plus", "minus", "check"]

MANUFACTURING = range(10, 35)
"""KSIC 10차 제조업 (section C) divisions 10–34."""
# Exclusion words → the KSIC divisions they name (유흥주점 is in 56 주점 및 비알코올 음료점업).
_EXCLUDED_DIVISIONS = {"숙박": ("55",), "음식점": ("56",), "유흥": ("56",), "주점": ("56",)}
_SIZE_WORDS = {"micro": "중소", "small": "중소", "medium": "중소", "large": "중견"}


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    """What the fit reads of a project candidate (from its needs when it has them)."""

    id: int
    title: str
    use_case: str | None
    industry: str | None
    region: str | None
    company_size: str | None = None
    planning_score: float = 0.0


@dataclass(frozen=True, slots=True)
class Reason:
    """A catalog ``code`` (``calls.fit.*``) with its ``params``; ``kind`` tells how it counts."""

    code: str
    kind: Kind
    params: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class CallFit:
    candidate_id: int
    score: float
    eligible: bool
    reasons: tuple[Reason, ...]


def call_region(call: Mapping[str, Any]) -> str | None:
    """The 시·도 code a call is limited to, if its eligibility names one (``부산 소재``)."""
    text = str(call.get("eligibility") or "")
    for region in regions():
        names = f"{re.escape(region.name_ko)}|{re.escape(region.short_ko)}"
        if re.search(rf"(?:{names})\s*(?:소재|지역|내)", text):
            return region.code
    return None


def excluded_divisions(call: Mapping[str, Any]) -> dict[str, str]:
    """KSIC division → the exclusion line that names it."""
    out: dict[str, str] = {}
    for line in call.get("exclusions") or ():
        for word, divisions in _EXCLUDED_DIVISIONS.items():
            if word in line:
                out.update(dict.fromkeys(divisions, line))
    return out


def wants_manufacturers(call: Mapping[str, Any]) -> bool:
    return bool(re.search(r"제조\s*(?:기업|업|중소|업체|사)", str(call.get("eligibility") or "")))


def call_sizes(call: Mapping[str, Any]) -> set[str]:
    """``중소`` and/or ``중견`` (or ``대``) as the eligibility names them."""
    text = str(call.get("eligibility") or "")
    found = {word for word in ("중소", "중견") if word in text}
    if re.search(r"대\s*기업|대·중견|대중견", text):
        found.add("대")
    return found


def _industry(call: Mapping[str, Any], c: CandidateProfile, reasons: list[Reason]) -> float:
    excluded = excluded_divisions(call)
    if c.industry and c.industry[:2] in excluded:
        reasons.append(
            Reason(
                "calls.fit.excluded",
                "minus",
                {"industry": c.industry[:2], "line": excluded[c.industry[:2]]},
            )
        )
        return -1.0
    if not wants_manufacturers(call):
        return 0.0
    if not c.industry:
        reasons.append(Reason("calls.fit.industry_unknown", "check", {}))
        return 0.0
    if int(c.industry[:2]) in MANUFACTURING:
        reasons.append(Reason("calls.fit.manufacturer", "plus", {"industry": c.industry[:2]}))
        return 0.25
    reasons.append(Reason("calls.fit.not_manufacturer", "minus", {"industry": c.industry[:2]}))
    return -1.0


def _region(call: Mapping[str, Any], c: CandidateProfile, reasons: list[Reason]) -> float:
    region = call_region(call)
    if region is None:
        reasons.append(Reason("calls.fit.nationwide", "plus", {}))
        return 0.10
    if not c.region:
        reasons.append(Reason("calls.fit.region_unknown", "check", {"region": region}))
        return 0.0
    if c.region.startswith(region):
        reasons.append(Reason("calls.fit.region", "plus", {"region": region}))
        return 0.15
    reasons.append(Reason("calls.fit.other_region", "minus", {"region": region, "own": c.region}))
    return -1.0


def _size(call: Mapping[str, Any], c: CandidateProfile, reasons: list[Reason]) -> float:
    sizes = call_sizes(call)
    if not sizes:
        return 0.0
    if not c.company_size:
        reasons.append(
            Reason(
                "calls.fit.size_unknown",
                "check",
                {"sizes": "·".join(s for s in ("중소", "중견", "대") if s in sizes)},
            )
        )
        return 0.05
    word = _SIZE_WORDS.get(c.company_size, "")
    if word in sizes:
        reasons.append(Reason("calls.fit.size", "plus", {"size": c.company_size}))
        return 0.10
    if c.company_size == "large" and "대" not in sizes:
        reasons.append(Reason("calls.fit.size_check", "check", {"size": c.company_size}))
        return 0.0
    reasons.append(Reason("calls.fit.size_out", "minus", {"size": c.company_size}))
    return -1.0


def _field(fields: Sequence[str], c: CandidateProfile, reasons: list[Reason]) -> float:
    if not c.use_case:
        reasons.append(Reason("calls.fit.use_case_unknown", "check", {}))
        return 0.0
    if fields and c.use_case == fields[0]:
        reasons.append(Reason("calls.fit.main_field", "plus", {"use_case": c.use_case}))
        return 0.40
    if c.use_case in fields:
        reasons.append(Reason("calls.fit.field", "plus", {"use_case": c.use_case}))
        return 0.30
    reasons.append(Reason("calls.fit.other_field", "check", {"use_case": c.use_case}))
    return 0.0


def fit_call(
    call: Mapping[str, Any], fields: Sequence[str], candidate: CandidateProfile
) -> CallFit:
    """Score in [0, 1] and eligibility of one candidate for one call (see the module table)."""
    reasons: list[Reason] = []
    parts = [
        _field(fields, candidate, reasons),
        _industry(call, candidate, reasons),
        _region(call, candidate, reasons),
        _size(call, candidate, reasons),
    ]
    eligible = all(p >= 0 for p in parts)
    planning = max(0.0, min(candidate.planning_score, 100.0)) / 1000
    score = sum(p for p in parts if p > 0) + planning
    return CallFit(
        candidate_id=candidate.id,
        score=round(score if eligible else 0.0, 4),
        eligible=eligible,
        reasons=tuple(reasons),
    )
