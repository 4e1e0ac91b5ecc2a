"""Browser: open a need, see ranked partners with reasons, build a consortium."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_need_to_partners_to_consortium(page):
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/needs")
    page.get_by_label("검색").fill("용접 비드")
    page.wait_for_selector("#rows >> text=조선기자재 A사")
    page.locator("#rows tr", has_text="조선기자재 A사").get_by_role("link").click()
    rows = page.locator("#matches tr.match")
    assert rows.count() >= 2
    first = rows.first.inner_text()
    assert "동명대학교" in first
    assert "비전 검사" in first
    shot(page, "need-matches")
    page.get_by_role("link", name="이 수요로 컨소시엄 구성").click()
    page.get_by_label("로봇·피지컬 AI 자동화").check()
    page.get_by_role("button", name="최적 팀 찾기").click()
    team = page.locator("article.team").first
    team.wait_for()
    text = team.inner_text()
    assert "비전 검사·불량 검출" in text
    assert "로봇·피지컬 AI 자동화" in text
    assert "최적해 증명" in text
    shot(page, "consortium")
