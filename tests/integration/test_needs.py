"""Needs: public intake (form + API), auto-labelling, search, review, map, clusters, survey import."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from axpartners.db.session import make_session_factory
from axpartners.db.tables import Need, NeedContact
from axpartners.web.app import create_app
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration


def _needs(world) -> int:
    with make_session_factory(world.engine)() as session:
        return session.scalar(select(func.count()).select_from(Need))


def _submit(client, **fields):
    token = csrf_of(client, "/needs/new")
    return client.post("/needs/new", data={"csrf_token": token, **fields}, follow_redirects=False)


def test_public_form_stores_labels_and_keeps_contact_only_with_consent(world):
    client = world.client()
    form = client.get("/needs/new").text
    assert 'name="website"' in form
    assert "31 기타 운송장비 제조업" in form
    response = _submit(
        client,
        text="선박 블록 용접 부위를 카메라로 찍어서 불량을 자동으로 잡고 싶어요",
        company="테스트조선",
        industry="31",
        region="26",
        contact_email="kim@example.kr",
        consent="true",
    )
    assert response.status_code == 303
    ref = response.headers["location"].rsplit("/", 1)[1]
    assert ref in client.get(response.headers["location"]).text
    no_consent = _submit(
        client,
        text="재고가 남거나 모자라서 발주량을 예측하고 싶어요",
        company="동의안함",
        contact_email="park@example.kr",
    )
    assert no_consent.status_code == 303
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.ref == ref)).one()
        assert need.label == "vision-inspection"
        assert need.explanation
        assert need.contact is not None
        assert need.contact.contact_email == "kim@example.kr"
        other = session.scalars(select(Need).where(Need.company == "동의안함")).one()
        assert other.contact is None
        assert "park@example.kr" not in {
            c.contact_email for c in session.scalars(select(NeedContact))
        }
    staff = world.login("staff")
    assert "kim@example.kr" in staff.get(f"/needs/{need.id}").text
    partner = world.login("partner_tu")
    page = partner.get(f"/needs/{need.id}")
    assert page.status_code == 200
    assert "kim@example.kr" not in page.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "적어 주세요"), ("😀🔥👍", "글자가 없습니다"), ("가" * 100_001, "너무 깁니다")],
    ids=["empty", "emoji-only", "100kb"],
)
def test_bad_form_input_is_explained_and_kept(world, text, expected):
    before = _needs(world)
    response = _submit(world.client(), text=text, company="보존될회사")
    assert response.status_code == 422
    assert expected in response.text
    assert "보존될회사" in response.text  # the visitor's input is not lost
    assert _needs(world) == before


def test_html_is_stored_as_text_and_rendered_escaped(world):
    client = world.client()
    payload = "<script>alert('x')</script> 도장 라인 불량 검사 자동화"
    assert _submit(client, text=payload, company="<b>XSS</b>").status_code == 303
    staff = world.login("staff")
    listing = staff.get("/needs", params={"q": "도장"}).text
    assert "<script>alert" not in listing
    assert "<b>XSS</b>" not in listing
    assert "&lt;b&gt;XSS&lt;/b&gt;" in listing
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.company == "<b>XSS</b>")).one()
    detail = staff.get(f"/needs/{need.id}").text
    assert "<script>alert('x')</script>" not in detail
    assert "&lt;script&gt;" in detail


def test_english_only_text_is_accepted_and_flagged_for_review(world):
    response = TestClient(create_app(world.settings, engine=world.engine)).post(
        "/api/v1/public/needs",
        json={"text": "We need predictive maintenance for our CNC spindles", "consent": False},
    )
    assert response.status_code == 201
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.ref == response.json()["reference"])).one()
        assert need.label is not None


def test_honeypot_stores_nothing(world):
    before = _needs(world)
    response = _submit(
        world.client(), text="스팸 봇이 채운 글입니다 광고", website="http://spam.example"
    )
    assert response.status_code == 303
    assert _needs(world) == before


def test_public_api_is_rate_limited_per_client(world):
    settings = world.settings.model_copy(update={"public_rate_limit_per_minute": 3})
    client = TestClient(create_app(settings, engine=world.engine), client=("10.9.8.7", 5000))
    codes = [
        client.post(
            "/api/v1/public/needs", json={"text": f"설비 진동 이상 감지 요청 {i}번"}
        ).status_code
        for i in range(5)
    ]
    assert codes[:3] == [201, 201, 201]
    assert codes[3:] == [429, 429]
    other = TestClient(create_app(settings, engine=world.engine), client=("10.9.8.8", 5000))
    assert (
        other.post("/api/v1/public/needs", json={"text": "다른 회사의 물류 배차 문제"}).status_code
        == 201
    )
    bad = other.post("/api/v1/public/needs", json={"text": "  "})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "needs.empty_text"


def test_korean_search_uses_morphemes_and_staff_can_relabel(world):
    staff = world.login("staff")
    hits = staff.get("/needs", params={"q": "진동 데이터"}).text
    assert "프레스 설비가 갑자기 서서" in hits
    fragment = staff.get("/needs", params={"q": "발주량을"}, headers={"hx-request": "true"}).text
    assert "명절마다 주문이 몰려서" in fragment
    assert "<html" not in fragment
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.external_id == "demo-n04")).one()
    token = csrf_of(staff, f"/needs/{need.id}")
    assert (
        staff.post(
            f"/needs/{need.id}/label",
            data={"csrf_token": token, "label": "logistics-supply-chain"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    with make_session_factory(world.engine)() as session:
        relabelled = session.get(Need, need.id)
        assert relabelled.label == "logistics-supply-chain"
        assert relabelled.label_confirmed
    partner = world.login("partner_tu")
    ptoken = csrf_of(partner, f"/needs/{need.id}")
    assert (
        partner.post(
            f"/needs/{need.id}/label", data={"csrf_token": ptoken, "label": "energy-carbon"}
        ).status_code
        == 403
    )


def test_demand_map_and_clusters(world):
    staff = world.login("staff")
    page = staff.get("/needs/map").text
    assert 'id="heatmap"' in page
    assert "기타 운송장비 제조업" in page
    assert "비전 검사·불량 검출" in page
    csv_text = staff.get("/needs/map.csv").content.decode("utf-8-sig")
    assert csv_text.startswith("industry,use_case,needs")
    assert "31,vision-inspection," in csv_text
    png = staff.get("/needs/map.png")
    assert png.status_code == 200
    assert png.content[:4] == b"\x89PNG"
    clusters = staff.get("/needs/clusters?across=true")
    assert clusters.status_code == 200
    assert "대표 수요" in clusters.text


SURVEY = (
    "id,text,company,industry,region,submitted_at\n"
    "sv1,사출 성형 조건을 바꿀 때마다 불량률이 달라서 최적 조건을 찾고 싶습니다,사출A,C22,부산,2026-05-01\n"
    "sv2,사출 성형 조건을 바꿀 때마다 불량률이 달라서 최적 조건을 찾고 싶습니다,사출A,22,부산,2026-05-01\n"
    "sv3,협력사 납기 지연을 미리 알고 싶어요,물류B,52,26,2026-05-02\n"
)


def test_survey_import_previews_then_imports_once(world):
    staff = world.login("staff")
    token = csrf_of(staff, "/needs/import")
    preview = staff.post(
        "/needs/import",
        data={"csrf_token": token},
        files={"file": ("survey.csv", SURVEY.encode("cp949"), "text/csv")},
    )
    assert preview.status_code == 200
    assert "전체 3행 · 오류 0행 · 중복 1행" in preview.text
    before = _needs(world)
    upload = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    done = staff.post("/needs/import/confirm", data={"csrf_token": token, "token": upload})
    assert done.status_code == 200
    assert "2건 추가" in done.text
    assert _needs(world) == before + 2
    again = staff.post("/needs/import/confirm", data={"csrf_token": token, "token": upload})
    assert again.status_code == 404  # the preview file is consumed


def test_survey_with_bad_rows_lists_every_error_and_writes_nothing(world):
    staff = world.login("staff")
    token = csrf_of(staff, "/needs/import")
    bad = (
        "text,industry,submitted_at\n"
        "정상 문장입니다 설비 고장 예측,29,2026-01-01\n"
        ",29,2026-01-01\n"
        "업종이 이상한 경우,777,2026-01-01\n"
    )
    before = _needs(world)
    preview = staff.post(
        "/needs/import",
        data={"csrf_token": token},
        files={"file": ("bad.csv", bad.encode(), "text/csv")},
    )
    assert "bad.csv:3:text" in preview.text
    assert "bad.csv:4:industry" in preview.text
    assert "/needs/import/confirm" not in preview.text
    broken = staff.post(
        "/needs/import",
        data={"csrf_token": token},
        files={"file": ("q.csv", b'text\n"never closed\n', "text/csv")},
    )
    assert broken.status_code == 400
    assert "CSV" in broken.text
    assert _needs(world) == before
