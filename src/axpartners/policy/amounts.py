"""Money and targets in policy text: ``budget`` only for budgets and investments, ``kpi`` apart.

An amount in won (``1조 2,000억원``, ``350억``, ``50백만원``) is a **budget** only when a budget or
investment cue stands in its clause before it, or a spending verb right after it (``1조원 투입``,
``2억원 지원``): 예산, 국비, 지방비, 투자, 사업비, 재원, 기금, 펀드,
출연, 편성, 투입, 융자 …, and no threshold word follows it (이상, 이하, 미만, 초과: ``추정가격
100억원 이상`` is a contract threshold). A budget carries its amount in won (the tag value, as
before), in 억원, and the year named in its clause. An amount with a target cue (달성, 목표, 매출,
수출, 시장, 규모 …) and any other count with a unit and a target cue (``AI 인재 10만명 양성``,
``점유율 20%``) is a **kpi**: metric (the words before the number), value with unit, year.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from axpartners.policy.tagtypes import Evidence, Tag

_UNITS = {
    "천조": 10**15, "백조": 10**14, "십조": 10**13, "조": 10**12,
    "천억": 10**11, "백억": 10**10, "십억": 10**9, "억": 10**8,
    "천만": 10**7, "백만": 10**6, "십만": 10**5, "만": 10**4, "천": 10**3,
}  # fmt: skip
_NUM = r"\d[\d,]*(?:\.\d+)?"
_UNIT = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_AMOUNT = re.compile(
    rf"(?<![\d.,])((?:{_NUM}\s*{_UNIT}\s*)+)(원|(?!\s*(?:달러|불|유로|엔|위안|명|개|건|톤|대|곳|가구|회|%|배)))"
    rf"|(?<![\d.,])({_NUM})\s*원"
)
_PAIR = re.compile(rf"({_NUM})\s*({_UNIT})")
_BUDGET_CUE = re.compile(
    r"예산|국비|지방비|시비|도비|민자|투자|투입|사업비|재원|출연|기금|펀드|편성|지원금|보조금|융자|재정|소요"
)
_BUDGET_AFTER = re.compile(
    r"^\s*(?:을|를|이|가|의|씩|을\s*들여)?\s*(?:투입|투자|지원|편성|확보|출연|조성|집행|배정|융자)"
)
_AFTER_NOUN = 12
"""``7587억원의 민간 투자``: a budget noun just after the amount is its cue too."""
_TARGET_CUE = re.compile(
    r"달성|목표|매출|수출|시장|규모|점유율|생산액|부가가치|절감|돌파|창출|양성|육성|까지"
)
_TOTAL = re.compile(r"(?<![\uac00-\ud7a3])총(?=\s*$)")
"""``총 1조 2,000억원 규모``: a total right before the amount is a programme's budget."""
_MONEY_TARGET = re.compile(r"달성|목표|매출|수출|시장|생산액|부가가치|절감|돌파|창출")
_THRESHOLD = re.compile(r"^\s*(?:이상|이하|미만|초과|내외)")
_CLAUSE_END = re.compile(r"[.;!?]\s|다\.|[•▲△◉□○]|\n\s*[-*※]|\s{3,}")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*년|[’'‘](\d{2})\s*년")
_COUNT = re.compile(
    rf"(?<![\d.,])({_NUM})\s*(만|억|천)?\s*(%|명|개소|개사|개|건|배|달러|톤|대|곳|GW|MW|위)(?!월|년|국)"
)
_METRIC_WORD = re.compile(r"[\uac00-\ud7a3A-Za-z][\uac00-\ud7a3A-Za-z·]*")
_WINDOW = 40


def _to_won(number: str, unit: str | None) -> int | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return int(value * (_UNITS[unit] if unit else 1))


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - _WINDOW) : start]
    cut = 0
    for m in _CLAUSE_END.finditer(window):
        cut = m.end()
    return window[cut:]


def _clause_after(text: str, end: int) -> str:
    window = text[end : end + 20]
    m = _CLAUSE_END.search(window)
    return window[: m.start()] if m else window


def _year_of(clause: str) -> str:
    years = [m.group(1) or f"20{m.group(2)}" for m in _YEAR.finditer(clause)]
    return years[-1] if years else ""


def won_amounts(text: str) -> list[tuple[int, int, int]]:
    """(start, end, won) of every amount in won (``1조 2,000억원``; bare 조/억 count as won)."""
    out: list[tuple[int, int, int]] = []
    for m in _AMOUNT.finditer(text):
        if m.group(1):
            pairs = _PAIR.findall(m.group(1))
            if m.group(2) != "원" and not any(u[-1] in ("조", "억") for _, u in pairs):
                continue  # "30만 명" style counts are not money
            total = 0
            for number, unit in pairs:
                won = _to_won(number, unit)
                if won is None:
                    break
                total += won
            out.append((m.start(), m.start() + len(m.group(0).rstrip()), total))
        else:
            won = _to_won(m.group(3), None)
            if won is not None and won >= 1000:
                out.append((m.start(), m.end(), won))
    return out


def _eok(won: int) -> str:
    value = Decimal(won) / Decimal(10**8)
    return f"{value.normalize():f}"


def tag_amounts(text: str) -> list[Tag]:
    """``budget`` and ``kpi`` tags of ``text`` (see the module docstring)."""
    tags: list[Tag] = []
    money_spans: list[tuple[int, int]] = []
    for start, end, won in won_amounts(text):
        money_spans.append((start, end))
        before, after = _clause_before(text, start), _clause_after(text, end)
        year = _year_of(before + after)
        evidence = Evidence(start, end, text[start:end])
        budget = list(_BUDGET_CUE.finditer(before))
        target = list(_MONEY_TARGET.finditer(before + " " + after[:8]))
        if _THRESHOLD.match(after):
            continue
        last_budget = budget[-1].end() if budget else -1
        last_target = max((m.end() for m in target if m.end() <= len(before)), default=-1)
        after_cue = _BUDGET_AFTER.match(after) or _BUDGET_CUE.search(after[:_AFTER_NOUN])
        if not budget and _TOTAL.search(before) and last_target < 0:
            budget = [_TOTAL.search(before)]  # type: ignore[list-item]
        if (budget and last_budget >= last_target) or (after_cue and last_target < 0):
            cue = budget[-1].group(0) if budget else after_cue.group(0).split()[-1]  # type: ignore[union-attr]
            attrs = (("eok", _eok(won)), ("year", year), ("cue", cue))
            tags.append(Tag("budget", str(won), evidence, attrs))
        elif target:
            tags.append(_kpi(before, text[start:end].strip(), year, evidence))
    for m in _COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in money_spans):
            continue
        before, after = _clause_before(text, m.start()), _clause_after(text, m.end())
        if not _TARGET_CUE.search(before + " " + after[:10]) or _THRESHOLD.match(after):
            continue
        if not _TARGET_CUE.search(after[:10]) and not re.search(r"까지|목표", before):
            continue
        evidence = Evidence(m.start(), m.end(), text[m.start() : m.end()])
        tags.append(_kpi(before, evidence.text, _year_of(before + after), evidence))
    return tags


def _kpi(before: str, value: str, year: str, evidence: Evidence) -> Tag:
    words = [w for w in _METRIC_WORD.findall(_YEAR.sub(" ", before)) if w not in ("까지", "목표")]
    metric = " ".join(words[-3:])
    return Tag("kpi", value, evidence, (("metric", metric), ("year", year)))
