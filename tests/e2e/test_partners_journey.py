"""Browser journeys in Debian chromium: admin edits a partner; a partner user is fenced in."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, PARTNER_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_admin_logs_in_and_edits_a_partner(page):
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/partners")
    page.get_by_label("검색").fill("한국해양")
    page.wait_for_selector("#rows >> text=1개 기관")
    assert "동명대학교" not in page.inner_text("#rows")
    page.get_by_role("link", name="국립한국해양대학교").click()
    page.get_by_role("link", name="수정").click()
    page.get_by_label("소개").fill("스마트 항만 디지털 트윈과 자율운항 선박 데이터 연구 (e2e)")
    page.get_by_label("산업안전·작업자 보호").check()
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/partners/kmou")
    body = page.inner_text("main")
    assert "자율운항 선박 데이터 연구 (e2e)" in body
    assert "산업안전·작업자 보호" in body
    shot(page, "admin-edits-partner")


def test_partner_user_cannot_edit_another_organisation(page):
    log_in(page, "tu_staff", PARTNER_PASSWORD)
    page.goto("/partners/tu")
    assert page.get_by_role("link", name="수정").count() == 1
    page.goto("/partners/pnu")
    assert page.get_by_role("link", name="수정").count() == 0
    page.expected_statuses.add(403)
    response = page.goto("/partners/pnu/edit")
    assert response is not None
    assert response.status == 403
    shot(page, "partner-fenced")


def test_language_toggle_and_public_pages(page):
    page.goto("/")
    assert "파트너" in page.inner_text("nav")
    page.get_by_role("link", name="English").click()
    assert "Partners" in page.inner_text("nav")
    page.get_by_role("link", name="한국어").click()
    assert "현장 수요" in page.inner_text("nav")
