"""Matching wired to the registry: reasons on the need page, API, consortia, partner inbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory
from axpartners.db.tables import Need
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration


def _need_id(world, external_id: str) -> int:
    with make_session_factory(world.engine)() as session:
        return session.scalars(select(Need.id).where(Need.external_id == external_id)).one()


def test_need_page_and_api_rank_partners_with_reasons(world):
    staff = world.login("staff")
    need_id = _need_id(world, "demo-n02")  # press breakdowns: vibration and current data
    page = staff.get(f"/needs/{need_id}").text
    assert "추천 파트너" in page
    assert "예지보전" in page
    matches = staff.get(f"/api/v1/needs/{need_id}/matches", params={"top": 5}).json()
    assert matches[0]["partner_id"] == "donga"
    assert [m["rank"] for m in matches] == list(range(1, len(matches) + 1))
    assert all(matches[i]["score"] >= matches[i + 1]["score"] for i in range(len(matches) - 1))
    top = matches[0]
    assert set(top["components"]) >= {"lexical", "capability", "industry"}
    assert any("예지보전" in r for r in top["reasons"])
    # The demo's "(예시)" marker is not evidence: it must never surface as a keyword.
    assert not any("예시" in r for m in matches for r in m["reasons"])
    assert world.client().get(f"/api/v1/needs/{need_id}/matches").status_code == 401


def test_consortium_covers_required_capabilities_with_the_kind_mix(world):
    staff = world.login("staff")
    body = {
        "required": ["vision-inspection", "robotics-physical-ai", "data-infrastructure"],
        "max_members": 3,
        "min_company": 1,
        "min_academic": 1,
    }
    result = staff.post("/api/v1/consortia", json=body).json()
    assert result["status"] in {"optimal", "feasible"}
    assert result["teams"]
    best = result["teams"][0]
    assert set(best["covered"]) == set(body["required"])
    assert not best["missing"]
    kinds = [m["kind"] for m in best["members"]]
    assert "company" in kinds
    assert {"university", "research"} & set(kinds)
    assert len(best["members"]) <= 3


def test_consortium_explains_infeasible_and_conflicting_rules(world):
    staff = world.login("staff")
    conflict = staff.post(
        "/api/v1/consortia",
        json={"required": ["energy-carbon"], "max_members": 1, "min_company": 1, "min_academic": 1},
    )
    assert conflict.status_code == 422
    assert "충돌" in conflict.json()["error"]["message"]
    need_id = _need_id(world, "demo-n06")
    token = csrf_of(staff, f"/needs/{need_id}/consortium")
    page = staff.post(
        f"/needs/{need_id}/consortium",
        data={
            "csrf_token": token,
            "required": ["energy-carbon", "generative-design"],
            "max_members": "2",
            "min_company": "2",
            "min_academic": "0",
        },
    )
    assert page.status_code == 200
    assert "조건을 만족하는 팀이 없습니다" in page.text


def test_partner_inbox_is_for_its_own_staff(world):
    partner = world.login("partner_tu")
    inbox = partner.get("/partners/tu/inbox")
    assert inbox.status_code == 200
    assert "용접" in inbox.text
    assert partner.get("/partners/pnu/inbox").status_code == 403
