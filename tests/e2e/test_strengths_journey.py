"""Browser journey: the Strengths page shows Busan's opportunities, charts and downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _ensure_statistics(page) -> None:  # type: ignore[no-untyped-def]
    """``axp demo`` loads them once services/demo.py calls load_demo_stats; else load them here."""
    if page.locator("#load-demo").count():
        page.locator("#load-demo").click()
        page.wait_for_selector("#opportunities")


def test_strengths_page_shows_busan_opportunities_and_downloads(page):
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/strengths")
    _ensure_statistics(page)
    assert "부산" in page.inner_text("h1")
    rows = page.locator("#opportunities tbody tr")
    assert rows.count() >= 3
    first = rows.first.inner_text()
    assert "관련 역량 밀도 백분위" in first  # the explanation of the score
    assert "KOSIS" in page.inner_text("#source")
    for name in ("network", "scatter", "eci", "heatmap"):
        image = page.locator(f"#chart-{name} img")
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
    shot(page, "strengths-kosis")

    page.select_option("#measure", "사업체수")  # strengths.js applies a selector at once
    page.wait_for_url("**measure=*")
    with page.expect_navigation():
        page.select_option("#dataset", "synthetic-sido-mfg-division")
    page.wait_for_selector("#synthetic-label")
    assert "합성 데이터(예시)" in page.inner_text("#source")
    assert "기타 운송장비" in page.inner_text("#specialisations")
    usecases = page.locator("#opportunities tbody tr").first.locator(".tag.usecase")
    assert usecases.count() >= 1  # AI fields to pursue in the top opportunity
    shot(page, "strengths-synthetic")

    with page.expect_download() as download_info:
        page.locator("#opportunities a[href*='opportunities.csv']").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("region,industry,industry_name,rank,score,density")
    assert len(text.splitlines()) > 5
