"""Partners vertical slice on SQLite and PostgreSQL: permissions, CSRF, forms, import/export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory
from axpartners.db.tables import AuditEntry, Organisation
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

GOOD_CSV = (
    "id,name,kind,description,capabilities,industries,region,homepage,extra\n"
    "acme-ai,에이크미AI,company,용접 비전검사 솔루션,vision-inspection,C31;25,부산,https://acme.example,x\n"
    "sea-lab,해양데이터연구소,research,항만 물류 배차 최적화와 컨테이너 적재 연구,,52,26,,\n"
)


def _count_orgs(world) -> int:
    with make_session_factory(world.engine)() as session:
        return len(session.scalars(select(Organisation.id)).all())


def test_anonymous_sees_public_directory_but_not_protected_pages(world):
    client = world.client()
    page = client.get("/partners")
    assert page.status_code == 200
    assert "동명대학교" in page.text
    assert "예시" in page.text
    assert client.get("/partners/tu").status_code == 200
    for path in ("/needs", "/council", "/projects", "/admin/users", "/partners/new", "/strengths"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login"), path
    assert client.get("/api/v1/partners").status_code == 401


def test_search_and_filters(world):
    client = world.client()
    by_kind = client.get("/partners", params={"kind": "university"}).text
    assert "부산대학교" in by_kind
    assert "(주)솔트룩스" not in by_kind
    by_cap = client.get("/partners", params={"capability": "knowledge-assistant"}).text
    assert "(주)솔트룩스" in by_cap
    assert "동명대학교" not in by_cap
    by_industry = client.get("/partners", params={"industry": "31"}).text
    assert "국립한국해양대학교" in by_industry
    assert "(주)솔트룩스" not in by_industry
    fragment = client.get("/partners", params={"q": "항만"}, headers={"hx-request": "true"})
    assert "<html" not in fragment.text
    assert "국립한국해양대학교" in fragment.text


def test_partner_user_edits_own_organisation_only(world):
    client = world.login("partner_tu")
    token = csrf_of(client, "/partners/tu/edit")
    response = client.post(
        "/partners/tu/edit",
        data={
            "csrf_token": token,
            "name": "동명대학교",
            "kind": "university",
            "description": "협동로봇 연구",
            "capability": ["robotics-physical-ai"],
            "industries": "29",
            "region": "부산",
            "homepage": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "협동로봇 연구" in client.get("/partners/tu").text
    other = client.post(
        "/partners/pnu/edit",
        data={"csrf_token": token, "name": "x", "kind": "university"},
        follow_redirects=False,
    )
    assert other.status_code == 403
    # refused before the form is read: an invalid form to another organisation is still a 403
    # (not a 422 that would tell what the form expects), and 401 for someone not logged in
    invalid = {"csrf_token": token, "name": "", "kind": "nonsense"}
    assert client.post("/partners/pnu/edit", data=invalid).status_code == 403
    anonymous = world.client()
    anon_token = csrf_of(anonymous, "/login")
    refused = anonymous.post("/partners/tu/edit", data={**invalid, "csrf_token": anon_token})
    assert refused.status_code == 401
    assert client.get("/partners/pnu/edit").status_code == 403
    api = client.put("/api/v1/partners/pnu", json={"id": "pnu", "name": "x", "kind": "university"})
    assert api.status_code == 403
    assert client.post("/partners/pnu/delete", data={"csrf_token": token}).status_code == 403
    with make_session_factory(world.engine)() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == "tu", AuditEntry.action == "update")
        ).first()
        assert entry is not None
        assert entry.actor == "partner_tu"
        assert session.get(Organisation, "pnu").name == "부산대학교"


def test_form_post_without_csrf_token_is_rejected(world):
    client = world.login("staff")
    response = client.post("/partners/new", data={"id": "nocsrf", "name": "x", "kind": "company"})
    assert response.status_code == 403
    wrong = client.post(
        "/partners/new",
        data={"id": "nocsrf", "name": "x", "kind": "company", "csrf_token": "forged"},
    )
    assert wrong.status_code == 403
    with make_session_factory(world.engine)() as session:
        assert session.get(Organisation, "nocsrf") is None


def test_staff_create_validation_keeps_input(world):
    client = world.login("staff")
    token = csrf_of(client, "/partners/new")
    bad = client.post(
        "/partners/new",
        data={
            "csrf_token": token,
            "id": "new-co",
            "name": "새회사",
            "kind": "startup",
            "description": "내용 유지",
        },
    )
    assert bad.status_code == 422
    assert "startup" in bad.text
    assert "내용 유지" in bad.text
    good = client.post(
        "/partners/new",
        data={
            "csrf_token": token,
            "id": "new-co",
            "name": "새회사",
            "kind": "company",
            "description": "설비 진동 예지보전",
        },
        follow_redirects=False,
    )
    assert good.status_code == 303
    detail = client.get("/partners/new-co").text
    assert "예지보전" in detail
    assert "추정" in detail


def test_import_then_export_roundtrip_csv_and_xlsx(world):
    client = world.login("staff")
    token = csrf_of(client, "/partners/import")
    response = client.post(
        "/partners/import",
        data={"csrf_token": token},
        files={"file": ("p.csv", GOOD_CSV.encode("cp949"), "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert "신규 2건" in response.text
    exported = client.get("/partners/export.csv")
    text = exported.content.decode("utf-8-sig")
    assert "acme-ai,에이크미AI,company" in text
    assert "vision-inspection" in text
    assert "sea-lab" in text
    assert "logistics-supply-chain" in text
    xlsx = client.get("/partners/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "name", "kind")
    assert any(r[0] == "acme-ai" and r[5] == "25;31" for r in rows)
    again = client.post(
        "/partners/import",
        data={"csrf_token": token},
        files={"file": ("p.xlsx", xlsx.content, "application/octet-stream")},
    )
    assert again.status_code == 200
    assert "신규 0건" in again.text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id,name\nx1,X\n", "kind"),
        (
            b"id,name,kind,capabilities\nz1,Z,company,vision-inspection\nz2,Z2,company,telepathy\n",
            ":3:capabilities",
        ),
        (b"id,name,kind\nd1,D,company\nd1,D again,company\n", ":3:id"),
        (b"", "빈 파일"),
        (b'id,name,kind\n"broken,quote,company\n', "CSV"),
    ],
    ids=["missing-column", "unknown-capability", "duplicate-id", "empty", "broken-quote"],
)
def test_bad_import_names_the_place_and_writes_nothing(world, content, expected):
    client = world.login("staff")
    before = _count_orgs(world)
    token = csrf_of(client, "/partners/import")
    response = client.post(
        "/partners/import",
        data={"csrf_token": token},
        files={"file": ("bad.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    assert expected in response.text
    assert _count_orgs(world) == before


def test_fifty_megabyte_upload_is_refused(world):
    client = world.login("staff")
    token = csrf_of(client, "/partners/import")
    big = b"id,name,kind\n" + b"a,b,company\n" * (50 * 2**20 // 12)
    response = client.post(
        "/partners/import", data={"csrf_token": token}, files={"file": ("big.csv", big, "text/csv")}
    )
    assert response.status_code == 413
    assert "MB" in response.text
    assert "너무 큽니다" in response.text


def test_api_login_token_and_roles(world):
    client = world.client()
    bad = client.post(
        "/api/v1/auth/login", json={"username": "admin", "password": "wrong-password-1"}
    )
    assert bad.status_code == 401
    token = client.post(
        "/api/v1/auth/login", json={"username": "staff", "password": "test-Password-1"}
    ).json()["token"]
    fresh = world.client()
    headers = {"Authorization": f"Bearer {token}"}
    listed = fresh.get("/api/v1/partners", params={"q": "부산"}, headers=headers)
    assert listed.status_code == 200
    assert any(p["id"] == "pnu" for p in listed.json())
    assert fresh.get("/api/v1/users", headers=headers).status_code == 403
    created = fresh.post(
        "/api/v1/partners",
        headers=headers,
        json={
            "id": "api-co",
            "name": "API 회사",
            "kind": "company",
            "capabilities": ["energy-carbon"],
            "industries": ["C24"],
            "region": "부산광역시",
        },
    )
    assert created.status_code == 201
    assert created.json()["industries"] == ["24"]
    dup = fresh.post(
        "/api/v1/partners", headers=headers, json={"id": "api-co", "name": "x", "kind": "company"}
    )
    assert dup.status_code == 409
    invalid = fresh.post(
        "/api/v1/partners", headers=headers, json={"id": "bad co", "name": "x", "kind": "company"}
    )
    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "partners.bad_id"
    assert fresh.delete("/api/v1/partners/api-co", headers=headers).status_code == 204
    assert fresh.get("/api/v1/partners/api-co", headers=headers).status_code == 404


def test_admin_creates_users_and_only_admin_lists_them(world):
    admin = world.login("admin")
    token = csrf_of(admin, "/admin/users")
    made = admin.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "kmou_user",
            "password": "kmou-Pass-2026",
            "role": "partner",
            "organisation_id": "kmou",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    weak = admin.post(
        "/admin/users",
        data={"csrf_token": token, "username": "weak", "password": "123", "role": "secretariat"},
    )
    assert weak.status_code == 422
    assert "비밀번호" in weak.text
    listed = admin.get("/api/v1/users")
    assert listed.status_code == 200
    assert {"admin", "kmou_user"} <= {u["username"] for u in listed.json()}
    newbie = world.client()
    from tests.integration.conftest import login

    login(newbie, "kmou_user", "kmou-Pass-2026")
    assert newbie.get("/partners/kmou/edit").status_code == 200
    assert newbie.get("/admin/users").status_code == 403
