"""Form headings from the real 사업계획서 HWP; the draft; HWPX/DOCX that our readers open."""

from __future__ import annotations

import itertools
import json
from importlib.resources import files
from pathlib import Path

import pytest

from axpartners.calls import extract_call
from axpartners.calls.export import draft_docx, draft_hwpx
from axpartners.calls.form import form_headings
from axpartners.calls.proposal import (
    TODO,
    ProposalContext,
    budget_split,
    build_draft,
    default_form,
    schedule,
)
from axpartners.policy.extract import extract_document, extract_file

DATA = Path(__file__).parents[2] / "data" / "calls"
FORM = DATA / "hwp" / "mss_manufacturing_ai_smart_factory_2026_business_plan_form.hwp"


@pytest.fixture(scope="module")
def call() -> dict[str, object]:
    text = (DATA / "mss_manufacturing_ai_smart_factory_2026.txt").read_text(encoding="utf-8")
    return extract_call(text).to_dict()


CTX = ProposalContext(
    company="㈜해운대정밀",
    need_title="사출 성형 불량 AI 검사",
    need_text="사출 공정 외관 불량을 육안으로 검사하고 있다.",
    partners=(("㈜센텀AI", "공급기업"),),
    kpis=("완제품 불량률", "설비가동률"),
)


def test_headings_of_the_real_form() -> None:
    headings = form_headings(extract_file(FORM).text)
    chapters = [h.title for h in headings if h.level == 1]
    assert chapters[0] == "제조AI특화 스마트공장 구축 개요"
    assert chapters[4] == "추진조직 및 업무분장"
    assert chapters[-1] == "스마트공장 구축 기대효과 및 활용방안"
    assert len(chapters) == 10
    assert [h.number for h in headings if h.number.startswith("4.")] == [
        f"4.{i}" for i in range(1, 8)
    ]
    assert "2.8" in {h.number for h in headings}
    # the bundled copy is exactly what the parser reads from the HWP
    bundled = json.loads(
        files("axpartners")
        .joinpath("data/calls/mss_ai_factory_plan_form_2026.json")
        .read_text("utf-8")
    )["headings"]
    assert [(h["number"], h["title"], h["level"]) for h in bundled] == [
        (h.number, h.title, h.level) for h in headings
    ]


def test_budget_within_ratio_and_cap(call: dict[str, object]) -> None:
    assert budget_split(call, None) == {
        "total": 400_000_000,
        "grant": 200_000_000,
        "company": 200_000_000,
    }
    split = budget_split(call, 300_000_000)
    assert split == {"total": 300_000_000, "grant": 150_000_000, "company": 150_000_000}
    assert budget_split(call, 600_000_000) == {
        "total": 600_000_000,
        "grant": 200_000_000,
        "company": 400_000_000,
    }
    assert budget_split({"support_ratio": None, "per_project_max_krw": None}, 1) is None


@pytest.mark.parametrize("months", [1, 3, 6, 9, 24])
def test_schedule_covers_the_duration(months: int) -> None:
    phases = schedule(months)
    assert phases[0][1] == 1
    assert phases[-1][2] == months
    for (_, _, end), (_, start, _) in itertools.pairwise(phases):
        assert start == end + 1


def test_draft_follows_form_and_marks_gaps(call: dict[str, object]) -> None:
    sections = build_draft(call, CTX)
    assert [s.number for s in sections[:-1]] == [h.number for h in default_form()]
    by_number = {s.number: s for s in sections}
    assert "공급기업: ㈜센텀AI" in by_number["5"].paragraphs
    assert any("200,000,000원" in p for p in by_number["4.1"].paragraphs)
    assert by_number["3"].paragraphs[-1].startswith("총 수행기간: 9개월")
    assert by_number["2.1"].needs_writing
    review = sections[-1]
    assert [p.split(" (")[0] for p in review.paragraphs[:4]] == [
        e["item"] for e in call["evaluation"]
    ]  # type: ignore[attr-defined]
    assert all(TODO in p for p in review.paragraphs)


def test_hwpx_opens_in_our_reader_with_the_form_headings(call: dict[str, object]) -> None:
    sections = build_draft(call, CTX)
    data = draft_hwpx(sections, title="사업계획서 초안")
    document = extract_document(data, filename="draft.hwpx")
    assert document.format == "hwpx"
    texts = [b.text for b in document.blocks]
    positions = [texts.index(s.heading) for s in sections]
    assert positions == sorted(positions)
    assert "1.1 스마트공장 구축 목표" in texts
    assert "5. 추진조직 및 업무분장" in texts


def test_docx_headings(call: dict[str, object]) -> None:
    sections = build_draft(call, CTX)
    document = extract_document(draft_docx(sections, title="초안"), filename="draft.docx")
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert headings[-len(sections) :] == [s.heading for s in sections]
