"""Issue 7 in the browser: quick wins → promote → meeting decision and action item → briefing PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from axpartners.clock import today
from tests.e2e.conftest import ADMIN_PASSWORD, ARTIFACTS, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_quick_win_to_pipeline_meeting_and_briefing(page):
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/planning/candidates")
    if page.locator("tr.candidate-row").count() == 0:
        # `axp demo` without generated candidates: make them from the demo needs.
        page.get_by_role("button", name="후보 다시 만들기").click()
        page.wait_for_selector("tr.candidate-row")

    # Sliders re-rank live (HTMX) and every score shows its components.
    first_before = page.locator("tr.candidate-row").first.get_attribute("data-id")
    for group in ("demand", "policy", "advantage", "partners"):
        page.locator(f"#w-{group}").fill("0")
    page.locator("#w-feasibility").fill("100")
    expect(page.locator("#weights-now")).to_contain_text("조기성과 가능성 100")
    assert "수요 0" in page.inner_text("#weights-now")
    first_after = page.locator("tr.candidate-row").first.get_attribute("data-id")
    assert first_after is not None
    assert first_before is not None
    assert "조기성과 가능성" in page.locator("tr.candidate-row").first.inner_text()
    shot(page, "planning-candidates-weights")

    page.get_by_role("link", name="빠른 성과 후보").first.click()
    page.wait_for_url("**/planning/quick-wins")
    rows = page.locator("tr.candidate-row")
    assert rows.count() >= 1
    months = [float(rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert months == sorted(months)
    assert max(months) <= 6
    shot(page, "planning-quick-wins")

    link = rows.first.locator("a").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r".*/planning/candidates/\d+$"))
    assert "[데이터]" in page.inner_text("article.onepager")
    assert "[템플릿]" in page.inner_text("article.onepager")
    assert page.locator("ul.components li.comp").count() == 5  # every score shows its parts
    shot(page, "planning-candidate-onepager")
    page.get_by_label("사업 담당").fill("부산테크노파크 정책기획팀")
    page.get_by_role("button", name="사업 파이프라인에 올리기").click()
    page.wait_for_url(re.compile(r".*/projects/\d+$"))
    assert title in page.inner_text("h1")
    assert page.inner_text("#stage") == "아이디어"
    shot(page, "planning-promoted-project")

    page.goto("/council")
    page.locator("table.meetings").get_by_role("link", name=re.compile("제1차 회의")).click()
    page.wait_for_url(re.compile(r".*/council/\d+$"))
    decision = f"{title} 과제를 기획 단계로 추진한다 (e2e)"
    page.get_by_label("결정 내용").fill(decision)
    page.get_by_label("관련 사업 후보").select_option(label=title)
    page.get_by_role("button", name="결정 기록").click()
    page.wait_for_selector(f"ul.decisions >> text={decision}")

    due = (today() + timedelta(days=21)).isoformat()
    page.get_by_label("후속 조치 내용").fill("수요기업 현장 방문 일정 확정 (e2e)")
    page.locator("#action-owner").fill("부산테크노파크")
    page.get_by_label("기한").fill(due)
    page.get_by_role("button", name="후속 조치 추가").click()
    page.wait_for_selector("table.actions-table >> text=수요기업 현장 방문 일정 확정 (e2e)")
    assert due in page.inner_text("table.actions-table")
    shot(page, "council-decision-and-action")

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="브리핑 자료 PDF").first.click()
    download = info.value
    assert download.suggested_filename == "briefing.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "briefing.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        for section in (
            "정책 동향",
            "우선 추진 후보 과제",
            "사업 파이프라인 현황",
            "미결 조치 사항",
        ):
            assert section in text
        assert "수요기업 현장 방문 일정 확정 (e2e)" in text
