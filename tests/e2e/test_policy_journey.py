"""Browser: upload a real HWPX and a PDF, see the item tree with tags, search an item, open its
alignment with the region's needs, partners and strengths (issue 6 "Done when")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DATA = Path(__file__).resolve().parents[1] / "data" / "policy"
REAL_HWPX = DATA / "hwp_samples" / "hwpxlib__testFile_error_20241104_mot.hwpx"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/policy")
    page.get_by_label("파일").set_input_files(str(path))
    page.get_by_role("button", name="올리고 분석하기").click()
    page.wait_for_url(re.compile(r".*/policy/documents/\d+$"))


def test_upload_tree_search_and_alignment(page):  # type: ignore[no-untyped-def]
    log_in(page, "admin", ADMIN_PASSWORD)
    # regional statistics for the strengths part: the Strengths page's demo action (posted
    # directly, idempotent; the page itself is another area's journey)
    page.goto("/policy")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    loaded = page.request.post("/strengths/demo", form={"csrf_token": token}, max_redirects=0)
    assert loaded.status == 303

    # a real ministry press release (HWPX): its items with the ministry tag
    _upload(page, REAL_HWPX)
    tree = page.locator("#tree")
    assert tree.locator("li.node").count() >= 5
    assert "파리 올림픽" in tree.inner_text()
    chip = tree.locator("span.tag.kind-ministry", has_text="문화체육관광부").first
    assert "문화체육관광부" in (chip.get_attribute("title") or "")
    shot(page, "policy-hwpx-tree")

    # a PDF plan with numbered items, tags and a page without a text layer
    _upload(page, DATA / "plan.pdf")
    assert page.get_by_text("OCR 필요").first.is_visible()
    vision = page.locator("li.node", has_text="AI 비전검사 보급").first
    assert vision.locator("span.no").inner_text() == "가"
    bullet = page.locator("li.node", has_text="120억원 투입").locator("span.no")
    assert bullet.first.inner_text() == "□"
    assert "level-3" in (vision.get_attribute("class") or "")
    assert vision.locator("span.tag.kind-use_case", has_text="비전 검사").count() == 1
    budget = page.locator("li.node", has_text="120억원 투입").locator("span.tag.kind-budget")
    assert budget.first.inner_text().strip() == "120억원"
    shot(page, "policy-pdf-tree")

    # the same file again is refused with a clear message
    page.expected_statuses.add(409)
    page.goto("/policy")
    page.get_by_label("파일").set_input_files(str(DATA / "plan.pdf"))
    page.get_by_role("button", name="올리고 분석하기").click()
    assert "이미 등록된 문서입니다" in page.locator("p.error").inner_text()

    # search an item (HTMX results), open it, see the region's needs and partners
    page.goto("/policy")
    page.get_by_label("과제 검색어").fill("용접불량 비전검사")
    hit = page.locator("#hits li.hit", has_text="비전검사").first
    hit.wait_for()
    shot(page, "policy-search")
    hit.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/policy/items/\d+$"))
    assert "이 과제에 맞는 부산의 수요와 파트너" in page.locator("h2#align-h").inner_text()
    needs = page.locator("#aligned-needs tr.need")
    partners = page.locator("#aligned-partners tr.partner")
    assert needs.count() >= 1
    assert partners.count() >= 1
    assert partners.first.locator("ul.reasons li").count() >= 1
    strengths = page.locator("#aligned-strengths tbody tr")
    assert strengths.count() >= 1
    assert "제조업" in strengths.first.inner_text()  # 조선(31) → KSIC section C
    shot(page, "policy-item-alignment")
