"""Calls pages and API on SQLite and PostgreSQL: upload a real HWP, the deadline board, the call
page (facts, evidence, corrections, ranked candidates), candidate × call (team, draft
downloads checked against the real 사업계획서 form), refusals."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from axpartners.calls.form import form_headings
from axpartners.db.session import make_session_factory
from axpartners.db.tables import Call, CallCorrection
from axpartners.policy.extract import extract_document, extract_file
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data" / "calls" / "hwp"
CALL_2025 = DATA / "mss_manufacturing_ai_smart_factory_2025_call_draft.hwp"
CALL_2026 = DATA / "mss_manufacturing_ai_smart_factory_2026_call.hwp"
FORM = DATA / "mss_manufacturing_ai_smart_factory_2026_business_plan_form.hwp"


@pytest.fixture(scope="module")
def staff(world):
    return world.login("staff")


@pytest.fixture(scope="module")
def partner(world):
    return world.login("partner_tu")


def _count(world, model) -> int:
    with make_session_factory(world.engine)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _demo_call_id(world) -> int:
    with make_session_factory(world.engine)() as session:
        return int(session.scalar(select(Call.id).where(Call.is_example.is_(True))) or 0)


def _upload(client, name: str, data: bytes):
    token = csrf_of(client, "/calls")
    return client.post(
        "/calls/upload",
        data={"csrf_token": token},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )


def test_upload_hwp_then_board_and_call_page(world, staff, partner) -> None:
    response = _upload(staff, CALL_2025.name, CALL_2025.read_bytes())
    assert response.status_code == 303, response.text[:400]
    match = re.fullmatch(r"/calls/(\d+)", response.headers["location"])
    assert match
    call_id = int(match[1])
    page = partner.get(f"/calls/{call_id}")
    assert page.status_code == 200
    assert "2025년도 제조AI특화 스마트공장 구축지원사업" in page.text
    assert "중소벤처기업부 공고 제2025-415호" in page.text
    assert "2025-08-14" in page.text
    assert 'id="ranked"' in page.text
    assert "전국 대상 공고" in page.text  # the 2025 call names no region
    # the board: both real calls have closed by the council's date (2026-12-03 or later)
    board = partner.get("/calls")
    assert board.status_code == 200
    closed = board.text[board.text.index('id="closed-calls"') :]
    assert f'data-call="{call_id}"' in closed
    assert f'data-call="{_demo_call_id(world)}"' in closed
    assert "마감 (D+" in closed
    assert re.search(rf'href="/calls/{call_id}/candidates/\d+"', closed)
    # members read, but only staff see the upload form
    assert 'action="/calls/upload"' not in board.text
    assert 'action="/calls/upload"' in staff.get("/calls").text


def test_duplicate_and_bad_files_are_refused_on_the_page(world, staff, partner) -> None:
    before = _count(world, Call)
    again = _upload(staff, "again.hwp", CALL_2026.read_bytes())
    assert again.status_code == 409
    assert f'href="/calls/{_demo_call_id(world)}"' in again.text
    broken = _upload(staff, "broken.hwp", b"\xd0\xcf\x11\xe0 broken" * 50)
    assert broken.status_code == 400
    assert "broken.hwp" in broken.text
    assert 'role="alert"' in broken.text
    facts_less = _upload(staff, "memo.txt", "다음 회의는 목요일입니다.".encode())
    assert facts_less.status_code == 400
    assert "memo.txt" in facts_less.text
    refused = _upload(partner, CALL_2025.name, CALL_2025.read_bytes())
    assert refused.status_code == 403
    assert _count(world, Call) == before


def test_correction_form_keeps_history(world, staff, partner) -> None:
    call_id = _demo_call_id(world)
    token = csrf_of(staff, f"/calls/{call_id}")
    bad = staff.post(
        f"/calls/{call_id}/correct",
        data={"csrf_token": token, "field": "support_ratio", "value": "반반"},
        follow_redirects=False,
    )
    assert bad.status_code == 400
    assert "반반" in bad.text
    assert _count(world, CallCorrection) == 0
    done = staff.post(
        f"/calls/{call_id}/correct",
        data={"csrf_token": token, "field": "n_projects", "value": "410", "note": "변경공고"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = partner.get(f"/calls/{call_id}")
    history = page.text[page.text.index('id="history"') :]
    assert "staff" in history
    assert "변경공고" in history
    assert "410" in history
    assert "400" in history
    api = partner.get(f"/api/v1/calls/{call_id}").json()
    assert api["facts"]["n_projects"] == 410
    assert api["extracted"]["n_projects"] == 400
    assert api["corrections"][-1]["corrected_by"] == "staff"
    refused = partner.post(
        f"/calls/{call_id}/correct",
        data={
            "csrf_token": csrf_of(partner, f"/calls/{call_id}"),
            "field": "n_projects",
            "value": "1",
        },
        follow_redirects=False,
    )
    assert refused.status_code == 403


def _best_candidate(client, call_id: int) -> int:
    ranked = client.get(f"/api/v1/calls/{call_id}/candidates").json()
    eligible = [r for r in ranked if r["eligible"]]
    assert eligible
    assert all(r["reasons"] for r in ranked)
    return int(eligible[0]["candidate_id"])


def test_candidate_page_team_and_draft_downloads(world, partner) -> None:
    call_id = _demo_call_id(world)
    candidate_id = _best_candidate(partner, call_id)
    page = partner.get(f"/calls/{call_id}/candidates/{candidate_id}")
    assert page.status_code == 200
    team = page.text[page.text.index('id="team-members"') :]
    assert ">도입기업<" in team
    assert ">공급기업<" in team
    api = partner.get(f"/api/v1/calls/{call_id}/candidates/{candidate_id}/team").json()
    assert api["roles"] == ["도입기업", "공급기업"]
    assert api["missing_roles"] == []
    taken = {r for m in api["members"] for r in m["roles"]}
    assert {"도입기업", "공급기업"} <= taken
    real = form_headings(extract_file(FORM).text)
    expected = [f"{h.number}. {h.title}" if h.level == 1 else f"{h.number} {h.title}" for h in real]
    for fmt in ("hwpx", "docx"):
        response = partner.get(f"/calls/{call_id}/candidates/{candidate_id}/draft.{fmt}")
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        assert f".{fmt}" in response.headers["content-disposition"]
        document = extract_document(response.content, filename=f"draft.{fmt}")
        texts = [b.text for b in document.blocks]
        positions = [texts.index(h) for h in expected]
        assert positions == sorted(positions)
    assert partner.get(f"/calls/{call_id}/candidates/{candidate_id}/draft.pdf").status_code == 400
    assert partner.get(f"/calls/{call_id}/candidates/999999").status_code == 404


def test_team_page_names_the_missing_role(world, partner) -> None:
    call_id = _demo_call_id(world)
    ranked = partner.get(f"/api/v1/calls/{call_id}/candidates").json()
    candidate = next(r for r in ranked if r["use_case"] == "process-optimization")
    page = partner.get(f"/calls/{call_id}/candidates/{candidate['candidate_id']}")
    assert page.status_code == 200
    missing = page.text[page.text.index('id="missing"') :]
    assert "빠진 역할 공급기업" in missing


def test_api_board_and_anonymous_refusal(world, partner) -> None:
    board = partner.get("/api/v1/calls").json()
    assert board["open"] == [] or all(c["d_day"] is None or c["d_day"] >= 0 for c in board["open"])
    assert any(c["apply_deadline"] == "2026-04-20" for c in board["closed"])
    assert all(c["d_day"] < 0 for c in board["closed"])
    assert world.client().get("/api/v1/calls").status_code == 401
    assert world.client().get("/calls", follow_redirects=False).status_code == 303


def test_briefing_pack_has_the_calls_page(world, partner) -> None:
    html = partner.get("/council/briefing.html")
    assert html.status_code == 200
    section = html.text[html.text.index('<section id="calls">') :]
    section = section[: section.index("</section>")]
    assert "8. 공고 마감 현황" in section
    # no call is open on the council's date: the most recently closed, with D+ and fits
    assert "지금 접수 중인 공고는 없습니다" in section
    assert "2026년도 제조AI특화 스마트공장 구축지원사업" in section
    assert "마감 (D+" in section
    assert "도입기업, 공급기업" in section
    assert " — " in section  # "company — candidate title"
    pdf = partner.get("/council/briefing.pdf")
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "공고 마감 현황" in text
