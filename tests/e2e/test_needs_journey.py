"""Browser: a manufacturer submits a need; the secretariat sees it labelled, in the map and clusters."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NEED = "도금 라인에서 전기를 너무 많이 써서 피크 전력을 줄이고 탄소 배출량도 관리하고 싶습니다"


def test_manufacturer_need_reaches_list_map_and_clusters(page):
    page.goto("/needs/new")
    page.get_by_label("어떤 문제를 해결하고 싶으신가요? (필수)").fill(NEED)
    page.get_by_label("회사명").fill("E2E도금")
    page.get_by_label("업종 (KSIC 중분류)").select_option("25")
    page.get_by_role("button", name="제출").click()
    page.wait_for_url("**/needs/thanks/*")
    reference = page.inner_text("#reference")
    assert re.search(r"N\d{8}-[0-9A-F]{10}", reference)
    shot(page, "need-submitted")

    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/needs")
    page.get_by_label("검색").fill("피크 전력")
    page.wait_for_selector("#rows >> text=E2E도금")
    row = page.locator("#rows tr", has_text="E2E도금")
    assert "에너지 절감·탄소 관리" in row.inner_text()
    row.get_by_role("link").click()
    assert "에너지 절감·탄소 관리" in page.inner_text("#label")

    page.goto("/needs/map")
    heat = page.inner_text("#heatmap")
    assert "금속가공제품 제조업" in heat
    assert "에너지 절감·탄소 관리" in heat
    page.goto("/needs/clusters?across=true")
    assert page.locator("article.cluster").count() >= 1
    shot(page, "needs-clusters")
