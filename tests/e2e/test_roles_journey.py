"""Browser journeys per role (issue 8 §1): anonymous, partner, admin, secretariat.

Each journey ends with a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import re
import secrets

import httpx
import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, PARTNER_PASSWORD, log_in, shot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PUBLIC = ("/", "/partners", "/partners/tu", "/needs/new", "/cases", "/login")
PROTECTED = ("/needs", "/needs/map", "/council", "/projects", "/strengths", "/admin/users")


@pytest.fixture(scope="module")
def secretariat(live_server: str) -> tuple[str, str]:
    """A secretariat account created through the admin API (the live server has admin only)."""
    username, password = f"sec_{secrets.token_hex(3)}", "e2e-Secretariat-pass-1"
    with httpx.Client(base_url=live_server, timeout=30) as client:
        token = client.post(
            "/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        ).json()["token"]
        created = client.post(
            "/api/v1/users",
            json={"username": username, "password": password, "role": "secretariat"},
            headers={"authorization": f"Bearer {token}"},
        )
        assert created.status_code == 201, created.text
    return username, password


def _log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url("**/")


def test_anonymous_sees_only_public_pages(page):  # type: ignore[no-untyped-def]
    for path in PUBLIC:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        assert "/login" not in page.url or path == "/login", path
    for path in PROTECTED:
        page.goto(path)
        assert "/login" in page.url, f"{path} did not send an anonymous visitor to log in"
        assert page.get_by_label("비밀번호").count() == 1
    page.goto("/")
    nav = page.inner_text("nav")
    assert "사용자 관리" not in nav
    assert page.locator("a[href='/admin/users']").count() == 0
    page.goto("/partners/tu")
    assert page.get_by_role("link", name="수정").count() == 0
    shot(page, "roles-anonymous-public")


def test_partner_edits_own_profile_and_cannot_touch_others(page):  # type: ignore[no-untyped-def]
    log_in(page, "tu_staff", PARTNER_PASSWORD)
    page.goto("/partners/tu")
    page.get_by_role("link", name="수정").click()
    marker = f"협동로봇 용접 셀 공동연구 ({secrets.token_hex(2)})"
    page.get_by_label("소개").fill(marker)
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/partners/tu")
    assert marker in page.inner_text("main")
    shot(page, "roles-partner-own-profile")
    page.expected_statuses.add(403)
    for path in ("/partners/pnu/edit", "/admin/users", "/needs/import", "/partners/new"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 403, path
    page.goto("/partners/pnu")
    assert marker not in page.inner_text("main")
    assert page.get_by_role("link", name="수정").count() == 0
    shot(page, "roles-partner-fenced")


def test_admin_manages_users(page):  # type: ignore[no-untyped-def]
    username = f"kmou_{secrets.token_hex(3)}"
    password = "e2e-New-user-pass-1"
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/admin/users")
    page.get_by_label("아이디", exact=True).fill(username)
    page.get_by_label("표시 이름").fill("해양대 담당자")
    page.get_by_label("비밀번호", exact=True).fill("short")  # too weak: refused with a message
    page.get_by_label("역할", exact=True).select_option("partner")
    page.get_by_label("소속 기관 (파트너 역할)").select_option("kmou")
    page.expected_statuses.add(422)
    page.get_by_role("button", name="사용자 추가").click()
    assert page.get_by_role("alert").count() == 1
    assert username not in page.inner_text("table")
    page.get_by_label("아이디", exact=True).fill(username)
    page.get_by_label("비밀번호", exact=True).fill(password)
    page.get_by_label("역할", exact=True).select_option("partner")
    page.get_by_label("소속 기관 (파트너 역할)").select_option("kmou")
    page.get_by_role("button", name="사용자 추가").click()
    page.wait_for_selector(f"table >> text={username}")
    shot(page, "roles-admin-users")
    _log_out(page)
    log_in(page, username, password)
    page.goto("/partners/kmou")
    assert page.get_by_role("link", name="수정").count() == 1
    shot(page, "roles-new-partner-user")


def test_secretariat_relabels_a_need_and_imports_a_survey(page, secretariat):  # type: ignore[no-untyped-def]
    username, password = secretariat
    log_in(page, username, password)
    page.goto("/needs")
    links = page.eval_on_selector_all(
        "main a[href^='/needs/']", "els => els.map(e => e.getAttribute('href'))"
    )
    first_need = next(href for href in links if re.fullmatch(r"/needs/\d+", href))
    page.locator(f"main a[href='{first_need}']").first.click()
    page.wait_for_selector("#relabel")
    options = page.locator("#relabel option")
    current = page.locator("#relabel").input_value()
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    target = next(v for v in values if v and v != current)
    page.locator("#relabel").select_option(target)
    page.get_by_role("button", name="저장").click()
    page.wait_for_selector("#label >> text=확인됨")
    assert page.locator("#relabel").input_value() == target
    shot(page, "roles-secretariat-relabel")

    survey = (
        "id,title,text,company,region,industry\n"
        f"e2e-{secrets.token_hex(2)},도장 검사,도장 라인 표면 결함을 카메라로 자동 검사하고 싶습니다,"
        "설문기업A,부산,C29\n"
        f"e2e-{secrets.token_hex(2)},물류 배차,공장 간 부품 배송 차량 배차를 최적화하고 싶습니다,"
        "설문기업B,부산,C30\n"
    ).encode()
    page.goto("/needs/import")
    page.set_input_files(
        "#file", files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": survey}]
    )
    page.get_by_role("button", name="미리보기").click()
    page.wait_for_selector("#preview-summary")
    assert "전체 2행" in page.inner_text("#preview-summary")
    page.get_by_role("button", name="가져오기 실행").click()
    page.wait_for_selector("[role=status]")
    assert "2건 추가" in page.inner_text("[role=status]")
    page.goto("/needs")
    body = page.inner_text("main")
    assert "설문기업A" in body or "도장 라인 표면 결함" in body
    shot(page, "roles-secretariat-import")
