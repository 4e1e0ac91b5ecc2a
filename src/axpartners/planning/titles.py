"""Candidate titles that read as a phrase, in Korean or English (issue 16).

A generated title joins the industry's short name and the AI field — ``금속가공 분야 데이터
수집·기반 구축 실증`` / ``Data collection and infrastructure pilot for fabricated metal`` —
instead of the full KSIC title glued to the label (``금속가공제품 제조업; 기계 및 가구 제외
데이터 수집·기반 구축 실증``). A title a person typed is never rewritten.
"""

from __future__ import annotations

import re

from axpartners.i18n.catalog import translate
from axpartners.matching.explain import industry_name as short_industry_name

_LABEL_HEAD = re.compile(r" \(|, ")


def field_name(label: str, locale: str = "ko") -> str:
    """A taxonomy label for running text: English labels keep their head only
    (``vision-based inspection`` of ``vision-based inspection, defect detection``)."""
    if locale == "ko":
        return label.strip()
    return _LABEL_HEAD.split(label.strip(), maxsplit=1)[0]


def candidate_title(*, use_case_label: str, industry: str | None, locale: str = "ko") -> str:
    """The generated title of a candidate for a use-case label and an industry code."""
    field = field_name(use_case_label, locale)
    if locale != "ko":
        field = field[:1].upper() + field[1:]
    if not industry:
        return translate("planning.candidate.title_any", locale, use_case=field)
    return translate(
        "planning.candidate.title",
        locale,
        industry=short_industry_name(industry, locale),
        use_case=field,
    )
