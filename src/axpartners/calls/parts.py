"""Structured parts of a 공고: exclusions, consortium rule, evaluation table, bonus, contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Span",
    "find_bonus",
    "find_consortium",
    "find_contacts",
    "find_evaluation",
    "find_exclusions",
]


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: ``text[start:end]`` of the document text a fact was read from."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, match: re.Match[str], group: int = 0) -> Span:
        return cls(
            match.start(group), match.end(group), text[match.start(group) : match.end(group)]
        )

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


_EXCL_CUE = re.compile(
    r"지원\s*제외|부적격\s*사항|신청\s*제외|지원\s*불가\s*대상|참여\s*제한\s*대상"
)
_BULLET = re.compile(r"(?:▷|▶|-|･|·|•|ㅇ|○|\*)\s*")
_SECTION = re.compile(r"^\s*(?:□|\d+\.\s|[IVX]+\.|붙임)", re.M)


def find_exclusions(text: str) -> tuple[list[str], Span | None]:
    """The bulleted list after a 지원 제외 / 부적격 cue, up to the next section heading."""
    cue = _EXCL_CUE.search(text)
    if cue is None:
        return [], None
    nxt = _SECTION.search(text, cue.end())
    end = min(nxt.start() if nxt else len(text), cue.end() + 2000)
    items: list[str] = []
    body_start = text.find("\n", cue.end())
    for line in text[body_start if body_start >= 0 else end : end].splitlines():
        for part in re.split(r"\s{3,}|\t|(?=▷)", line):
            part = _BULLET.sub("", part.strip(), count=1).strip(" |>")
            if len(part) >= 4 and not part.startswith(("※", "<")) and part not in items:
                items.append(part)
    return items, Span(cue.start(), end, text[cue.start() : end])


ROLE_WORDS = (
    "도입기업", "공급기업", "수요기업", "주관기관", "주관기업", "참여기관", "참여기업",
    "공동연구기관", "위탁연구기관", "수요처", "컨소시엄 대표", "대학", "연구기관",
)  # fmt: skip
_CONSORTIUM = re.compile(r"[^\n。]*컨소시엄[^\n]*")
_ROLE = re.compile("|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True)))
_PAIR = re.compile(
    r"(도입|공급|수요|주관|참여)\s*[-–·‧ㆍ]\s*(도입|공급|수요|주관|참여)\s*(기업|기관)"
)
_SINGLE = re.compile(r"[^\n]*단독\s*(?:신청|으로|참여|지원)[^\n]*")
_FORM = re.compile(r"구성(?:하고|하여|해야|하여야|을\s*이루어)|이루어|구성\s*필수|구성된")


def find_consortium(text: str) -> tuple[dict[str, Any], Span | None]:
    """``{required, roles, single_applicant, text}`` from sentences that mention 컨소시엄."""
    sentences = [m for m in _CONSORTIUM.finditer(text) if _FORM.search(m[0]) or _PAIR.search(m[0])]
    if not sentences:
        return {"required": None, "roles": [], "single_applicant": None, "text": None}, None
    roles: list[str] = []
    for m in sentences:
        for pair in _PAIR.finditer(m[0]):
            for stem in (pair[1], pair[2]):
                role = stem + pair[3]
                if role not in roles:
                    roles.append(role)
    if not roles:  # no "A-B기업" pair: the role words named in the sentences, in order
        for m in sentences:
            for role in _ROLE.findall(m[0]):
                if role not in roles and role != "컨소시엄 대표":
                    roles.append(role)
    first = sentences[0]
    single = _SINGLE.search(text, first.start())
    lines = [first[0].strip(" ◦○-")]
    if single:
        lines.append(single[0].strip(" ◦○-"))
    return (
        {
            "required": True,
            "roles": roles,
            "single_applicant": bool(single),
            "text": "\n".join(lines),
        },
        Span.of(text, first),
    )


_POINTS = re.compile(r"\(\s*(\d{1,3})\s*점\s*\)")
_EVAL_CUE = re.compile(r"평가\s*(?:항목|지표|기준)")
_TOTAL = re.compile(r"합\s*계|총\s*점|계\s*(?:\||\n)")
_BONUS_ITEM = re.compile(r"가\s*점|가산점")


def find_evaluation(text: str) -> tuple[list[dict[str, Any]], Span | None]:
    """Items written as ``name (NN점)`` in the evaluation table, 가점 excluded (see :func:`find_bonus`)."""
    for cue in _EVAL_CUE.finditer(text):
        total = _TOTAL.search(text, cue.end())
        end = total.start() if total else min(len(text), cue.end() + 6000)
        items: list[dict[str, Any]] = []
        for m in _POINTS.finditer(text, cue.end(), end):
            name = _item_name(text, cue.end(), m.start())
            if not name or _BONUS_ITEM.fullmatch(name.replace(" ", "")):
                continue
            items.append({"item": name, "points": int(m[1])})
        if len(items) >= 2:
            return items, Span(cue.start(), end, text[cue.start() : end])
    return [], None


def _item_name(text: str, floor: int, pos: int) -> str:
    """The cell text before ``(NN점)``: back to the previous cell boundary or number line."""
    parts: list[str] = []
    line_start = text.rfind("\n", floor, pos) + 1
    same = text[max(line_start, floor) : pos].rsplit("|", 1)[-1].strip()
    if same:
        parts.append(same)
    cursor = line_start - 1
    while not same and cursor > floor and len(parts) < 3:
        prev_start = text.rfind("\n", floor, cursor) + 1
        line = text[prev_start:cursor]
        piece = line.rsplit("|", 1)[-1].strip() if "|" not in line.strip()[-1:] else ""
        if "|" in line:
            if piece and not re.fullmatch(r"[\d().\s-]*", piece) and "배점" not in piece:
                parts.insert(0, piece)
            break
        if (
            not piece
            or re.fullmatch(r"[\d().\s-]*", piece)
            or "배점" in piece
            or piece.startswith(("∘", "-", "○", "◦"))
        ):
            break
        parts.insert(0, piece)
        cursor = prev_start - 1
    return re.sub(r"\s+", " ", " ".join(parts)).strip(" |")


_BONUS = re.compile(
    r"가\s*점\s*\(\s*(\d{1,2})\s*점\s*\)|최대\s*(\d{1,2})\s*점\s*(?:의\s*)?가\s*점|가\s*점[^\n]{0,40}?최대\s*(\d{1,2})\s*점"
)


def find_bonus(text: str) -> tuple[dict[str, Any] | None, Span | None]:
    """``{max_points, text}`` from ``가점(5점)`` or ``최대 5점 가점``."""
    matches = list(_BONUS.finditer(text))
    if not matches:
        return None, None
    m = matches[0]
    points = int(next(g for g in m.groups() if g))
    rules = [x for x in matches[1:] if x.start() - m.start() < 4000]
    rule = rules[0] if rules else m
    line_start = text.rfind("\n", 0, rule.start()) + 1
    line_end = text.find("\n", rule.end())
    note = text[line_start : line_end if line_end >= 0 else len(text)].strip(" ※")
    return {"max_points": points, "text": note}, Span.of(text, m)


_PHONE = re.compile(r"(?<!\d)(0\d{1,2}-\d{3,4}-\d{4}(?:\s*[,~]\s*\d{1,4})*|1\d{3}-\d{4})(?!\d)")
_ORG = re.compile(
    r"[가-힣A-Za-z()·\s]*(?:부|청|처|원|단|센터|협회|재단|공단|진흥원|테크노파크|TP|과|팀)\)?\s*$"
)
_CONTACT_CUE = re.compile(r"문의\s*(?:기관|처|사항|전화)?|담당\s*(?:기관|자)|연락처")


def find_contacts(text: str) -> tuple[list[dict[str, str]], Span | None]:
    """Phone numbers after a 문의 cue, each with the nearest preceding organisation name."""
    cue = _CONTACT_CUE.search(text)
    if cue is None:
        return [], None
    out: list[dict[str, str]] = []
    end = cue.end()
    for m in _PHONE.finditer(text, cue.start()):
        if len(out) >= 40:
            break
        org = _org_before(text, cue.start(), m.start())
        out.append({"org": org, "phone": re.sub(r"\s+", "", m[1]).replace(",", ", ")})
        end = m.end()
    if not out:
        return [], None
    return out, Span(cue.start(), end, text[cue.start() : end])


_HEADER = {"연락처", "전화", "전화번호", "주소", "기관명", "문의사항", "담당기관", "담당자"}


def _org_before(text: str, floor: int, pos: int) -> str:
    cursor = pos
    previous = ""
    for _ in range(8):
        start = text.rfind("\n", floor, cursor) + 1
        line = text[start:cursor]
        for cell in reversed([c.strip() for c in line.split("|")]):
            if (
                not cell
                or _PHONE.search(cell)
                or re.sub(r"\s", "", cell) in _HEADER
                or len(cell) > 40
            ):
                continue
            if _ORG.search(cell) or re.fullmatch(r"[가-힣]{2,5}\*?", cell):
                name = re.sub(r"\s+", " ", cell)
                if name.startswith("("):
                    before = (
                        text[text.rfind("\n", floor, start - 1) + 1 : start - 1]
                        .split("|")[-1]
                        .strip()
                    )
                    name = f"{before} {name}".strip()
                return name + previous
        if start <= floor:
            break
        cursor = start - 1
    return ""
