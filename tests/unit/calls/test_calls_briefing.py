"""The briefing's calls page: open calls first, a note when only closed ones are shown, escaping."""

from __future__ import annotations

from axpartners.i18n.catalog import translate
from axpartners.reports.briefing_calls import CallBrief, calls_html


def t(code: str, **params: object) -> str:
    return translate(code, "ko", **params)


def _call(d_day: int | None, title: str = "2026년도 <AI> 공고") -> CallBrief:
    return CallBrief(
        title=title,
        deadline="2026-04-20 17:00",
        d_day=d_day,
        ministry="중소벤처기업부",
        per_project_krw=200_000_000,
        support_ratio=0.5,
        roles=("도입기업", "공급기업"),
        candidates=("(예시) J사 — 데이터 수집",),
    )


def test_open_call_row() -> None:
    html = str(calls_html([_call(13)], t=t, locale="ko"))
    assert "8. 공고 마감 현황" in html
    assert "D-13 (2026-04-20 17:00)" in html
    assert "2억원 · 50%" in html
    assert "도입기업, 공급기업" in html
    assert "&lt;AI&gt;" in html
    assert "<AI>" not in html
    assert "지금 접수 중인 공고는 없습니다" not in html


def test_only_closed_calls_are_labelled_and_empty_says_so() -> None:
    html = str(calls_html([_call(-227)], t=t, locale="ko"))
    assert "마감 (D+227)" in html
    assert "지금 접수 중인 공고는 없습니다" in html
    assert "D-Day" in str(calls_html([_call(0)], t=t, locale="ko"))
    empty = str(calls_html([], t=t, locale="ko"))
    assert translate("reports.empty", "ko") in empty
