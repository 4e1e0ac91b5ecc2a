"""Browser: upload a real HWP call → the deadline board → a fitting candidate → its team under
the call's 도입기업–공급기업 rule → download the HWPX draft and check its headings against the
programme's real 사업계획서 form (issue 19 "Done when")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from axpartners.calls.form import form_headings
from axpartners.policy.extract import extract_document, extract_file
from tests.e2e.conftest import ADMIN_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DATA = Path(__file__).resolve().parents[1] / "data" / "calls" / "hwp"
CALL_2025 = DATA / "mss_manufacturing_ai_smart_factory_2025_call_draft.hwp"
CALL_2026 = DATA / "mss_manufacturing_ai_smart_factory_2026_call.hwp"
FORM = DATA / "mss_manufacturing_ai_smart_factory_2026_business_plan_form.hwp"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/calls")
    page.get_by_label("공고 파일").set_input_files(str(path))
    page.get_by_role("button", name="올리고 읽기").click()


def test_upload_board_candidate_team_and_draft(page, tmp_path):  # type: ignore[no-untyped-def]
    log_in(page, "admin", ADMIN_PASSWORD)

    # a real HWP call: its facts with evidence
    _upload(page, CALL_2025)
    page.wait_for_url(re.compile(r".*/calls/\d+$"))
    facts = page.locator("#fact-table")
    assert "2025-08-14" in facts.locator("tr[data-field=apply_deadline]").inner_text()
    assert "50%" in facts.locator("tr[data-field=support_ratio]").inner_text()
    assert "도입기업" in facts.locator("tr[data-field=consortium_roles]").inner_text()
    shot(page, "calls-2025-call")

    # the 2026 HWP is the demo's call: refused as a duplicate, with a link to the stored one
    page.expected_statuses.add(409)
    _upload(page, CALL_2026)
    assert "이미 등록된 공고입니다" in page.locator("p.error").inner_text()
    page.get_by_role("link", name="등록된 공고 열기").click()
    page.wait_for_url(re.compile(r".*/calls/\d+$"))
    assert "2026-04-20" in page.locator("tr[data-field=apply_deadline]").inner_text()
    call_url = page.url

    # the board: both calls closed by today (Seoul), each with fitting candidates
    page.get_by_role("link", name="공고", exact=True).click()
    page.wait_for_url("**/calls")
    closed = page.locator("#closed-calls")
    row = closed.locator("tr", has_text="2026년도 제조AI특화 스마트공장")
    assert re.search(r"마감 \(D\+\d+\)", row.locator(".dday").inner_text())
    fits = row.locator("ol.fits li a")
    assert fits.count() >= 1
    shot(page, "calls-board")

    # the best fitting candidate → its team under 도입기업–공급기업
    fits.first.click()
    page.wait_for_url(re.compile(r".*/calls/\d+/candidates/\d+$"))
    assert page.url.startswith(call_url)
    assert "공고가 요구하는 역할을 모두 채운 팀입니다" in page.locator("#team").inner_text()
    members = page.locator("#team-members tbody tr")
    roles = [members.nth(i).locator("td").nth(1).inner_text() for i in range(members.count())]
    assert any("도입기업" in r for r in roles)
    assert any("공급기업" in r for r in roles)
    shot(page, "calls-team")

    # the HWPX draft: its headings are the real form's, in order
    with page.expect_download() as info:
        page.locator("#draft-hwpx").click()
    download = info.value
    assert download.suggested_filename.endswith(".hwpx")
    saved = tmp_path / "draft.hwpx"
    download.save_as(saved)
    document = extract_document(saved.read_bytes(), filename="draft.hwpx")
    texts = [b.text for b in document.blocks]
    real = form_headings(extract_file(FORM).text)
    expected = [f"{h.number}. {h.title}" if h.level == 1 else f"{h.number} {h.title}" for h in real]
    positions = [texts.index(h) for h in expected]
    assert positions == sorted(positions)
    assert any(t.startswith("도입기업: ") for t in texts)
    assert any(t.startswith("공급기업: ") for t in texts)
