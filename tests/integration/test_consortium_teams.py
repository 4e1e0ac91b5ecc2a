"""Consortium builder: only supported labels pre-ticked, roles/reasons/scores, save a team (issue 16)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import AuditEntry, CandidateTeam, Need, ProjectCandidate
from axpartners.errors import InputError, NotFound, PermissionDenied
from axpartners.services import planning, teams
from axpartners.services.actors import SYSTEM, Actor
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

PARTNER = Actor(username="partner_tu", role="partner", organisation_id="tu")


@pytest.fixture(scope="module")
def with_candidates(world):
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        planning.regenerate_candidates(session, actor=SYSTEM)
    return world


def _need(world, external_id: str) -> Need:
    with make_session_factory(world.engine)() as session:
        need = session.scalar(select(Need).where(Need.external_id == external_id))
        assert need is not None
        session.expunge(need)
        return need


def _checked(html: str) -> list[str]:
    return re.findall(r'name="required" value="([^"]+)" checked', html)


def test_second_label_without_support_is_not_ticked(with_candidates):
    world = with_candidates
    factory = make_session_factory(world.engine)
    need = _need(world, "demo-n01")
    with transaction(factory) as session:
        row = session.get(Need, need.id)
        row.label_2, row.label_2_score, row.label_confirmed = "robotics-physical-ai", 0.0, False
    staff = world.login("staff")
    html = staff.get(f"/needs/{need.id}/consortium").text
    assert _checked(html) == [need.label]
    with transaction(factory) as session:
        session.get(Need, need.id).label_2_score = 0.4
    assert _checked(staff.get(f"/needs/{need.id}/consortium").text) == [
        need.label,
        "robotics-physical-ai",
    ]
    with transaction(factory) as session:
        row = session.get(Need, need.id)
        row.label_2, row.label_2_score = need.label_2, need.label_2_score


def _build(client, need_id: int, required: list[str]) -> str:
    token = csrf_of(client, f"/needs/{need_id}/consortium")
    page = client.post(
        f"/needs/{need_id}/consortium",
        data={
            "csrf_token": token,
            "required": required,
            "max_members": "3",
            "min_company": "1",
            "min_academic": "1",
        },
    )
    assert page.status_code == 200, page.text
    return page.text


def test_teams_show_role_score_reason_and_what_optimal_means(with_candidates):
    world = with_candidates
    need = _need(world, "demo-n01")
    html = _build(world.login("staff"), need.id, [need.label])
    team = html[html.index('<article class="card team">') :].split("</article>")[0]
    assert "주관 기관" in team or "참여 기관" in team
    scores = re.findall(r'<td class="score">(\d\.\d\d)</td>', team)
    assert scores
    assert max(float(s) for s in scores) > 0
    assert "추천 이유" in team
    if "최적해 증명" in team:
        assert "모든 팀을 계산으로 비교" in team  # the plain-words explanation next to it
    assert 'action="/needs/' in team
    assert "/consortium/save" in team


def test_saving_a_team_links_it_to_the_candidate_and_audits(with_candidates):
    world = with_candidates
    need = _need(world, "demo-n01")
    staff = world.login("staff")
    html = _build(staff, need.id, [need.label])
    form = html[html.index('class="inline team-save"') :].split("</form>")[0]
    members = re.findall(r'name="member" value="([^"]+)"', form)
    candidate_id = int(re.search(r'<option value="(\d+)">', form).group(1))
    assert members
    token = csrf_of(staff, f"/needs/{need.id}/consortium")
    saved = staff.post(
        f"/needs/{need.id}/consortium/save",
        data={
            "csrf_token": token,
            "candidate_id": str(candidate_id),
            "required": [need.label],
            "member": members,
            "optimal": "1",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].startswith(f"/planning/candidates/{candidate_id}?team=")
    page = staff.get(saved.headers["location"]).text
    section = page[page.index('id="teams"') :].split("<h2>")[0]
    first_id = members[0].split("|")[0]
    assert f'href="/partners/{first_id}"' in section
    assert "팀을 저장했습니다" in page
    with make_session_factory(world.engine)() as session:
        team = session.scalars(
            select(CandidateTeam).where(CandidateTeam.candidate_id == candidate_id)
        ).all()[-1]
        assert [m["partner_id"] for m in team.members] == [m.split("|")[0] for m in members]
        assert team.need_id == need.id
        assert team.created_by == "staff"
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "candidate_team", AuditEntry.entity_id == str(team.id)
            )
        )
        assert entry is not None
        assert entry.actor == "staff"


def test_save_refuses_bad_input_and_partners(with_candidates):
    world = with_candidates
    factory = make_session_factory(world.engine)
    member = teams.TeamMemberIn.parse("btp|lead|vision-inspection|0.9")
    with make_session_factory(world.engine)() as session:
        candidate_id = session.scalar(select(ProjectCandidate.id))
    with pytest.raises(InputError):
        teams.TeamMemberIn.parse("btp|boss||0.9")
    with transaction(factory) as session:
        with pytest.raises(PermissionDenied):
            teams.save_team(
                session,
                actor=PARTNER,
                candidate_id=candidate_id,
                need_id=None,
                required=["vision-inspection"],
                members=[member],
                is_optimal=False,
            )
        with pytest.raises(NotFound):
            teams.save_team(
                session,
                actor=SYSTEM,
                candidate_id=candidate_id,
                need_id=None,
                required=["vision-inspection"],
                members=[teams.TeamMemberIn("no-such-org", "member", (), 0.1)],
                is_optimal=False,
            )
        with pytest.raises(InputError):
            teams.save_team(
                session,
                actor=SYSTEM,
                candidate_id=candidate_id,
                need_id=None,
                required=["not-a-capability"],
                members=[member],
                is_optimal=False,
            )
    with make_session_factory(world.engine)() as session:
        stored = session.scalars(
            select(CandidateTeam).where(CandidateTeam.created_by == SYSTEM.username)
        ).all()
        assert stored == []  # nothing half-written
